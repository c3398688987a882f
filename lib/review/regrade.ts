/**
 * Regrade requests: a student asks staff to look again at one part of their own submission, with a
 * reason (one open request per part at a time); staff accept it with a new score (written like an
 * override, the response as its comment) or decline it with an answer. Both sides see the thread.
 * A declined request is asked again only with a new reason: the same words (trimmed, any case) are
 * refused, since staff have already answered them.
 */
import { authorize, type Actor } from "@/lib/authz";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { regradeRequestInputSchema, regradeResponseInputSchema } from "@/lib/validations/review";
import { invalid, partPoints, toFraction, writePartScore, type ReviewResult, type ScoreChange } from "./override";

class Refused extends Error {
  constructor(
    readonly code: string,
    readonly field?: string,
  ) {
    super(code);
  }
}

/** Two reasons are the same when they differ only in surrounding spaces and letter case. */
export function sameReason(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

export async function requestRegrade(db: Db, actor: Actor, raw: unknown): Promise<ReviewResult<{ requestId: string }>> {
  const parsed = regradeRequestInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const decision = await authorize(db, actor, "regrade.request", { submissionId: input.submissionId });
  // Only the student who made the submission asks, once the assignment has opened; site admins do not speak in their name (lib/authz.ts).
  if (!decision.allowed) return { ok: false, error: decision.reason };
  if ((await partPoints(db, input.submissionId, input.partId)) === null) return { ok: false, error: "unknown-part", field: "partId" };
  try {
    const requestId = await db.$transaction(async (tx) => {
      const open = await tx.regradeRequest.count({ where: { submissionId: input.submissionId, partId: input.partId, status: "OPEN" } });
      if (open > 0) throw new Refused("request-open");
      const declined = await tx.regradeRequest.findMany({
        where: { submissionId: input.submissionId, partId: input.partId, status: "DECLINED" },
        select: { reason: true },
      });
      if (declined.some((d) => sameReason(d.reason, input.reason))) throw new Refused("reason-repeated", "reason");
      const created = await tx.regradeRequest.create({
        data: { submissionId: input.submissionId, partId: input.partId, studentId: actor.id, reason: input.reason },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "regrade.request",
        entityType: "submission",
        entityId: input.submissionId,
        courseId: decision.courseId,
        after: { requestId: created.id, partId: input.partId, reason: input.reason },
      });
      return created.id;
    });
    return { ok: true, requestId };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.code, ...(e.field ? { field: e.field } : {}) };
    throw e;
  }
}

export async function respondRegrade(
  db: Db,
  actor: Actor,
  raw: unknown,
): Promise<ReviewResult<{ status: "ACCEPTED" | "DECLINED"; change: ScoreChange | null }>> {
  const parsed = regradeResponseInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues);
  const input = parsed.data;
  const request = await db.regradeRequest.findUnique({ where: { id: input.requestId }, select: { id: true, submissionId: true, partId: true, status: true } });
  if (!request) return { ok: false, error: "not-found" };
  const decision = await authorize(db, actor, "regrade.respond", { submissionId: request.submissionId });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  if (request.status !== "OPEN") return { ok: false, error: "request-closed" };
  let fraction: number | null = null;
  if (input.decision === "accept") {
    const points = await partPoints(db, request.submissionId, request.partId);
    if (points === null) return { ok: false, error: "unknown-part" };
    fraction = toFraction(input, points);
    if (fraction === null) return { ok: false, error: "score-out-of-range", field: "score" };
  }
  const status = input.decision === "accept" ? ("ACCEPTED" as const) : ("DECLINED" as const);
  try {
    const change = await db.$transaction(async (tx) => {
      // Answered once: a second responder (another tab, another TA) finds it closed and changes nothing.
      const claimed = await tx.regradeRequest.updateMany({
        where: { id: request.id, status: "OPEN" },
        data: { status, response: input.response, responderId: actor.id, newScore: fraction, resolvedAt: new Date() },
      });
      if (claimed.count !== 1) throw new Refused("request-closed");
      const c =
        fraction === null
          ? null
          : await writePartScore(tx, { submissionId: request.submissionId, partId: request.partId, fraction, comment: input.response, byId: actor.id });
      await recordAudit(tx, {
        actorId: actor.id,
        action: status === "ACCEPTED" ? "regrade.accept" : "regrade.decline",
        entityType: "submission",
        entityId: request.submissionId,
        courseId: decision.courseId,
        before: { requestId: request.id, partId: request.partId, status: "OPEN", ...(c ? { partScore: c.partBefore, score: c.scoreBefore } : {}) },
        after: {
          requestId: request.id,
          partId: request.partId,
          status,
          response: input.response,
          ...(c ? { partScore: c.partAfter, score: c.scoreAfter } : {}),
        },
      });
      return c;
    });
    return { ok: true, status, change };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.code };
    throw e;
  }
}

export type RegradeThread = {
  id: string;
  partId: string;
  status: "OPEN" | "ACCEPTED" | "DECLINED";
  reason: string;
  response: string | null;
  newScore: number | null;
  createdAt: Date;
  resolvedAt: Date | null;
  student: string;
  responder: string | null;
};

/** A submission's regrade requests, oldest first. */
export async function regradeThreads(db: Db, submissionId: string): Promise<RegradeThread[]> {
  const rows = await db.regradeRequest.findMany({
    where: { submissionId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      partId: true,
      status: true,
      reason: true,
      response: true,
      newScore: true,
      createdAt: true,
      resolvedAt: true,
      student: { select: { name: true } },
      responder: { select: { name: true } },
    },
  });
  return rows.map(({ student, responder, ...r }) => ({ ...r, student: student.name, responder: responder?.name ?? null }));
}
