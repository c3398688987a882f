"use client";

/**
 * A graph-construction part: an editor for the graph language with line numbers, the first error
 * shown at its line and column, and the student's graph drawn live beside it. Parsing and layout run
 * in the drawing Web Worker after a short pause in typing, so the text box answers every key at once
 * even at the language's 10,000-node limit (where the drawing is simplified).
 */
import { useLocale, useTranslations } from "next-intl";
import { memo, useId, useMemo, useRef } from "react";
import { GraphCanvas } from "@/app/_components/graph/GraphCanvas";
import { useSourceDrawing } from "@/app/_components/graph/useDrawing";
import { isLocale } from "@/lib/i18n/config";
import { graphErrorText } from "@/lib/i18n/graph-errors";

const NO_FIELDS: never[] = [];
const NONE = new Set<string>();

/**
 * The line numbers beside the text, as three text blocks (before, at and after the error's line)
 * rather than an element per line: a 10,000-node graph has thousands of lines, and a new line would
 * otherwise re-render them all while the student types.
 */
const Gutter = memo(function Gutter({ lines, errorLine }: { lines: number; errorLine: number | null }) {
  const run = (from: number, to: number) =>
    from > to ? null : <div style={{ whiteSpace: "pre" }}>{Array.from({ length: to - from + 1 }, (_, i) => from + i).join("\n")}</div>;
  if (errorLine === null || errorLine < 1 || errorLine > lines) return run(1, lines);
  return (
    <>
      {run(1, errorLine - 1)}
      <div className="error-line">{errorLine}</div>
      {run(errorLine + 1, lines)}
    </>
  );
});

/** A simplified drawing needs no structure: the worker does not send one (thousands of nodes to copy). */
const NO_STRUCTURE = { nodes: [], output: "" };

export function GraphEditor({
  value,
  onChange,
  ban,
  disabled,
  partId,
}: {
  value: string;
  onChange: (text: string) => void;
  ban: readonly string[];
  disabled?: boolean;
  partId: string;
}) {
  const t = useTranslations("problem.editor");
  const locale = useLocale();
  const id = useId();
  const { response: result, pending } = useSourceDrawing(value);
  const lines = useMemo(() => Math.max(4, value.split("\n").length), [value]);
  const gutter = useRef<HTMLDivElement>(null);
  // Nothing written yet is not a mistake: no error until the student has typed something.
  const empty = value.trim() === "";
  const error = result && !result.ok && !empty ? result.error : null;
  const errorLine = error ? error.line : null;
  return (
    <div className="graph-editor">
      <div className="editor-pane">
        <label htmlFor={id}>{t("label")}</label>
        {ban.length ? <p className="muted small">{t("banned", { ops: ban.join(", ") })}</p> : null}
        <div className="code-area">
          <div className="gutter" ref={gutter} aria-hidden="true">
            <Gutter lines={lines} errorLine={errorLine} />
          </div>
          <textarea
            id={id}
            value={value}
            disabled={disabled}
            rows={Math.min(16, lines + 1)}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            data-testid={`graph-source-${partId}`}
            aria-invalid={errorLine !== null ? true : undefined}
            aria-describedby={`${id}-status`}
            onChange={(e) => onChange(e.target.value)}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
          />
        </div>
        <p id={`${id}-status`} className={error ? "field-error" : "muted small"} role="status">
          {error ? graphErrorText(error, isLocale(locale) ? locale : "en", (v) => t("errorAt", v)) : "\u00a0"}
        </p>
      </div>
      <div className="editor-drawing" data-testid={`graph-drawing-${partId}`} aria-busy={pending}>
        <p className="muted small">{t("drawnLive")}</p>
        {result && result.ok ? (
          <div className="graph-scroll">
            <GraphCanvas structure={result.structure ?? NO_STRUCTURE} drawing={result.drawing} fields={NO_FIELDS} asked={NONE} label={t("drawnLive")} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
