/**
 * Saved comments (a rubric) per part, as Gradescope's TAs use them: staff define a comment with a
 * points delta once for one part of one problem of an assignment, then apply it to submissions with a
 * click. An application holds no points: scoring.ts reads the item's points whenever a score is
 * computed (rules.ts partScore: the grader's part score plus the applied items' points, kept within
 * 0..points; a part override wins over both). So editing an item's points changes every submission it
 * is applied to; Submission.score, which the gradebook and the counted attempts read, is recomputed for
 * each of them in the edit's own transaction, with one audit entry saying old → new and how many
 * submissions it changed. Every write asks lib/authz.ts and writes an audit entry with the course
 * (snapshot.ts's stamp relies on that to drop what it keeps).
 */
import { authorize, type Actor } from "@/lib/authz";
import { recordAudit, type DbOrTx } from "@/lib/audit";
import { compiledVersion } from "@/lib/assignments/workspace";
import type { Db } from "@/lib/db/client";
import { enqueueForSubmission } from "@/lib/assignments/lms-scores";
import { isUniqueViolation } from "@/lib/courses/access";
import { rubricApplySchema, rubricCreateSchema, rubricDeleteSchema, rubricMoveSchema, rubricUpdateSchema } from "@/lib/validations/rubric";
import { invalid, type ReviewResult } from "./override";
import { resultParts, submissionScore } from "./scoring";

export type RubricItemView = { id: string; partId: string; text: string; points: number; position: number; applied: boolean; uses: number };

/** The points of one part of a problem as the assignment uses it now (its pinned version); null when it has no such part. */
async function partPointsOf(db: DbOrTx, assignmentId: string, problemId: string, partId: string): Promise<number | null> {
  const link = await db.assignmentProblem.findUnique({
    where: { assignmentId_problemId: { assignmentId, problemId } },
    select: { problemVersion: { select: { id: true, content: true } } },
  });
  if (!link) return null;
  return compiledVersion(link.problemVersion).file.parts.find((p) => p.id === partId)?.points ?? null;
}

/** A delta fits a part when it moves the part's score by at most all of its points, either way. */
function fits(points: number, partPoints: number): boolean {
  return Number.isFinite(points) && Math.abs(points) <= partPoints + 1e-9;
}

/** Recomputes one submission's stored score from its results, overrides and applied rubric items as they are now. */
export async function rescore(tx: DbOrTx, submissionId: string): Promise<{ before: number; after: number }> {
  const s = await tx.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      results: true,
      latePenalty: true,
      score: true,
      overrides: { select: { partId: true, score: true, createdAt: true } },
      rubric: { select: { item: { select: { partId: true, points: true } } } },
    },
  });
  const after = submissionScore(
    resultParts(s.results),
    s.overrides,
    s.rubric.map((r) => r.item),
    s.latePenalty,
  );
  if (Math.abs(after - s.score) > 1e-12) {
    await tx.submission.update({ where: { id: submissionId }, data: { score: after } });
    await enqueueForSubmission(tx, submissionId);
  }
  return { before: s.score, after };
}

const ITEM_SELECT = { id: true, assignmentId: true, problemId: true, partId: true, text: true, points: true, position: true } as const;

/** The item and the course it belongs to, when the actor may manage the rubric of its assignment. */
async function itemFor(db: Db, actor: Actor, itemId: string) {
  const item = await db.rubricItem.findUnique({ where: { id: itemId }, select: ITEM_SELECT });
  if (!item) return { ok: false as const, error: "item-unknown", field: "itemId" };
  const decision = await authorize(db, actor, "rubric.manage", { assignmentId: item.assignmentId });
  if (!decision.allowed) return { ok: false as const, error: decision.reason };
  return { ok: true as const, item, courseId: decision.courseId };
}

