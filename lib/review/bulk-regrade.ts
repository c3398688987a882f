/**
 * Bulk regrading after a problem is fixed: every submission graded against an older version of one of
 * the assignment's problems is graded again against the latest version, with the same stored seed
 * and answers. `planBulkRegrade` only reads (the preview); `applyBulkRegrade` recomputes the same plan
 * and writes it in one transaction, with an audit entry per submission. Overridden parts keep their
 * override unless staff choose to replace overrides (which removes them, recorded in the audit).
 */
import { authorize, type Actor } from "@/lib/authz";
import { recordAudit } from "@/lib/audit";
import { compiledVersion } from "@/lib/assignments/workspace";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { gradeSubmission, type PartResult } from "@/lib/problems/grade";
import { generateVariant, type Variant } from "@/lib/problems/variant";
import { bulkRegradeInputSchema } from "@/lib/validations/review";
import { problemTitle } from "./class-work";
import { invalid, type ReviewResult } from "./override";
import { latestOverrides, resultParts, submissionScore, type OverrideRow } from "./scoring";

const SAME = 1e-9;

export type PartChange = { partId: string; before: number; after: number; autoBefore: number | null; autoAfter: number | null; overridden: boolean };

export type RegradeItem = {
  submissionId: string;
  student: { id: string; name: string; email: string };
  problemId: string;
  attempt: number;
  fromVersion: { id: string; version: number };
  scoreBefore: number;
  scoreAfter: number;
  /** Every part whose counting score moves. */
  parts: PartChange[];
  changed: boolean;
};

export type RegradePlan = {
  problems: { id: string; title: string; latest: { id: string; version: number }; stale: number; changed: number; failed: number }[];
  items: RegradeItem[];
  failures: { submissionId: string; student: string; problemId: string; message: string }[];
  /** "problemId:versionId,…": the latest versions this plan was computed against. */
  versions: string;
  replaceOverrides: boolean;
};

type Computed = RegradeItem & { results: PartResult[]; autoScore: number; overrides: OverrideRow[] };

async function compute(db: Db, assignmentId: string, replaceOverrides: boolean, locale: string): Promise<{ plan: RegradePlan; computed: Computed[] } | null> {
  const a = await db.assignment.findUnique({
    where: { id: assignmentId },
    select: {
      problems: {
        orderBy: { position: "asc" },
        select: {
          problem: {
            select: { id: true, title: true, versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true, content: true } } },
          },
        },
      },
    },
  });
  if (!a) return null;
  const plan: RegradePlan = { problems: [], items: [], failures: [], versions: "", replaceOverrides };
  const computed: Computed[] = [];
  const versionIds: string[] = [];
  for (const { problem } of a.problems) {
    const latest = problem.versions[0];
    if (!latest) continue;
    versionIds.push(`${problem.id}:${latest.id}`);
    const stale = await db.submission.findMany({
      where: { assignmentId, problemId: problem.id, NOT: { problemVersionId: latest.id } },
      orderBy: [{ user: { name: "asc" } }, { attempt: "asc" }],
      select: {
        id: true,
        attempt: true,
        variantSeed: true,
        answers: true,
        results: true,
        latePenalty: true,
        score: true,
        user: { select: { id: true, name: true, email: true } },
        problemVersion: { select: { id: true, version: true } },
        overrides: { select: { partId: true, score: true, createdAt: true } },
      },
    });
    const entry = { id: problem.id, title: problemTitle(problem, locale), latest: { id: latest.id, version: latest.version }, stale: stale.length, changed: 0, failed: 0 };
    plan.problems.push(entry);
    if (stale.length === 0) continue;
    const compiled = compiledVersion(latest);
    const variants = new Map<string, Variant>();
    for (const s of stale) {
      let grade;
      try {
        let variant = variants.get(s.variantSeed);
        if (!variant) variants.set(s.variantSeed, (variant = generateVariant(compiled, s.variantSeed)));
        grade = gradeSubmission(compiled, variant, (s.answers ?? {}) as Record<string, unknown>);
      } catch (e) {
        entry.failed += 1;
        plan.failures.push({ submissionId: s.id, student: s.user.name, problemId: problem.id, message: e instanceof Error ? e.message : String(e) });
        continue;
      }
      const oldParts = resultParts(s.results);
      const newParts = resultParts(grade.parts);
      const kept = replaceOverrides ? [] : s.overrides;
      const latestOld = latestOverrides(s.overrides);
      const latestKept = latestOverrides(kept);
      const ids = [...new Set([...oldParts.map((p) => p.id), ...newParts.map((p) => p.id)])];
      const parts: PartChange[] = [];
      for (const id of ids) {
        const autoBefore = oldParts.find((p) => p.id === id)?.score ?? null;
        const autoAfter = newParts.find((p) => p.id === id)?.score ?? null;
        const before = latestOld.get(id)?.score ?? autoBefore ?? 0;
        const after = autoAfter === null ? 0 : (latestKept.get(id)?.score ?? autoAfter);
        if (Math.abs(before - after) > SAME || (autoBefore === null) !== (autoAfter === null)) {
          parts.push({ partId: id, before, after, autoBefore, autoAfter, overridden: latestOld.has(id) });
        }
      }
      const scoreAfter = submissionScore(newParts, kept, s.latePenalty);
      const changed = parts.length > 0 || Math.abs(scoreAfter - s.score) > SAME;
      if (changed) entry.changed += 1;
      const item: RegradeItem = {
        submissionId: s.id,
        student: s.user,
        problemId: problem.id,
        attempt: s.attempt,
        fromVersion: s.problemVersion,
        scoreBefore: s.score,
        scoreAfter,
        parts,
        changed,
      };
      plan.items.push(item);
      computed.push({ ...item, results: grade.parts, autoScore: grade.score, overrides: s.overrides });
    }
  }
  plan.versions = versionIds.join(",");
  return { plan, computed };
}

