/**
 * Staff changing a part's score: a ScoreOverride with a required comment, Submission.score recomputed
 * (overrides, then the late penalty), and an audit entry with the scores before and after, all in one
 * transaction. Accepting a regrade request goes through the same writer.
 */
import { authorize, type Actor } from "@/lib/authz";
import { recordAudit, type DbOrTx } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { enqueueForSubmission } from "@/lib/assignments/lms-scores";
import { drainSoon } from "@/lib/lti/grade-passback";
import { overrideInputSchema } from "@/lib/validations/review";
import { partScores, resultParts, submissionScore } from "./scoring";

export type ReviewError =
  "forbidden" | "not-found" | "unknown-part" | "score-out-of-range" | "request-open" | "request-closed" | "stale-preview" | (string & {});

export type ReviewResult<T = object> = ({ ok: true } & T) | { ok: false; error: ReviewError; field?: string };

/** A zod failure as the first issue's code and field. */
export function invalid(issues: readonly { path: readonly PropertyKey[]; message: string }[]): { ok: false; error: string; field?: string } {
  const first = issues[0];
  const field = first?.path.map(String).join(".");
  return { ok: false, error: first?.message ?? "bad-input", ...(field ? { field } : {}) };
}

/** Typed score → fraction of the part, or null when it is outside 0..1 (fraction) or 0..points (points). */
export function toFraction(entry: { score: number; unit: "fraction" | "points" }, points: number): number | null {
  const max = entry.unit === "fraction" ? 1 : points;
  if (!Number.isFinite(entry.score) || entry.score < 0 || entry.score > max + 1e-9) return null;
  const fraction = entry.unit === "fraction" ? entry.score : points > 0 ? entry.score / points : 0;
  return Math.min(1, Math.max(0, fraction));
}

export type ScoreChange = { partId: string; partBefore: number; partAfter: number; scoreBefore: number; scoreAfter: number };

/**
 * Inside a transaction: records a new score for one part and recomputes the submission's score. The
 * caller has authorized the actor and checked the part exists.
 */
export async function writePartScore(
  tx: DbOrTx,
  args: { submissionId: string; partId: string; fraction: number; comment: string; byId: string },
): Promise<ScoreChange> {
  const s = await tx.submission.findUniqueOrThrow({ where: { id: args.submissionId }, select: { results: true, latePenalty: true, score: true } });
  const parts = resultParts(s.results);
  const before = await tx.scoreOverride.findMany({ where: { submissionId: args.submissionId }, select: { partId: true, score: true, createdAt: true } });
  const rubric = (
    await tx.rubricApplication.findMany({ where: { submissionId: args.submissionId }, select: { item: { select: { partId: true, points: true } } } })
  ).map((r) => r.item);
  const partBefore = partScores(parts, before, rubric).find((p) => p.id === args.partId)!.score;
  const created = await tx.scoreOverride.create({
    data: { submissionId: args.submissionId, partId: args.partId, score: args.fraction, comment: args.comment, byId: args.byId },
    select: { partId: true, score: true, createdAt: true },
  });
  const scoreAfter = submissionScore(parts, [...before, created], rubric, s.latePenalty);
  await tx.submission.update({ where: { id: args.submissionId }, data: { score: scoreAfter } });
  await enqueueForSubmission(tx, args.submissionId);
  return { partId: args.partId, partBefore, partAfter: args.fraction, scoreBefore: s.score, scoreAfter };
}

/** The part's points in a submission's stored results, or null when it has no such part. */
export async function partPoints(db: DbOrTx, submissionId: string, partId: string): Promise<number | null> {
  const s = await db.submission.findUnique({ where: { id: submissionId }, select: { results: true } });
  if (!s) return null;
  return resultParts(s.results).find((p) => p.id === partId)?.points ?? null;
}

/** Overrides one part's score (fraction or points, with a comment). Nothing changes on any refusal. */
export async function overridePart(db: Db, actor: Actor, raw: unknown): Promise<ReviewResult<{ change: ScoreChange }>> {
  const parsed = overrideInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const decision = await authorize(db, actor, "submission.grade", { submissionId: input.submissionId });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const points = await partPoints(db, input.submissionId, input.partId);
  if (points === null) return { ok: false, error: "unknown-part", field: "partId" };
  const fraction = toFraction(input, points);
  if (fraction === null) return { ok: false, error: "score-out-of-range", field: "score" };
  const change = await db.$transaction(async (tx) => {
    const c = await writePartScore(tx, { submissionId: input.submissionId, partId: input.partId, fraction, comment: input.comment, byId: actor.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "submission.override",
      entityType: "submission",
      entityId: input.submissionId,
      courseId: decision.courseId,
      before: { partId: c.partId, partScore: c.partBefore, score: c.scoreBefore },
      after: { partId: c.partId, partScore: c.partAfter, score: c.scoreAfter, comment: input.comment },
    });
    return c;
  });
  drainSoon(db);
  return { ok: true, change };
}