/** Defines a new item for a part of the problem of the given submission, last in the part's list. */
export async function createRubricItem(db: Db, actor: Actor, raw: unknown): Promise<ReviewResult<{ itemId: string }>> {
  const parsed = rubricCreateSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const s = await db.submission.findUnique({ where: { id: input.submissionId }, select: { assignmentId: true, problemId: true } });
  if (!s) return { ok: false, error: "not-found" };
  const decision = await authorize(db, actor, "rubric.manage", { assignmentId: s.assignmentId });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const partPoints = await partPointsOf(db, s.assignmentId, s.problemId, input.partId);
  if (partPoints === null) return { ok: false, error: "unknown-part", field: "partId" };
  if (!fits(input.points, partPoints)) return { ok: false, error: "points-out-of-range", field: "points" };
  const itemId = await db.$transaction(async (tx) => {
    const last = await tx.rubricItem.findFirst({
      where: { assignmentId: s.assignmentId, problemId: s.problemId, partId: input.partId },
      orderBy: { position: "desc" },
      select: { position: true },
    });
    const item = await tx.rubricItem.create({
      data: {
        assignmentId: s.assignmentId,
        problemId: s.problemId,
        partId: input.partId,
        text: input.text,
        points: input.points,
        position: (last?.position ?? -1) + 1,
        byId: actor.id,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "rubric.create",
      entityType: "rubricItem",
      entityId: item.id,
      courseId: decision.courseId,
      after: { assignmentId: s.assignmentId, problemId: s.problemId, partId: input.partId, text: input.text, points: input.points },
    });
    return item.id;
  });
  return { ok: true, itemId };
}

/**
 * Changes an item's text and points. Every submission it is applied to gets its score recomputed in
 * the same transaction; the audit entry says old → new and how many submissions that touched.
 */
export async function updateRubricItem(db: Db, actor: Actor, raw: unknown): Promise<ReviewResult<{ submissions: number }>> {
  const parsed = rubricUpdateSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const found = await itemFor(db, actor, input.itemId);
  if (!found.ok) return found;
  const { item, courseId } = found;
  const partPoints = await partPointsOf(db, item.assignmentId, item.problemId, item.partId);
  if (partPoints === null) return { ok: false, error: "unknown-part", field: "partId" };
  if (!fits(input.points, partPoints)) return { ok: false, error: "points-out-of-range", field: "points" };
  const submissions = await db.$transaction(async (tx) => {
    await tx.rubricItem.update({ where: { id: item.id }, data: { text: input.text, points: input.points } });
    const applied = await tx.rubricApplication.findMany({ where: { rubricItemId: item.id }, select: { submissionId: true } });
    for (const a of applied) await rescore(tx, a.submissionId);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "rubric.edit",
      entityType: "rubricItem",
      entityId: item.id,
      courseId,
      before: { text: item.text, points: item.points },
      after: { text: input.text, points: input.points, submissions: applied.length },
    });
    return applied.length;
  });
  return { ok: true, submissions };
}

/** Deletes an item; one applied to any submission needs `confirm: "yes"` (the page asks first). Scores are recomputed. */
export async function deleteRubricItem(db: Db, actor: Actor, raw: unknown): Promise<ReviewResult<{ submissions: number }>> {
  const parsed = rubricDeleteSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const found = await itemFor(db, actor, input.itemId);
  if (!found.ok) return found;
  const { item, courseId } = found;
  const applied = await db.rubricApplication.findMany({ where: { rubricItemId: item.id }, select: { submissionId: true } });
  if (applied.length > 0 && input.confirm !== "yes") return { ok: false, error: "confirm-required", field: "confirm" };
  await db.$transaction(async (tx) => {
    const ids = (await tx.rubricApplication.findMany({ where: { rubricItemId: item.id }, select: { submissionId: true } })).map((a) => a.submissionId);
    await tx.rubricItem.delete({ where: { id: item.id } });
    for (const id of ids) await rescore(tx, id);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "rubric.delete",
      entityType: "rubricItem",
      entityId: item.id,
      courseId,
      before: { partId: item.partId, text: item.text, points: item.points, submissions: ids.length },
    });
  });
  return { ok: true, submissions: applied.length };
}

