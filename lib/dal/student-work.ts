import "server-only";

/**
 * What a student does on a problem page: save a draft, submit, check their own graph, draw practice
 * numbers. Each function takes input the caller has already parsed, checks the session, leaves the
 * decisions (who may, when, what it is worth) to lib/assignments and lib/authz.ts, and answers with
 * views built for the reader's language (never the variant or reference answers the grader used).
 */
import { checkOwnGraph } from "@/lib/assignments/graph-check";
import { mayRevealAnswers } from "@/lib/assignments/rules";
import { partViews, unreadableViews, type Translate } from "@/lib/assignments/student-view";
import { drawPracticeVariant, saveDraft, submitAnswers, type SubmitInput } from "@/lib/assignments/submit";
import type { PartView, SubmissionView, UnreadableView } from "@/lib/assignments/view-types";
import { getDb } from "@/lib/db/client";
import type { Locale } from "@/lib/grading";
import { getCurrentUser } from "@/lib/session";

export type ActionError = { ok: false; error: string };
/** A request refused by a per-user rate limit: the limit per minute, and when to try again. */
export type RateLimited = { limit: number; retryAfterSeconds: number };
/** The reader's language, asked for only once there is something to translate. */
export type Translator = () => Promise<{ t: Translate; locale: Locale }>;

export type SubmitResult =
  | { ok: true; status: "graded"; view: SubmissionView; attemptsLeft: number | null }
  /** Nothing was graded: only which answers could not be read, and why. */
  | { ok: true; status: "invalid"; unreadable: UnreadableView[] }
  | ({ ok: false; status: "refused"; reason: string; message?: string } & Partial<RateLimited>);

export async function saveOwnDraft(input: SubmitInput): Promise<{ ok: true; savedAt: string } | ActionError> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "unauthenticated" };
  const r = await saveDraft(getDb(), user, input);
  return r.ok ? { ok: true, savedAt: r.savedAt.toISOString() } : { ok: false, error: r.reason };
}

export async function submitOwnAnswers(input: SubmitInput, translator: Translator): Promise<SubmitResult> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, status: "refused", reason: "forbidden" };
  const now = new Date();
  const outcome = await submitAnswers(getDb(), user, input, now);
  const { t, locale } = await translator();
  if (outcome.status === "refused") {
    if (outcome.reason === "rate-limited")
      return { ok: false, status: "refused", reason: outcome.reason, limit: outcome.limit, retryAfterSeconds: outcome.retryAfterSeconds };
    return { ok: false, status: "refused", reason: outcome.reason, ...(outcome.message ? { message: outcome.message } : {}) };
  }
  if (outcome.status === "invalid") return { ok: true, status: "invalid", unreadable: unreadableViews(outcome.unreadable, { locale, t }) };
  const { context, grade, stored } = outcome;
  const reveal = mayRevealAnswers(context.assignment, now, true);
  const used = outcome.attempt;
  return {
    ok: true,
    status: "graded",
    attemptsLeft: context.assignment.maxAttempts === null ? null : Math.max(0, context.assignment.maxAttempts - used),
    view: {
      id: outcome.submissionId,
      attempt: outcome.attempt,
      createdAt: stored.createdAt.toISOString(),
      score: outcome.score,
      late: stored.late,
      latePenalty: stored.latePenalty,
      parts: partViews(grade.parts, { locale, reveal, t, attemptUsed: true, answers: input.answers as Record<string, unknown> }),
    },
  };
}

/** Checks a student's own graph (equivalent? detailed?) without submitting, so they can annotate it. */
export async function checkOwnGraphPart(
  input: { assignmentId: string; problemId: string; partId: string; source: string },
  translator: Translator,
): Promise<{ ok: true; part: PartView } | (ActionError & Partial<RateLimited>)> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "unauthenticated" };
  const r = await checkOwnGraph(getDb(), user, input);
  if (!r.ok) return "limit" in r ? { ok: false, error: r.reason, limit: r.limit, retryAfterSeconds: r.retryAfterSeconds } : { ok: false, error: r.reason };
  const { t, locale } = await translator();
  return { ok: true, part: partViews([r.part], { locale, reveal: false, t })[0]! };
}

export async function drawOwnPracticeVariant(input: { assignmentId: string; problemId: string }): Promise<{ ok: true } | ActionError> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "unauthenticated" };
  const r = await drawPracticeVariant(getDb(), user, input);
  return r.ok ? { ok: true } : { ok: false, error: r.reason ?? "refused" };
}
