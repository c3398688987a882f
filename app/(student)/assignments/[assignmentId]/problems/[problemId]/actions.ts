"use server";

/**
 * The problem page's server actions. Each one parses its input, checks the session, and leaves the
 * decisions (who may, when, what it is worth) to lib/authz.ts and lib/assignments.
 */
import { getLocale, getTranslations } from "next-intl/server";
import { mayRevealAnswers } from "@/lib/assignments/rules";
import { partViews, unreadableViews, type Translate } from "@/lib/assignments/student-view";
import { drawPracticeVariant, saveDraft, submitAnswers } from "@/lib/assignments/submit";
import type { PartView, SubmissionView, UnreadableView } from "@/lib/assignments/view-types";
import { checkOwnGraph } from "@/lib/assignments/graph-check";
import { getDb } from "@/lib/db/client";
import type { Locale } from "@/lib/grading";
import { getCurrentUser } from "@/lib/session";
import { checkGraphInputSchema, variantInputSchema, workInputSchema } from "@/lib/validations/work";

export type ActionError = { ok: false; error: string };
/** A request refused by a per-user rate limit: the limit per minute, and when to try again. */
export type RateLimited = { limit: number; retryAfterSeconds: number };

async function translator(): Promise<{ t: Translate; locale: Locale }> {
  const t = await getTranslations();
  const locale = (await getLocale()) as Locale;
  return { t: (key, params) => t(key as never, params as never), locale };
}

export async function saveDraftAction(input: unknown): Promise<{ ok: true; savedAt: string } | ActionError> {
  const parsed = workInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "unauthenticated" };
  const r = await saveDraft(getDb(), user, parsed.data);
  return r.ok ? { ok: true, savedAt: r.savedAt.toISOString() } : { ok: false, error: r.reason };
}

export type SubmitResult =
  | { ok: true; status: "graded"; view: SubmissionView; attemptsLeft: number | null }
  /** Nothing was graded: only which answers could not be read, and why. */
  | { ok: true; status: "invalid"; unreadable: UnreadableView[] }
  | ({ ok: false; status: "refused"; reason: string; message?: string } & Partial<RateLimited>);

export async function submitAction(input: unknown): Promise<SubmitResult> {
  const parsed = workInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: "refused", reason: "bad-answers", message: parsed.error.issues[0]!.message };
  const user = await getCurrentUser();
  if (!user) return { ok: false, status: "refused", reason: "forbidden" };
  const now = new Date();
  const outcome = await submitAnswers(getDb(), user, parsed.data, now);
  const { t, locale } = await translator();
  if (outcome.status === "refused") {
    if (outcome.reason === "rate-limited") return { ok: false, status: "refused", reason: outcome.reason, limit: outcome.limit, retryAfterSeconds: outcome.retryAfterSeconds };
    return { ok: false, status: "refused", reason: outcome.reason, ...(outcome.message ? { message: outcome.message } : {}) };
  }
  if (outcome.status === "invalid") return { ok: true, status: "invalid", unreadable: unreadableViews(outcome.unreadable, { locale, t }) };
  const { context, grade } = outcome;
  const reveal = mayRevealAnswers(context.assignment, now, true);
  const stored = await getDb().submission.findUniqueOrThrow({ where: { id: outcome.submissionId }, select: { score: true, late: true, latePenalty: true, createdAt: true } });
  const used = outcome.attempt;
  return {
    ok: true,
    status: "graded",
    attemptsLeft: context.assignment.maxAttempts === null ? null : Math.max(0, context.assignment.maxAttempts - used),
    view: {
      id: outcome.submissionId,
      attempt: outcome.attempt,
      createdAt: stored.createdAt.toISOString(),
      score: stored.score,
      late: stored.late,
      latePenalty: stored.latePenalty,
      parts: partViews(grade.parts, { locale, reveal, t, attemptUsed: true }),
    },
  };
}

/** Checks a student's own graph (equivalent? detailed?) without submitting, so they can annotate it. */
export async function checkGraphAction(input: unknown): Promise<{ ok: true; part: PartView } | (ActionError & Partial<RateLimited>)> {
  const parsed = checkGraphInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "unauthenticated" };
  const r = await checkOwnGraph(getDb(), user, parsed.data);
  if (!r.ok) return "limit" in r ? { ok: false, error: r.reason, limit: r.limit, retryAfterSeconds: r.retryAfterSeconds } : { ok: false, error: r.reason };
  const { t, locale } = await translator();
  return { ok: true, part: partViews([r.part], { locale, reveal: false, t })[0]! };
}

export async function newVariantAction(input: unknown): Promise<{ ok: true } | ActionError> {
  const parsed = variantInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "unauthenticated" };
  const r = await drawPracticeVariant(getDb(), user, parsed.data);
  return r.ok ? { ok: true } : { ok: false, error: r.reason ?? "refused" };
}
