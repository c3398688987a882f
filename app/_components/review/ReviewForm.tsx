"use client";

/**
 * Pieces the review forms share: the score entry (a fraction of the part or points), the error line
 * that says what was wrong in the reader's language, and the "saved" line.
 */
import { useTranslations } from "next-intl";
import { useId } from "react";
import type { ReviewFormState } from "./form-state";

/** The message for an error code; unknown codes (e.g. a malformed id) get the generic one. */
export function useErrorText() {
  const t = useTranslations("review");
  return (code: string) => (t.has(`errors.${code}`) ? t(`errors.${code}` as "errors.bad-input") : t("errors.bad-input"));
}

export function FormStatus({ state, testId }: { state: ReviewFormState; testId: string }) {
  const t = useTranslations("review");
  const errorText = useErrorText();
  if (state.status === "error") {
    return (
      <p className="alert error" role="alert" data-testid={`${testId}-error`} data-error={state.error}>
        {errorText(state.error)}
      </p>
    );
  }
  if (state.status === "ok" && state.message) {
    return (
      <p className="alert ok" role="status" data-testid={`${testId}-ok`}>
        {t(state.message as "override.saved")}
      </p>
    );
  }
  return null;
}

export function ScoreInputs({ points, state, required = true }: { points: number; state: ReviewFormState; required?: boolean }) {
  const t = useTranslations("review.score");
  const id = useId();
  const values = state.status === "error" ? state.values : {};
  const bad = state.status === "error" && (state.field === "score" || state.error.startsWith("score-"));
  return (
    <div className="score-inputs">
      <div>
        <label htmlFor={`${id}-score`}>{t("label")}</label>
        <input
          id={`${id}-score`}
          name="score"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          required={required}
          defaultValue={values.score ?? ""}
          aria-invalid={bad || undefined}
          aria-describedby={`${id}-hint`}
        />
      </div>
      <div>
        <label htmlFor={`${id}-unit`}>{t("unit")}</label>
        <select id={`${id}-unit`} name="unit" defaultValue={values.unit ?? "points"}>
          <option value="points">{t("points", { points })}</option>
          <option value="fraction">{t("fraction")}</option>
        </select>
      </div>
      <p id={`${id}-hint`} className="muted small">
        {t("hint", { points })}
      </p>
    </div>
  );
}
