"use client";

/** The editor's line-number gutter (marking lines with errors and warnings) and moving the cursor to a line. */
import { useCallback, useMemo, useRef } from "react";
import type { ProblemIssue } from "@/lib/problems/source";

export function useSourceLines(source: string, issues: ProblemIssue[]) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineMarks = useMemo(() => {
    const marks = new Map<number, "error" | "warning">();
    for (const i of issues) if (marks.get(i.line) !== "error") marks.set(i.line, i.severity);
    return marks;
  }, [issues]);
  const lineCount = useMemo(() => Math.max(20, source.split("\n").length), [source]);
  // A 10,000-node file has thousands of lines: the gutter is rebuilt only when they or their marks change.
  const gutterLines = useMemo(
    () =>
      Array.from({ length: lineCount }, (_, i) => i + 1).map((n) => (
        <div key={n} className={lineMarks.get(n) === "error" ? "error-line" : lineMarks.get(n) === "warning" ? "warning-line" : undefined} data-line={n}>
          {n}
        </div>
      )),
    [lineCount, lineMarks],
  );

  const jumpTo = useCallback(
    (line: number) => {
      const ta = textarea.current;
      if (!ta) return;
      const lines = source.split("\n");
      const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
      const end = start + (lines[line - 1]?.length ?? 0);
      ta.focus();
      ta.setSelectionRange(start, end);
      const lineHeight = parseFloat(getComputedStyle(ta).lineHeight) || 20;
      ta.scrollTop = Math.max(0, (line - 3) * lineHeight);
      if (gutter.current) gutter.current.scrollTop = ta.scrollTop;
    },
    [source],
  );

  return { textarea, gutter, gutterLines, jumpTo };
}
