/**
 * Submitting answers: who may (lib/authz.ts: students of the course, once the assignment has opened), when (the assignment's rules), grading on the server,
 * and storing the attempt in one transaction. Unreadable answers come back as invalid and cost no
 * attempt, and the answer says only what could not be read (else it would check the rest for free);
 * drafts keep whatever was typed either way.
 */
import { authorize, type Actor } from "@/lib/authz";
import type { Db } from "@/lib/db/client";
import { lockForWrite } from "@/lib/db/write-lock";
import { gradeSubmission, answersSchema, type SubmissionGrade, type Unreadable } from "@/lib/problems/grade";
import { randomSeed } from "@/lib/problems/variant";
import { Prisma } from "@/lib/generated/prisma/client";
import { drainSoon } from "@/lib/lti/grade-passback";
import { enqueueScoreSync } from "./lms-scores";
import { log } from "@/lib/observability/log";
import { metrics, secondsSince } from "@/lib/observability/metrics";
import { takeRequest } from "./request-limits";
import { effectiveScore, submitDecision } from "./rules";
import { loadWorkContext, type WorkContext } from "./workspace";

export type SubmitInput = { assignmentId: string; problemId: string; answers: unknown };

export type SubmitOutcome =
  /** `score`: what was stored, any late penalty applied; `stored`: the stored row's other figures. */
  | {
      status: "graded";
      submissionId: string;
      attempt: number;
      score: number;
      stored: { late: boolean; latePenalty: number; createdAt: Date };
      grade: SubmissionGrade;
      context: WorkContext;
    }
  /** Something could not be read: only what and why is returned (no verdict, score or diagnosis of anything). */
  | { status: "invalid"; unreadable: Unreadable[]; context: WorkContext }
  | { status: "refused"; reason: "forbidden" | "not-found" | "not-open" | "closed" | "no-attempts" | "bad-answers"; message?: string }
  /** Too many submissions in the last minute (lib/assignments/request-limits.ts): nothing graded, no attempt used. */
  | { status: "refused"; reason: "rate-limited"; limit: number; retryAfterSeconds: number };

const MAX_ANSWER_BYTES = 512 * 1024;

/** Saves what the student typed; never graded, never counted. */
export async function saveDraft(db: Db, actor: Actor, input: SubmitInput): Promise<{ ok: true; savedAt: Date } | { ok: false; reason: string }> {
  const decision = await authorize(db, actor, "assignment.submit", { assignmentId: input.assignmentId });
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  const context = await loadWorkContext(db, { userId: actor.id, assignmentId: input.assignmentId, problemId: input.problemId });
  if (!context) return { ok: false, reason: "not-found" };
  if (JSON.stringify(input.answers ?? null).length > MAX_ANSWER_BYTES) return { ok: false, reason: "too-large" };
  const parsed = answersSchema(context.compiled).safeParse(input.answers ?? {});
  if (!parsed.success) return { ok: false, reason: "bad-answers" };
  const key = { userId: actor.id, assignmentId: input.assignmentId, problemId: input.problemId };
  const draft = await db.draft.upsert({
    where: { userId_assignmentId_problemId: key },
    create: { ...key, answers: parsed.data as Prisma.InputJsonValue },
    update: { answers: parsed.data as Prisma.InputJsonValue },
    select: { updatedAt: true },
  });
  return { ok: true, savedAt: draft.updatedAt };
}

/** Grades and stores one submission; every outcome is counted (chainrule_graded_submissions_total) and logged, without the answers. */
export async function submitAnswers(db: Db, actor: Actor, input: SubmitInput, now: Date = new Date()): Promise<SubmitOutcome> {
  const start = performance.now();
  const outcome = await gradeAndStore(db, actor, input, now);
  metrics().gradedSubmissions.inc({ outcome: outcome.status });
  const fields = { event: `submission.${outcome.status}`, userId: actor.id, assignmentId: input.assignmentId, problemId: input.problemId };
  const ms = Math.round(secondsSince(start) * 1000);
  if (outcome.status === "graded")
    log().info({ ...fields, submissionId: outcome.submissionId, attempt: outcome.attempt, score: outcome.score, ms }, "submission graded");
  else if (outcome.status === "invalid") log().info({ ...fields, unreadable: outcome.unreadable.length, ms }, "submission not graded: unreadable answers");
  else log().info({ ...fields, reason: outcome.reason, ms }, "submission refused");
  return outcome;
}

