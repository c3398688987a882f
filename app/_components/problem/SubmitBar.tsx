import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import type { SubmissionView } from "@/lib/assignments/view-types";
import type { SubmitResult } from "@/app/(student)/assignments/[assignmentId]/problems/[problemId]/actions";
import { ResultSummary } from "./Feedback";
import type { SaveState } from "./useDraft";

/** Below the parts: whether the draft is saved, why a submission was refused, the last result, and the buttons. */
export function SubmitBar(props: {
  saveState: SaveState;
  result: SubmitResult | null;
  summary: SubmissionView | null;
  closedMessage: string | null;
  canSubmit: boolean;
  attempts: { used: number; max: number | null };
  practice: boolean;
  pending: boolean;
  onSubmit: () => void;
  onNewVariant: () => void;
}) {
  const { result, summary, attempts } = props;
  const t = useTranslations("problem");
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) outcome.current?.focus();
  }, [result]);
  return (
    <section className="card submit-bar" aria-label={t("submit")}>
      <p className="muted small" role="status" data-testid="save-state">
        {props.saveState === "none" ? null : t(`saveState.${props.saveState}`)}
      </p>
      {/* What the last submission came to; it takes the focus when an answer arrives, so a keyboard or screen-reader user lands on it. */}
      <div ref={outcome} tabIndex={-1} className="submit-outcome" data-testid="submit-outcome">
        {result && !result.ok ? (
          <p className="alert error" data-testid="submit-refused">
            {t(`refused.${result.reason as "closed"}`, { message: result.message ?? "", limit: result.limit ?? 0, seconds: result.retryAfterSeconds ?? 0 })}
          </p>
        ) : null}
        {result?.ok && result.status === "invalid" ? (
          <p className="alert error" data-testid="submit-invalid">
            {t("invalidNotCounted")}
          </p>
        ) : null}
        {summary ? <ResultSummary summary={summary} /> : null}
      </div>
      {props.closedMessage ? <p className="alert error">{props.closedMessage}</p> : null}
      {props.canSubmit ? (
        <p className="muted small">{attempts.max === null ? t("unlimited") : t("attemptsLeft", { left: Math.max(0, attempts.max - attempts.used - 1) })}</p>
      ) : null}
      <div className="actions">
        <button type="button" className="button" disabled={!props.canSubmit || props.pending} onClick={props.onSubmit} data-testid="submit">
          {props.pending ? t("submitting") : t("submit")}
        </button>
        {props.practice ? (
          <button type="button" className="button secondary" onClick={props.onNewVariant}>
            {t("newVariant")}
          </button>
        ) : null}
      </div>
    </section>
  );
}
