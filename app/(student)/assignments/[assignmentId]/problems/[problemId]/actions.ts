"use server";

/**
 * The problem page's server actions. Each one parses its input and hands it to lib/dal/student-work.ts,
 * which checks the session and leaves the decisions (who may, when, what it is worth) to lib/authz.ts
 * and lib/assignments. Submitting and checking a graph, the actions that grade, are timed
 * (lib/observability/observe.ts) and log with the request's id.
 */
import { getLocale, getTranslations } from "next-intl/server";
import {
  checkOwnGraphPart,
  drawOwnPracticeVariant,
  saveOwnDraft,
  submitOwnAnswers,
  type ActionError,
  type RateLimited,
  type SubmitResult,
  type Translator,
} from "@/lib/dal/student-work";
import type { PartView } from "@/lib/assignments/view-types";
import type { Locale } from "@/lib/grading";
import { observeAction } from "@/lib/observability/observe";
import { checkGraphInputSchema, variantInputSchema, workInputSchema } from "@/lib/validations/work";

export type { ActionError, RateLimited, SubmitResult };

const translator: Translator = async () => {
  const t = await getTranslations();
  const locale = (await getLocale()) as Locale;
  return { t: (key, params) => t(key as never, params as never), locale };
};

export async function saveDraftAction(input: unknown): Promise<{ ok: true; savedAt: string } | ActionError> {
  const parsed = workInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  return saveOwnDraft(parsed.data);
}

export async function submitAction(input: unknown): Promise<SubmitResult> {
  return observeAction("submitAction", async () => {
    const parsed = workInputSchema.safeParse(input);
    if (!parsed.success) return { ok: false, status: "refused", reason: "bad-answers", message: parsed.error.issues[0]!.message };
    return submitOwnAnswers(parsed.data, translator);
  });
}

/** Checks a student's own graph (equivalent? detailed?) without submitting, so they can annotate it. */
export async function checkGraphAction(input: unknown): Promise<{ ok: true; part: PartView } | (ActionError & Partial<RateLimited>)> {
  return observeAction("checkGraphAction", async () => {
    const parsed = checkGraphInputSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
    return checkOwnGraphPart(parsed.data, translator);
  });
}

export async function newVariantAction(input: unknown): Promise<{ ok: true } | ActionError> {
  const parsed = variantInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  return drawOwnPracticeVariant(parsed.data);
}