/** Moves an item one place up or down in its part's list (it trades places with its neighbour). */
export async function moveRubricItem(db: Db, actor: Actor, raw: unknown): Promise<ReviewResult> {
  const parsed = rubricMoveSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const found = await itemFor(db, actor, input.itemId);
  if (!found.ok) return found;
  const { item, courseId } = found;
  const up = input.direction === "up";
  const neighbour = await db.rubricItem.findFirst({
    where: { assignmentId: item.assignmentId, problemId: item.problemId, partId: item.partId, position: up ? { lt: item.position } : { gt: item.position } },
    orderBy: { position: up ? "desc" : "asc" },
    select: { id: true, position: true },
  });
  if (!neighbour) return { ok: true };
  await db.$transaction(async (tx) => {
    await tx.rubricItem.update({ where: { id: item.id }, data: { position: neighbour.position } });
    await tx.rubricItem.update({ where: { id: neighbour.id }, data: { position: item.position } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "rubric.reorder",
      entityType: "rubricItem",
      entityId: item.id,
      courseId,
      before: { position: item.position },
      after: { position: neighbour.position },
    });
  });
  return { ok: true };
}

/**
 * Applies an item to a submission or takes it off (`applied` says which: sending the same request
 * twice changes nothing the second time; the unique pair keeps two racing clicks to one row). The
 * submission's score is recomputed and the change audited on the submission.
 */
export async function applyRubricItem(db: Db, actor: Actor, raw: unknown): Promise<ReviewResult<{ changed: boolean; score: number }>> {
  const parsed = rubricApplySchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const decision = await authorize(db, actor, "rubric.apply", { submissionId: input.submissionId });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const [s, item] = await Promise.all([
    db.submission.findUniqueOrThrow({ where: { id: input.submissionId }, select: { assignmentId: true, problemId: true } }),
    db.rubricItem.findUnique({ where: { id: input.itemId }, select: ITEM_SELECT }),
  ]);
  if (!item || item.assignmentId !== s.assignmentId || item.problemId !== s.problemId) return { ok: false, error: "item-unknown", field: "itemId" };
  const apply = input.applied === "true";
  const key = { rubricItemId_submissionId: { rubricItemId: item.id, submissionId: input.submissionId } };
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.rubricApplication.findUnique({ where: key, select: { id: true } });
      if (Boolean(existing) === apply) {
        const now = await tx.submission.findUniqueOrThrow({ where: { id: input.submissionId }, select: { score: true } });
        return { ok: true as const, changed: false, score: now.score };
      }
      if (apply) await tx.rubricApplication.create({ data: { rubricItemId: item.id, submissionId: input.submissionId, byId: actor.id } });
      else await tx.rubricApplication.delete({ where: key });
      const score = await rescore(tx, input.submissionId);
      await recordAudit(tx, {
        actorId: actor.id,
        action: apply ? "submission.rubric-apply" : "submission.rubric-remove",
        entityType: "submission",
        entityId: input.submissionId,
        courseId: decision.courseId,
        before: { score: score.before },
        after: { partId: item.partId, rubric: item.text, points: item.points, score: score.after },
      });
      return { ok: true as const, changed: true, score: score.after };
    });
  } catch (e) {
    // Another click applied it first: the state asked for holds.
    if (apply && isUniqueViolation(e)) {
      const now = await db.submission.findUniqueOrThrow({ where: { id: input.submissionId }, select: { score: true } });
      return { ok: true, changed: false, score: now.score };
    }
    throw e;
  }
}

/**
 * The rubric of a submission's problem, per part in the list's order, each item with whether it is
 * applied to this submission and to how many submissions in all (what an edit would change). For staff:
 * the caller has authorized the viewer.
 */
export async function rubricForSubmission(db: Db, submissionId: string): Promise<Map<string, RubricItemView[]>> {
  const s = await db.submission.findUniqueOrThrow({ where: { id: submissionId }, select: { assignmentId: true, problemId: true } });
  const items = await db.rubricItem.findMany({
    where: { assignmentId: s.assignmentId, problemId: s.problemId },
    orderBy: [{ partId: "asc" }, { position: "asc" }],
    select: { ...ITEM_SELECT, _count: { select: { applications: true } }, applications: { where: { submissionId }, select: { id: true } } },
  });
  const out = new Map<string, RubricItemView[]>();
  for (const i of items) {
    const view: RubricItemView = {
      id: i.id,
      partId: i.partId,
      text: i.text,
      points: i.points,
      position: i.position,
      applied: i.applications.length > 0,
      uses: i._count.applications,
    };
    out.set(i.partId, [...(out.get(i.partId) ?? []), view]);
  }
  return out;
}
