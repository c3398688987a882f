/**
 * Bulk regrading, and moving an assignment to another version of a problem. Each problem of an
 * assignment is pinned to one version; every submission not graded against the version the
 * assignment will use (the pinned one, or the one staff move it to) is graded again against that
 * version, with the same stored seed and answers. `planBulkRegrade` only reads (the preview: what
 * changes for each student); `applyBulkRegrade` recomputes the same plan and writes it in one
 * transaction: the moved pins (an `assignment.version` audit entry each) and the regraded
 * submissions (a `submission.regrade` entry each). Overridden parts keep their override unless staff
 * choose to replace overrides (which removes them, recorded in the audit). Regrading against the
 * pinned version is for the assignment's staff; moving a pin is for its instructors.
 */
import { authorize, type Actor } from "@/lib/authz";
import { recordAudit } from "@/lib/audit";
import { compiledVersion } from "@/lib/assignments/workspace";
import type { Db } from "@/lib/db/client";
import { enqueueForSubmission } from "@/lib/assignments/lms-scores";
import { drainSoon } from "@/lib/lti/grade-passback";
import type { Prisma } from "@/lib/generated/prisma/client";
import { gradeSubmission, type PartResult } from "@/lib/problems/grade";
import { generateVariant, type Variant } from "@/lib/problems/variant";
import { bulkRegradeInputSchema } from "@/lib/validations/review";
import { versionTitle } from "./class-work";
import { invalid, type ReviewResult } from "./override";
import { latestOverrides, partScores, resultParts, submissionScore, type OverrideRow } from "./scoring";

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

type VersionRef = { id: string; version: number };

export type PlannedProblem = {
  id: string;
  /** The title of the version the plan grades against. */
  title: string;
  /** The version the assignment is pinned to now. */
  pinned: VersionRef;
  /** The version submissions are graded against: the pinned one, or the one the assignment moves to. */
  target: VersionRef;
  /** Every version of the problem, oldest first (what it could move to). */
  versions: VersionRef[];
  stale: number;
  changed: number;
  failed: number;
};

export type RegradePlan = {
  problems: PlannedProblem[];
  items: RegradeItem[];
  failures: { submissionId: string; student: string; problemId: string; message: string }[];
  /** "problemId:pinnedVersionId:targetVersionId,…": what this plan was computed against. */
  versions: string;
  /** Problems whose pinned version changes. */
  moves: number;
  replaceOverrides: boolean;
};

type Computed = RegradeItem & { results: PartResult[]; autoScore: number; overrides: OverrideRow[] };

/** Versions to move to, by problem: a version number (from the page) or a version id (from a confirmed plan). */
export type Moves = ReadonlyMap<string, number | string>;

async function compute(
  db: Db,
  assignmentId: string,
  moves: Moves,
  replaceOverrides: boolean,
  locale: string,
): Promise<{ plan: RegradePlan; computed: Computed[] } | { error: "not-found" | "bad-move" }> {
  const a = await db.assignment.findUnique({
    where: { id: assignmentId },
    select: {
      problems: {
        orderBy: { position: "asc" },
        select: {
          problemVersion: { select: { id: true, version: true } },
          problem: { select: { id: true, versions: { orderBy: { version: "asc" }, select: { id: true, version: true, title: true } } } },
        },
      },
    },
  });
  if (!a) return { error: "not-found" };
  if ([...moves.keys()].some((id) => !a.problems.some((p) => p.problem.id === id))) return { error: "bad-move" };
  const plan: RegradePlan = { problems: [], items: [], failures: [], versions: "", moves: 0, replaceOverrides };
  const computed: Computed[] = [];
  const token: string[] = [];
  for (const { problem, problemVersion: pinned } of a.problems) {
    const wanted = moves.get(problem.id);
    const target = wanted === undefined ? pinned : problem.versions.find((v) => (typeof wanted === "number" ? v.version === wanted : v.id === wanted));
    if (!target) return { error: "bad-move" };
    if (target.id !== pinned.id) plan.moves += 1;
    token.push(`${problem.id}:${pinned.id}:${target.id}`);
    const targetVersion = await db.problemVersion.findUniqueOrThrow({
      where: { id: target.id },
      select: { id: true, version: true, title: true, content: true },
    });
    const stale = await db.submission.findMany({
      where: { assignmentId, problemId: problem.id, NOT: { problemVersionId: target.id } },
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
        rubric: { select: { item: { select: { partId: true, points: true } } } },
      },
    });
    const entry: PlannedProblem = {
      id: problem.id,
      title: versionTitle(targetVersion, locale),
      pinned: { id: pinned.id, version: pinned.version },
      target: { id: target.id, version: target.version },
      versions: problem.versions.map((v) => ({ id: v.id, version: v.version })),
      stale: stale.length,
      changed: 0,
      failed: 0,
    };
    plan.problems.push(entry);
    if (stale.length === 0) continue;
    const compiled = compiledVersion(targetVersion);
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
      // Rubric items belong to the part, not to a version: they stay applied across a regrade.
      const rubric = s.rubric.map((r) => r.item);
      const scoredOld = new Map(partScores(oldParts, s.overrides, rubric).map((p) => [p.id, p.score]));
      const scoredNew = new Map(partScores(newParts, kept, rubric).map((p) => [p.id, p.score]));
      const ids = [...new Set([...oldParts.map((p) => p.id), ...newParts.map((p) => p.id)])];
      const parts: PartChange[] = [];
      for (const id of ids) {
        const autoBefore = oldParts.find((p) => p.id === id)?.score ?? null;
        const autoAfter = newParts.find((p) => p.id === id)?.score ?? null;
        const before = autoBefore === null ? (latestOld.get(id)?.score ?? 0) : scoredOld.get(id)!;
        const after = autoAfter === null ? 0 : scoredNew.get(id)!;
        if (Math.abs(before - after) > SAME || (autoBefore === null) !== (autoAfter === null)) {
          parts.push({ partId: id, before, after, autoBefore, autoAfter, overridden: latestOld.has(id) });
        }
      }
      const scoreAfter = submissionScore(newParts, kept, rubric, s.latePenalty);
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
  plan.versions = token.join(",");
  return { plan, computed };
}

