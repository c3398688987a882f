"use client";

/** The student's "ask for a regrade" on one part: a reason is required. */
import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
import { requestRegradeAction } from "@/app/(student)/submissions/[submissionId]/actions";
import { IDLE } from "./form-state";
import { FormStatus } from "./ReviewForm";

export function RegradeRequestForm({ submissionId, partId }: { submissionId: string; partId: string }) {
  const t = useTranslations("review.regrade");
  const [state, action, pending] = useActionState(requestRegradeAction, IDLE);
  const id = useId();
  const values = state.status === "error" ? state.values : {};
  return (
    <details className="regrade-ask" open={state.status === "error" || undefined}>
      <summary>{t("ask")}</summary>
      <form action={action} className="review-form" data-testid={`regrade-form-${partId}`} key={state.seq} noValidate>
        <input type="hidden" name="submissionId" value={submissionId} />
        <input type="hidden" name="partId" value={partId} />
        <label htmlFor={`${id}-reason`}>{t("reason")}</label>
        <textarea id={`${id}-reason`} name="reason" rows={3} required defaultValue={values.reason ?? ""} aria-invalid={state.status === "error" || undefined} />
        <FormStatus state={state} testId={`regrade-${partId}`} />
        <button type="submit" className="button" disabled={pending}>
          {pending ? t("sending") : t("send")}
        </button>
      </form>
    </details>
  );
}
