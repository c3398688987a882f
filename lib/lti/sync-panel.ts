/**
 * The "LMS grade sync" panel of a course's staff page: how many scores reached the LMS, wait or keep
 * failing (with each failing row's student, assignment, attempts, next try and error), and "Sync now",
 * which makes the course's pending scores due and drains them at once. Staff of the course only
 * (instructors and TAs: "course.teach"), asked of lib/authz.ts; each sync is audited.
 */
import { recordAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz";
import type { Db } from "@/lib/db/client";
import { drainScores } from "./grade-passback";

export type FailingScore = { id: string; student: string; assignment: string; attempts: number; nextAttemptAt: Date; lastError: string };
export type LmsSyncView = {
  delivered: number;
  pending: number;
  failing: number;
  failingRows: FailingScore[];
  /** The platform offers a roster (NRPS) for this course. */
  rosterService: boolean;
};

/** Null when the course is not linked to an LMS context. The caller has checked the reader is staff. */
export async function lmsSyncView(db: Db, courseId: string): Promise<LmsSyncView | null> {
  const contexts = await db.ltiContext.findMany({ where: { courseId }, select: { membershipsUrl: true } });
  if (contexts.length === 0) return null;
  const ofCourse = { resourceLink: { context: { courseId } } };
  const [delivered, pending, failing, rows] = await Promise.all([
    db.ltiScoreOutbox.count({ where: { ...ofCourse, status: "DELIVERED" } }),
    db.ltiScoreOutbox.count({ where: { ...ofCourse, status: { not: "DELIVERED" }, attempts: 0 } }),
    db.ltiScoreOutbox.count({ where: { ...ofCourse, status: { not: "DELIVERED" }, attempts: { gt: 0 } } }),
    db.ltiScoreOutbox.findMany({
      where: { ...ofCourse, status: { not: "DELIVERED" }, attempts: { gt: 0 } },
      orderBy: { nextAttemptAt: "asc" },
      take: 50,
      select: {
        id: true,
        attempts: true,
        nextAttemptAt: true,
        lastError: true,
        user: { select: { name: true } },
        resourceLink: { select: { assignmentId: true, title: true } },
      },
    }),
  ]);
  const titles = new Map(
    (
      await db.assignment.findMany({
        where: { id: { in: rows.map((r) => r.resourceLink.assignmentId).filter((id): id is string => id !== null) } },
        select: { id: true, title: true },
      })
    ).map((a) => [a.id, a.title]),
  );
  return {
    delivered,
    pending,
    failing,
    failingRows: rows.map((r) => ({
      id: r.id,
      student: r.user.name,
      assignment: titles.get(r.resourceLink.assignmentId ?? "") ?? r.resourceLink.title,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt,
      lastError: r.lastError ?? "",
    })),
    rosterService: contexts.some((c) => c.membershipsUrl !== null),
  };
}

export type SyncNowResult = { ok: true; delivered: number; failed: number } | { ok: false; error: "forbidden" | "not-found" };

/** Sends the course's waiting scores now, whatever their backoff says. */
export async function syncGradesNow(db: Db, actor: Actor, courseId: string, now: Date = new Date()): Promise<SyncNowResult> {
  const decision = await authorize(db, actor, "course.teach", { courseId });
  if (!decision.allowed) return { ok: false, error: decision.reason === "not-found" ? "not-found" : "forbidden" };
  await db.ltiScoreOutbox.updateMany({ where: { status: "PENDING", resourceLink: { context: { courseId } } }, data: { nextAttemptAt: now } });
  const result = await drainScores(db, { courseId, now });
  await recordAudit(db, {
    actorId: actor.id,
    action: "lti.grades.sync",
    entityType: "Course",
    entityId: courseId,
    courseId,
    after: { delivered: result.delivered, failed: result.failed },
  });
  return { ok: true, delivered: result.delivered, failed: result.failed };
}