/**
 * What a bulk regrade would do, against the pinned versions or (with `moves`, version numbers by
 * problem) against the versions the assignment would move to. Reads only. Null when the assignment
 * does not exist or a move names a problem or version it does not have.
 */
export async function planBulkRegrade(
  db: Db,
  args: { assignmentId: string; replaceOverrides: boolean; locale?: string; moves?: ReadonlyMap<string, number> },
): Promise<RegradePlan | null> {
  const done = await compute(db, args.assignmentId, args.moves ?? new Map(), args.replaceOverrides, args.locale ?? "en");
  return "plan" in done ? done.plan : null;
}

class StalePreview extends Error {}

/**
 * Applies the plan the preview showed, refusing when anything it was computed against changed
 * (another pin, or a version gone) or when a submission arrived that the preview did not grade.
 * Submissions that changed version in the meantime are left alone.
 */
export async function applyBulkRegrade(db: Db, actor: Actor, raw: unknown): Promise<ReviewResult<{ applied: number; changed: number; moved: number }>> {
  const parsed = bulkRegradeInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const review = await authorize(db, actor, "assignment.review", { assignmentId: input.assignmentId });
  if (!review.allowed) return { ok: false, error: review.reason };
  const targets = new Map(
    input.versions
      .split(",")
      .filter(Boolean)
      .map((e) => e.split(":") as [string, string, string])
      .map(([problemId, , target]) => [problemId, target] as const),
  );
  const done = await compute(db, input.assignmentId, targets, input.replaceOverrides, "en");
  if ("error" in done) return done.error === "not-found" ? { ok: false, error: "not-found" } : { ok: false, error: "stale-preview" };
  if (done.plan.versions !== input.versions) return { ok: false, error: "stale-preview" };
  const moved = done.plan.problems.filter((p) => p.target.id !== p.pinned.id);
  if (moved.length > 0) {
    const decision = await authorize(db, actor, "assignment.version", { assignmentId: input.assignmentId });
    if (!decision.allowed) return { ok: false, error: decision.reason };
  }
  const targetOf = new Map(done.plan.problems.map((p) => [p.id, p.target]));
  try {
    const counts = await db.$transaction(
      async (tx) => {
        for (const p of moved) {
          const pin = await tx.assignmentProblem.updateMany({
            where: { assignmentId: input.assignmentId, problemId: p.id, problemVersionId: p.pinned.id },
            data: { problemVersionId: p.target.id },
          });
          if (pin.count !== 1) throw new StalePreview();
          await recordAudit(tx, {
            actorId: actor.id,
            action: "assignment.version",
            entityType: "Assignment",
            entityId: input.assignmentId,
            courseId: review.courseId,
            before: { problemId: p.id, version: p.pinned.version, versionId: p.pinned.id },
            after: { problemId: p.id, version: p.target.version, versionId: p.target.id, regraded: p.stale - p.failed, changed: p.changed },
          });
          // Work that arrived after the preview, on the old pin, would be left behind unseen.
          const previewed = new Set([
            ...done.computed.filter((c) => c.problemId === p.id).map((c) => c.submissionId),
            ...done.plan.failures.map((f) => f.submissionId),
          ]);
          const since = await tx.submission.count({
            where: { assignmentId: input.assignmentId, problemId: p.id, NOT: { problemVersionId: p.target.id }, id: { notIn: [...previewed] } },
          });
          if (since > 0) throw new StalePreview();
        }
        let applied = 0;
        let changed = 0;
        for (const c of done.computed) {
          const to = targetOf.get(c.problemId)!;
          const updated = await tx.submission.updateMany({
            where: { id: c.submissionId, problemVersionId: c.fromVersion.id },
            data: {
              problemVersionId: to.id,
              results: JSON.parse(JSON.stringify(c.results)) as Prisma.InputJsonValue,
              autoScore: c.autoScore,
              score: c.scoreAfter,
            },
          });
          if (updated.count !== 1) continue;
          await enqueueForSubmission(tx, c.submissionId);
          if (input.replaceOverrides && c.overrides.length > 0) await tx.scoreOverride.deleteMany({ where: { submissionId: c.submissionId } });
          applied += 1;
          if (c.changed) changed += 1;
          await recordAudit(tx, {
            actorId: actor.id,
            action: "submission.regrade",
            entityType: "submission",
            entityId: c.submissionId,
            courseId: review.courseId,
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
        return { applied, changed, moved: moved.length };
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    drainSoon(db);
    return { ok: true, ...counts };
  } catch (e) {
    if (e instanceof StalePreview) return { ok: false, error: "stale-preview" };
    throw e;
  }
}
