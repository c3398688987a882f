"use client";

/**
 * The confirmation that applies a previewed bulk regrade (and the version moves it includes), exactly
 * as previewed (versions and override choice).
 */
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { applyBulkRegradeAction } from "@/app/(staff)/teach/assignments/[assignmentId]/regrade/actions";
import { IDLE } from "./form-state";
import { useErrorText } from "./ReviewForm";

export function BulkRegradeForm(props: { assignmentId: string; versions: string; replaceOverrides: boolean; count: number; moves: number }) {
  const t = useTranslations("review.bulk");
  const errorText = useErrorText();
  const [state, action, pending] = useActionState(applyBulkRegradeAction, IDLE);
  return (
    <form action={action} data-testid="bulk-apply-form">
      <input type="hidden" name="assignmentId" value={props.assignmentId} />
      <input type="hidden" name="versions" value={props.versions} />
      <input type="hidden" name="replaceOverrides" value={props.replaceOverrides ? "1" : "0"} />
      {state.status === "error" ? (
        <p className="alert error" role="alert" data-testid="bulk-error">
          {errorText(state.error)}
        </p>
      ) : null}
      {state.status === "ok" ? (
        <p className="alert ok" role="status" data-testid="bulk-done">
          {state.params?.moved ? `${t("appliedMoves", { moved: state.params.moved })} ` : ""}
          {t("applied", { applied: state.params?.applied ?? 0, changed: state.params?.changed ?? 0 })}
        </p>
      ) : null}
      {props.count > 0 || props.moves > 0 ? (
        <button type="submit" className="button" disabled={pending} data-testid="bulk-apply">
          {pending
            ? t("applying")
            : props.moves > 0
              ? t(props.replaceOverrides ? "applyMoveReplacing" : "applyMove", { moves: props.moves, count: props.count })
              : t(props.replaceOverrides ? "applyReplacing" : "apply", { count: props.count })}
        </button>
      ) : null}
    </form>
  );
}