async function gradeAndStore(db: Db, actor: Actor, input: SubmitInput, now: Date): Promise<SubmitOutcome> {
  const decision = await authorize(db, actor, "assignment.submit", { assignmentId: input.assignmentId }, now);
  if (!decision.allowed) return { status: "refused", reason: decision.reason };
  const context = await loadWorkContext(db, { userId: actor.id, assignmentId: input.assignmentId, problemId: input.problemId });
  if (!context) return { status: "refused", reason: "not-found" };

  if (JSON.stringify(input.answers ?? null).length > MAX_ANSWER_BYTES)
    return { status: "refused", reason: "bad-answers", message: "the answers are too large" };
  const parsed = answersSchema(context.compiled).safeParse(input.answers ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { status: "refused", reason: "bad-answers", message: `${issue.path.join(".") || "answers"}: ${issue.message}` };
  }
  const answers = parsed.data as Record<string, unknown>;

  const where = { userId: actor.id, assignmentId: input.assignmentId, problemId: input.problemId };
  const used = await db.submission.count({ where });
  const rules = submitDecision(context.assignment, now, used);
  if (!rules.allowed) return { status: "refused", reason: rules.reason };
  const limited = await takeRequest(db, "submit", actor.id, now);
  if (!limited.ok) return { status: "refused", reason: "rate-limited", limit: limited.limit, retryAfterSeconds: limited.retryAfterSeconds };

  const gradingStart = performance.now();
  const grade = gradeSubmission(context.compiled, context.variant, answers);
  metrics().gradingDuration.observe({ outcome: grade.invalid ? "invalid" : "graded" }, secondsSince(gradingStart));
  // Keep the draft in step with what was sent, graded or not: nothing typed is lost. (With a grade,
  // in the same transaction as the attempt: one commit.)
  const draft = {
    where: { userId_assignmentId_problemId: where },
    create: { ...where, answers: answers as Prisma.InputJsonValue },
    update: { answers: answers as Prisma.InputJsonValue },
    select: { userId: true },
  };
  if (grade.invalid) {
    await db.draft.upsert(draft);
    return { status: "invalid", unreadable: grade.unreadable, context };
  }

  const score = effectiveScore(grade.parts, rules.penalty);
  for (let tries = 0; tries < 3; tries++) {
    try {
      const created = await db.$transaction(async (tx) => {
        // Counted again inside the transaction, which runs alone for this student and problem in every
        // instance (lib/db/write-lock.ts): submissions that arrive together, at one instance or several,
        // get attempts n, n+1, … and never more than the assignment allows. The unique (user,
        // assignment, problem, attempt) index stays as the last guard.
        await lockForWrite(db, tx, `submission:${actor.id}:${input.assignmentId}:${input.problemId}`);
        const attemptsUsed = await tx.submission.count({ where });
        const again = submitDecision(context.assignment, now, attemptsUsed);
        if (!again.allowed) return { refused: again.reason };
        const submission = await tx.submission.create({
          data: {
            ...where,
            problemVersionId: context.version.id,
            variantSeed: context.seed,
            answers: answers as Prisma.InputJsonValue,
            results: JSON.parse(JSON.stringify(grade.parts)) as Prisma.InputJsonValue,
            autoScore: grade.score,
            latePenalty: rules.penalty,
            score,
            attempt: attemptsUsed + 1,
            late: rules.late,
          },
          select: { id: true, attempt: true, late: true, latePenalty: true, createdAt: true },
        });
        await tx.draft.upsert(draft);
        await enqueueScoreSync(tx, actor.id, input.assignmentId, now);
        return { submission };
      });
      if ("refused" in created) {
        await db.draft.upsert(draft);
        return { status: "refused", reason: created.refused! };
      }
      drainSoon(db);
      const { id, attempt, ...stored } = created.submission;
      return { status: "graded", submissionId: id, attempt, score, stored, grade, context };
    } catch (e) {
      const conflict = e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
      if (!conflict) throw e;
    }
  }
  await db.draft.upsert(draft);
  return { status: "refused", reason: "closed", message: "too many submissions at once; try again" };
}

/** Practice mode: a fresh variant for this problem (the draft is cleared: its numbers belonged to the old one). */
export async function drawPracticeVariant(db: Db, actor: Actor, input: { assignmentId: string; problemId: string }): Promise<{ ok: boolean; reason?: string }> {
  const decision = await authorize(db, actor, "assignment.submit", { assignmentId: input.assignmentId });
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  const link = await db.assignmentProblem.findUnique({
    where: { assignmentId_problemId: { assignmentId: input.assignmentId, problemId: input.problemId } },
    select: { assignment: { select: { practice: true } } },
  });
  if (!link) return { ok: false, reason: "not-found" };
  if (!link.assignment.practice) return { ok: false, reason: "not-practice" };
  const key = { userId: actor.id, assignmentId: input.assignmentId, problemId: input.problemId };
  const seed = randomSeed();
  await db.draft.upsert({
    where: { userId_assignmentId_problemId: key },
    create: { ...key, answers: {}, variantSeed: seed },
    update: { answers: {}, variantSeed: seed },
  });
  return { ok: true };
}
