/**
 * The `grade` command's output: the JSON contract and the readable report. Messages are English here;
 * the UI renders the same results in the student's language with `describe`.
 */
import type { NestedNumbers } from "../autograd";
import type { GradeOutcome } from "./annotations";
import { formatNumber, formatValue } from "./format";
import { describe } from "./messages";
import type { FieldResult } from "./verdict";

export interface GradeJsonResult {
  node: string;
  field: string;
  from: string | null;
  verdict: string;
  expected: NestedNumbers;
  given: unknown;
  diagnosis: string | null;
  message: string;
}

export interface GradeJson {
  score: number;
  results: GradeJsonResult[];
}

/** `{"score": S, "results": [{"node", "field", "from", "verdict", "expected", "given", "diagnosis", "message"}]}` */
export function toGradeJson(outcome: GradeOutcome): GradeJson {
  return {
    score: outcome.score,
    results: outcome.results.map((r) => ({
      node: r.node,
      field: r.field,
      from: r.from,
      verdict: r.verdict,
      expected: r.expected,
      given: r.given,
      diagnosis: r.diagnosis?.code ?? null,
      message: describe(r, "en"),
    })),
  };
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") return JSON.stringify(v);
  return formatValue(v);
}

function where(r: FieldResult): string {
  return r.from === null ? `${r.node}.${r.field}` : `${r.from} → ${r.node} ${r.field}`;
}

/** A table of every result, then one line per result that is not correct with its message. */
export function formatGradeReport(outcome: GradeOutcome): string {
  const counts = new Map<string, number>();
  for (const r of outcome.results) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  const summary = [...counts].map(([v, n]) => `${n} ${v}`).join(", ");
  const header = ["field", "verdict", "expected", "given", "diagnosis"];
  const rows = outcome.results.map((r) => [where(r), r.verdict, show(r.expected), show(r.given), r.diagnosis?.code ?? ""]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  const notes = outcome.results.filter((r) => r.verdict !== "correct").map((r) => `  ${where(r)}: ${describe(r, "en")}`);
  const out = [
    `score ${formatNumber(outcome.score)} (${outcome.results.length} fields: ${summary || "none"})`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
  ];
  if (notes.length > 0) out.push("", "notes:", ...notes);
  return `${out.join("\n")}\n`;
}
