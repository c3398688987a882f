/**
 * The LMS score outbox's writing side (grade passback, LTI AGS 2.0; sent by lib/lti/grade-passback.ts).
 * Whatever changes a submission's score (a graded submission, a TA override, an accepted regrade
 * request, a rubric change, a bulk regrade) calls enqueueScoreSync in the same transaction: for each
 * LTI resource link of the assignment and each student linked through LTI to that link's platform,
 * one pending LtiScoreOutbox row with the assignment score the gradebook counts. A newer pending row
 * for the same student and link replaces the older; a score equal to the last one queued or sent is
 * not queued again. It lives here, not in lib/lti, because lib/assignments and lib/review call it and
 * it reads the assignment's counted score (progress.ts).
 */
import type { DbOrTx } from "@/lib/audit";
import { pointsEarned, problemProgress } from "./progress";

/**
 * The student's assignment score as the gradebook counts it, in points, with the maximum: each
 * problem's best or latest attempt (the assignment's rule), times its points (lib/assignments/progress.ts,
 * as the student's own pages add it up).
 */
export async function countedAssignmentScore(tx: DbOrTx, userId: string, assignmentId: string) {
  const assignment = await tx.assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    select: { scoreRule: true, maxAttempts: true, problems: { select: { problemId: true, points: true } } },
  });
  const attempts = await tx.submission.findMany({ where: { userId, assignmentId }, select: { problemId: true, attempt: true, score: true } });
  const problems = assignment.problems.map((p) => ({
    points: p.points,
    progress: problemProgress(
      attempts.filter((a) => a.problemId === p.problemId),
      assignment.scoreRule,
      assignment.maxAttempts,
      false,
    ),
  }));
  return {
    given: pointsEarned(problems),
    maximum: assignment.problems.reduce((sum, p) => sum + p.points, 0),
    complete: problems.every((p) => p.progress.attemptsUsed > 0),
  };
}

/**
 * Queues the student's current assignment score for every LTI resource link of the assignment that
 * this student reaches through LTI. Call inside the transaction that changed the score.
 */
export async function enqueueScoreSync(tx: DbOrTx, userId: string, assignmentId: string, now: Date = new Date()): Promise<number> {
  const userLinks = await tx.ltiUserLink.findMany({ where: { userId }, select: { issuer: true, subject: true } });
  if (userLinks.length === 0) return 0;
  const links = await tx.ltiResourceLink.findMany({
    where: {
      assignmentId,
      context: { platform: { issuer: { in: userLinks.map((l) => l.issuer) } } },
      OR: [{ lineItemUrl: { not: null } }, { lineItemsUrl: { not: null } }],
    },
    select: { id: true, context: { select: { courseId: true, platform: { select: { issuer: true } } } } },
  });
  if (links.length === 0) return 0;
  const score = await countedAssignmentScore(tx, userId, assignmentId);
  const openRegrade = await tx.regradeRequest.count({ where: { studentId: userId, status: "OPEN", submission: { assignmentId } } });
  let queued = 0;
  for (const link of links) {
    const subject = userLinks.find((l) => l.issuer === link.context.platform.issuer)!.subject;
    // Only the scores of the course's students go to its gradebook in the LMS (as in the gradebook CSV).
    const enrolled = await tx.membership.count({ where: { userId, courseId: link.context.courseId, role: "STUDENT" } });
    if (enrolled === 0) continue;
    const row = {
      scoreGiven: score.given,
      scoreMaximum: score.maximum,
      activityProgress: score.complete ? "Completed" : "Submitted",
      gradingProgress: openRegrade > 0 ? "PendingManual" : "FullyGraded",
    };
    const last = await tx.ltiScoreOutbox.findFirst({ where: { resourceLinkId: link.id, userId }, orderBy: { scoredAt: "desc" } });
    const same =
      last &&
      Math.abs(last.scoreGiven - row.scoreGiven) < 1e-9 &&
      last.scoreMaximum === row.scoreMaximum &&
      last.activityProgress === row.activityProgress &&
      last.gradingProgress === row.gradingProgress;
    if (same) continue;
    await tx.ltiScoreOutbox.deleteMany({ where: { resourceLinkId: link.id, userId, status: "PENDING" } });
    // The platform keeps the score with the latest timestamp: each one must be later than the last.
    const scoredAt = new Date(Math.max(now.getTime(), (last?.scoredAt.getTime() ?? 0) + 1));
    await tx.ltiScoreOutbox.create({ data: { resourceLinkId: link.id, userId, subject, ...row, scoredAt, nextAttemptAt: now } });
    queued += 1;
  }
  return queued;
}

/** enqueueScoreSync for the student and assignment of one submission. */
export async function enqueueForSubmission(tx: DbOrTx, submissionId: string, now: Date = new Date()): Promise<number> {
  const s = await tx.submission.findUniqueOrThrow({ where: { id: submissionId }, select: { userId: true, assignmentId: true } });
  return enqueueScoreSync(tx, s.userId, s.assignmentId, now);
}
