"use client";

/** Staff set a part's score by hand: a score (fraction or points) and a comment the student will see. */
import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
import { overrideAction } from "@/app/(staff)/teach/submissions/[submissionId]/actions";
import { IDLE } from "./form-state";
import { FormStatus, ScoreInputs } from "./ReviewForm";

export function OverrideForm({ submissionId, partId, points }: { submissionId: string; partId: string; points: number }) {
  const t = useTranslations("review.override");
  const [state, action, pending] = useActionState(overrideAction, IDLE);
  const id = useId();
  const values = state.status === "error" ? state.values : {};
  const badComment = state.status === "error" && state.error.startsWith("comment-");
  return (
    <form action={action} className="review-form" data-testid={`override-form-${partId}`} key={state.seq} noValidate>
      <h4>{t("title")}</h4>
      <input type="hidden" name="submissionId" value={submissionId} />
      <input type="hidden" name="partId" value={partId} />
      <ScoreInputs points={points} state={state} />
      <label htmlFor={`${id}-comment`}>{t("comment")}</label>
      <textarea id={`${id}-comment`} name="comment" rows={2} required defaultValue={values.comment ?? ""} aria-invalid={badComment || undefined} />
      <FormStatus state={state} testId={`override-${partId}`} />
      <button type="submit" className="button" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
