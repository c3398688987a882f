"use client";

/** Staff answer an open regrade request: accept with a new score, or decline; an answer is required either way. */
import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
import { respondRegradeAction } from "@/app/(staff)/teach/submissions/[submissionId]/actions";
import { IDLE } from "./form-state";
import { FormStatus, ScoreInputs } from "./ReviewForm";

export function RegradeRespondForm({ submissionId, requestId, points }: { submissionId: string; requestId: string; points: number }) {
  const t = useTranslations("review.regrade");
  const [state, action, pending] = useActionState(respondRegradeAction, IDLE);
  const id = useId();
  const values = state.status === "error" ? state.values : {};
  return (
    <form action={action} className="review-form" data-testid={`respond-form-${requestId}`} key={state.seq} noValidate>
      <input type="hidden" name="submissionId" value={submissionId} />
      <input type="hidden" name="requestId" value={requestId} />
      <label htmlFor={`${id}-response`}>{t("response")}</label>
      <textarea id={`${id}-response`} name="response" rows={2} required defaultValue={values.response ?? ""} />
      <ScoreInputs points={points} state={state} required={false} />
      <FormStatus state={state} testId={`respond-${requestId}`} />
      <div className="actions">
        <button type="submit" name="decision" value="accept" className="button" disabled={pending}>
          {t("accept")}
        </button>
        <button type="submit" name="decision" value="decline" className="button secondary" disabled={pending}>
          {t("decline")}
        </button>
      </div>
    </form>
  );
}
