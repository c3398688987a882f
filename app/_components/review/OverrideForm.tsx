"use client";

/**
 * Staff set a part's score by hand: a score (fraction or points) and a comment the student will see.
 * Folded away until opened (most parts need no override); Ctrl/⌘+Enter saves from any of its fields.
 */
import { useTranslations } from "next-intl";
import { useActionState, useId, type KeyboardEvent } from "react";
import { overrideAction } from "@/app/(staff)/teach/submissions/[submissionId]/actions";
import { IDLE } from "./form-state";
import { FormStatus, ScoreInputs } from "./ReviewForm";

/** Ctrl+Enter (⌘+Enter on a Mac) submits the form, as the Save button would (validation included). */
export function submitOnModEnter(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey) || e.nativeEvent.isComposing) return;
  e.preventDefault();
  e.currentTarget.requestSubmit();
}

export function OverrideForm({ submissionId, partId, points }: { submissionId: string; partId: string; points: number }) {
  const t = useTranslations("review.override");
  const [state, action, pending] = useActionState(overrideAction, IDLE);
  const id = useId();
  const values = state.status === "error" ? state.values : {};
  const badComment = state.status === "error" && state.error.startsWith("comment-");
  return (
    <details className="override-details" data-testid={`override-${partId}-details`} open={state.status !== "idle" || undefined}>
      <summary>{t("title")}</summary>
      <form action={action} className="review-form" data-testid={`override-form-${partId}`} key={state.seq} noValidate onKeyDown={submitOnModEnter}>
        <input type="hidden" name="submissionId" value={submissionId} />
        <input type="hidden" name="partId" value={partId} />
        <ScoreInputs points={points} state={state} />
        <label htmlFor={`${id}-comment`}>{t("comment")}</label>
        <textarea id={`${id}-comment`} name="comment" rows={2} required defaultValue={values.comment ?? ""} aria-invalid={badComment || undefined} />
        <FormStatus state={state} testId={`override-${partId}`} />
        <p className="actions">
          <button type="submit" className="button" disabled={pending} aria-keyshortcuts="Control+Enter Meta+Enter">
            {pending ? t("saving") : t("save")}
          </button>
          <span className="muted small">{t("shortcut")}</span>
        </p>
      </form>
    </details>
  );
}