/** What a bulk regrade would do. Reads only. */
export async function planBulkRegrade(db: Db, args: { assignmentId: string; replaceOverrides: boolean; locale?: string }): Promise<RegradePlan | null> {
  return (await compute(db, args.assignmentId, args.replaceOverrides, args.locale ?? "en"))?.plan ?? null;
}

/**
 * Applies the plan the preview showed, refusing when a newer version appeared since (the preview is
 * stale). Submissions that changed version in the meantime are left alone.
 */
export async function applyBulkRegrade(db: Db, actor: Actor, raw: unknown): Promise<ReviewResult<{ applied: number; changed: number }>> {
  const parsed = bulkRegradeInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const decision = await authorize(db, actor, "assignment.review", { assignmentId: input.assignmentId });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const done = await compute(db, input.assignmentId, input.replaceOverrides, "en");
  if (!done) return { ok: false, error: "not-found" };
  if (done.plan.versions !== input.versions) return { ok: false, error: "stale-preview" };
  const latestOf = new Map(done.plan.problems.map((p) => [p.id, p.latest]));
  const counts = await db.$transaction(
    async (tx) => {
      let applied = 0;
      let changed = 0;
      for (const c of done.computed) {
        const to = latestOf.get(c.problemId)!;
        const moved = await tx.submission.updateMany({
          where: { id: c.submissionId, problemVersionId: c.fromVersion.id },
          data: {
            problemVersionId: to.id,
            results: JSON.parse(JSON.stringify(c.results)) as Prisma.InputJsonValue,
            autoScore: c.autoScore,
            score: c.scoreAfter,
          },
        });
        if (moved.count !== 1) continue;
        if (input.replaceOverrides && c.overrides.length > 0) await tx.scoreOverride.deleteMany({ where: { submissionId: c.submissionId } });
        applied += 1;
        if (c.changed) changed += 1;
        await recordAudit(tx, {
          actorId: actor.id,
          action: "submission.regrade",
          entityType: "submission",
          entityId: c.submissionId,
          courseId: decision.courseId,
          before: { version: c.fromVersion.version, score: c.scoreBefore, parts: Object.fromEntries(c.parts.map((p) => [p.partId, p.before])) },
          after: {
            version: to.version,
            score: c.scoreAfter,
            autoScore: c.autoScore,
            parts: Object.fromEntries(c.parts.map((p) => [p.partId, p.after])),
            ...(input.replaceOverrides && c.overrides.length ? { overridesRemoved: c.overrides.length } : {}),
          },
        });
      }
      return { applied, changed };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { ok: true, ...counts };
}
