"use client";

/**
 * A graph-construction part: an editor for the graph language with line numbers, the first error
 * shown at its line and column, and the student's graph drawn live beside it.
 */
import { useTranslations } from "next-intl";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { structureFromSource, type StructureResult } from "@/lib/graph-view/structure";
import { GraphCanvas } from "../graph/GraphCanvas";

const NO_FIELDS: never[] = [];
const NONE = new Set<string>();

export function useStructure(source: string, delayMs = 250): StructureResult | null {
  const [result, setResult] = useState<StructureResult | null>(() => (source.trim() ? structureFromSource(source) : null));
  useEffect(() => {
    const timer = setTimeout(() => setResult(source.trim() ? structureFromSource(source) : null), delayMs);
    return () => clearTimeout(timer);
  }, [source, delayMs]);
  return result;
}

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
  const id = useId();
  const result = useStructure(value);
  const lines = Math.max(4, value.split("\n").length);
  const gutter = useRef<HTMLDivElement>(null);
  const errorLine = result && !result.ok ? result.error.line : null;
  const numbers = useMemo(() => Array.from({ length: lines }, (_, i) => i + 1), [lines]);
  return (
    <div className="graph-editor">
      <div className="editor-pane">
        <label htmlFor={id}>{t("label")}</label>
        {ban.length ? <p className="muted small">{t("banned", { ops: ban.join(", ") })}</p> : null}
        <div className="code-area">
          <div className="gutter" ref={gutter} aria-hidden="true">
            {numbers.map((n) => (
              <div key={n} className={n === errorLine ? "error-line" : undefined}>
                {n}
              </div>
            ))}
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
        <p id={`${id}-status`} className={result && !result.ok ? "field-error" : "muted small"} role="status">
          {result && !result.ok
            ? result.error.line !== null
              ? t("errorAt", { line: result.error.line, column: result.error.column ?? 1, message: result.error.message })
              : result.error.message
            : "\u00a0"}
        </p>
      </div>
      <div className="editor-drawing">
        <p className="muted small">{t("drawnLive")}</p>
        {result && result.ok ? (
          <div className="graph-scroll">
            <GraphCanvas structure={result.structure} fields={NO_FIELDS} asked={NONE} label={t("drawnLive")} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
