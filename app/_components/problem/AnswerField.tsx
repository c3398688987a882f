"use client";

/**
 * One answer box: what the student types, how it was read ("read as 0.2500", or where it could not
 * be read), and, after grading, the verdict with its message. Used for numeric and vector parts and
 * for every number entered on a graph.
 */
import { useLocale, useTranslations } from "next-intl";
import { type Ref, useId, useMemo } from "react";
import { parseAnswer } from "@/lib/grading/answer-language";
import { describeReadError } from "@/lib/grading/messages";
import { displayValue, formatNumber } from "@/lib/grading/format";
import type { Locale } from "@/lib/grading/verdict";
import type { FieldView } from "@/lib/assignments/view-types";
import { VERDICT_MARK } from "@/app/_components/graph/GraphCanvas";

export function formatRead(data: Float64Array, shape: readonly number[]): string {
  const f = (x: number) => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(6)).toString());
  if (shape.length === 0) return f(data[0]!);
  if (shape.length === 1) return `[${Array.from(data, f).join(", ")}]`;
  const [rows, cols] = shape as [number, number];
  return `[${Array.from({ length: rows }, (_, i) => `[${Array.from(data.slice(i * cols, (i + 1) * cols), f).join(", ")}]`).join(", ")}]`;
}

export function formatExpected(v: unknown): string {
  if (typeof v === "number") return formatNumber(v);
  return JSON.stringify(displayValue(v));
}

export function FeedbackLine({ fb }: { fb: FieldView }) {
  const t = useTranslations("problem");
  return (
    <p className={`feedback ${fb.verdict}`} data-verdict={fb.verdict} data-diagnosis={fb.diagnosis ?? undefined}>
      <span aria-hidden="true" className="mark">
        {VERDICT_MARK[fb.verdict]}
      </span>{" "}
      {fb.verdict === "invalid" && fb.message ? (
        // The message itself says it could not be read; the verdict's name would say it twice.
        <>{fb.message}</>
      ) : (
        <>
          <strong>{t(`verdict.${fb.verdict}`)}</strong>
          {fb.message && fb.verdict !== "correct" ? <>: {fb.message}</> : null}
        </>
      )}
      {fb.expected !== undefined ? <span className="expected"> {t("expected", { value: formatExpected(fb.expected) })}</span> : null}
    </p>
  );
}

export function AnswerField({
  label,
  value,
  onChange,
  feedback,
  disabled,
  inputRef,
  testId,
  compact = false,
  inTable = false,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  feedback?: FieldView;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  testId?: string;
  compact?: boolean;
  /** In a table whose header names the box: the label is for screen readers, and nothing takes a line until there is something to say. */
  inTable?: boolean;
}) {
  const t = useTranslations("problem");
  const locale = useLocale() as Locale;
  const id = useId();
  const read = useMemo(() => (value.trim() ? parseAnswer(value) : null), [value]);
  const previewId = `${id}-preview`;
  return (
    <div className={`answer-field${compact ? " compact" : ""}${inTable ? " in-table" : ""}`} data-field={testId}>
      <label htmlFor={id} className={inTable ? "visually-hidden" : undefined}>
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={disabled}
        data-testid={testId}
        aria-describedby={previewId}
        aria-invalid={read && !read.ok ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={previewId} className={`read-preview${read && !read.ok ? " bad" : ""}`} aria-live="polite">
        {read === null
          ? inTable
            ? ""
            : "\u00a0"
          : read.ok
            ? t("readAs", { value: formatRead(read.value.data, read.value.shape) })
            : t("unreadable", { message: describeReadError(read.error, locale) })}
      </p>
      {feedback ? <FeedbackLine fb={feedback} /> : null}
    </div>
  );
}
