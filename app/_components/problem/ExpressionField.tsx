"use client";

/**
 * A formula answer box with STACK's validation step: while the student types, the formula is shown
 * typeset (KaTeX) and written out the way it was read ("Your answer was read as: y11 * ln(2)", every
 * product and grouping explicit), or, when it cannot be read, the one located reason. Nothing is sent
 * for this: the same parser runs in the browser. After grading, the part's message.
 */
import katex from "katex";
import { useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { parseExpression } from "@/lib/grading/answer-language";
import { readAsText, toLatex } from "@/lib/grading/expression-display";
import { describeReadError } from "@/lib/grading/messages";
import type { Locale } from "@/lib/grading/verdict";

export interface ExpressionFieldProps {
  value: string;
  variables: string[];
  onChange: (v: string) => void;
  /** The graded part's message, when there is one. */
  message: string | null;
  testId: string;
  disabled?: boolean;
}

/** Longer formulas are written out but not typeset: typesetting thousands of terms on every keystroke is slow. */
const MAX_TYPESET_LENGTH = 2000;

function typeset(latex: string): string | null {
  try {
    return katex.renderToString(latex, { throwOnError: false, displayMode: true, output: "htmlAndMathml" });
  } catch {
    return null; // e.g. nesting deeper than KaTeX's own stack allows; the written-out text still shows
  }
}

/** How a formula text was read: its typeset HTML and its written-out text, or why it could not be read. */
export function readFormula(value: string, variables: readonly string[], locale: Locale) {
  if (!value.trim()) return null;
  const read = parseExpression(value, { variables: new Set(variables) });
  if (!read.ok) return { ok: false as const, reason: describeReadError(read.error, locale) };
  const html = value.length <= MAX_TYPESET_LENGTH ? typeset(toLatex(read.value.expr)) : null;
  return { ok: true as const, html, text: readAsText(read.value.expr) };
}

export function ExpressionField({ value, variables, onChange, message, testId, disabled }: ExpressionFieldProps) {
  const t = useTranslations("problem");
  const locale = useLocale() as Locale;
  // Keyed by the names, not the array: the caller passes a new array on every render.
  const names = variables.join(",");
  const read = useMemo(() => readFormula(value, names === "" ? [] : names.split(","), locale), [value, names, locale]);
  const previewId = `${testId}-preview`;
  return (
    <div className="answer-field">
      <label htmlFor={testId}>{t("answerLabel")}</label>
      <textarea
        id={testId}
        data-testid={testId}
        rows={3}
        spellCheck={false}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={previewId}
        aria-invalid={read && !read.ok ? true : undefined}
      />
      <div id={previewId} className={`read-preview formula-preview${read && !read.ok ? " bad" : ""}`} aria-live="polite" data-testid={`${testId}-preview`}>
        {read === null ? (
          "\u00a0"
        ) : read.ok ? (
          <>
            <p className="read-as">{t.rich("readAsFormula", { text: read.text, code: (chunks) => <code>{chunks}</code> })}</p>
            {read.html !== null ? (
              <div className="formula-rendered" data-testid={`${testId}-rendered`} dangerouslySetInnerHTML={{ __html: read.html }} />
            ) : null}
          </>
        ) : (
          <p>{t("unreadable", { message: read.reason })}</p>
        )}
      </div>
      {message ? <p className="feedback">{message}</p> : null}
    </div>
  );
}
