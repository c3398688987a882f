/**
 * `problem grade FILE --seed N --answers ANSWERS.json [--json]`: a whole submission graded against a
 * problem file at a seed, exactly as a student's would be (lib/problems/grade.ts), with every part's
 * and every field's verdict, named mistake and message. The answers file is the answer sheet author
 * tests use: `{"<part id>": answer}` (a number or text for numeric and vector parts, the formula's text
 * for expression parts, the graph's source for construction parts, `{"nodes": {...}}` for annotation
 * parts).
 *
 * The --json output is a stable contract (README): one object
 *   {"id", "seed", "score", "invalid",
 *    "parts": [{"id", "kind", "points", "score", "verdict", "mistake", "message",
 *               "fields": [{"node", "field", "from", "verdict", "expected", "given", "mistake", "message"}]}],
 *    "unreadable": [{"part", "message"}]}
 * with every number unrounded. `mistake` is a named mistake's code or null.
 */
import { describe, render } from "@/lib/grading/messages";
import { formatNumber, formatValue } from "@/lib/grading/format";
import type { FieldResult } from "@/lib/grading";
import { answersSchema, gradeSubmission, type Answers, type PartResult, type SubmissionGrade, type Unreadable } from "@/lib/problems/grade";
import { generateVariant, VariantError, type CompiledProblem } from "@/lib/problems/variant";
import { CliUsageError } from "@/lib/cli/types";

export interface GradeFieldJson {
  node: string;
  field: string;
  from: string | null;
  verdict: string;
  expected: unknown;
  given: unknown;
  mistake: string | null;
  message: string;
}

export interface GradePartJson {
  id: string;
  kind: string;
  points: number;
  score: number;
  verdict: string;
  mistake: string | null;
  message: string;
  fields: GradeFieldJson[];
}

export interface ProblemGradeJson {
  id: string;
  seed: string;
  score: number;
  invalid: boolean;
  parts: GradePartJson[];
  unreadable: { part: string; message: string }[];
}

/** The answers file's text read as a submission to this problem; anything wrong is a usage error naming where. */
export function readSubmission(problem: CompiledProblem, text: string, file: string): Answers {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliUsageError(`the answers file "${file}" is not valid JSON: ${(e as Error).message}`);
  }
  const ids = problem.file.parts.map((p) => p.id);
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new CliUsageError(`the answers file "${file}" must hold one object with an answer per part id (${ids.join(", ")})`);
  }
  for (const key of Object.keys(json)) {
    if (!ids.includes(key))
      throw new CliUsageError(`the answers file "${file}": "${key}" is not a part of ${problem.file.id} (its parts are ${ids.join(", ")})`);
  }
  const parsed = answersSchema(problem).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const kind = problem.file.parts.find((p) => p.id === issue.path[0])?.kind;
    throw new CliUsageError(
      `the answers file "${file}": at ${issue.path.join(".") || "the top"}${kind ? ` (${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind} part)` : ""}: ${issue.message}`,
    );
  }
  return parsed.data;
}

function fieldJson(r: FieldResult): GradeFieldJson {
  return {
    node: r.node,
    field: r.field,
    from: r.from,
    verdict: r.verdict,
    expected: r.expected,
    given: r.given,
    mistake: r.diagnosis?.code ?? null,
    message: describe(r, "en"),
  };
}

/** One line on a part as a whole: what was checked and what came of it. */
function partSummary(part: PartResult): { mistake: string | null; message: string } {
  switch (part.kind) {
    case "numeric":
    case "vector":
      return { mistake: part.result.diagnosis?.code ?? null, message: describe(part.result, "en") };
    case "expression": {
      const c = part.check;
      if (c === null) return { mistake: null, message: "no formula given" };
      if (!c.ok) return { mistake: null, message: `the formula could not be checked: ${c.error.message}` };
      const mistake = c.diagnosis?.code ?? null;
      if (c.equivalent) return { mistake, message: `equivalent to the reference at ${c.points} points` };
      const x = c.counterexample;
      const at = x
        ? ` at ${Object.entries(x.at)
            .map(([k, v]) => `${k} = ${formatNumber(v)}`)
            .join(", ")}: expected ${formatValue(x.expected)}, given ${formatValue(x.given)}`
        : "";
      return { mistake, message: `not equivalent to the reference${at}` };
    }
    case "graph-construction": {
      const c = part.check;
      if (c === null) return { mistake: null, message: "no graph given" };
      if (!c.ok) return { mistake: null, message: `the graph could not be read: ${c.error.line === null ? "" : `line ${c.error.line}: `}${c.error.message}` };
      if (!c.equivalent) return { mistake: null, message: `not equivalent: ${c.counterexample?.message ?? "it computes something else"}` };
      const problems = [
        ...c.violations.map((v) => `node ${v.node} uses ${v.op}, which this part bans${v.line === null ? "" : ` (line ${v.line})`}`),
        ...c.missing.map((m) => `no node computes ${m.node}`),
      ];
      return { mistake: null, message: problems.length ? `equivalent, but ${problems.join("; ")}` : `equivalent and detailed (${c.points} points compared)` };
    }
    case "graph-annotation": {
      const wrong = part.results.filter((r) => r.verdict !== "correct").length;
      if (part.verdict === "blocked")
        return { mistake: null, message: `blocked: it annotates the graph of part ${part.graph}, which is not yet equivalent and detailed` };
      return { mistake: null, message: `${part.results.length - wrong} of ${part.results.length} fields correct` };
    }
  }
}

function unreadableMessage(u: Unreadable): string {
  switch (u.kind) {
    case "answer":
      return `${u.node === null ? "" : `${u.from === null ? u.node : `${u.from} → ${u.node}`}${u.field ? ` ${u.field}` : ""}: `}${render(u.message, "en")}`;
    case "expression":
      return u.error.message;
    case "graph":
      return `${u.line === null ? "" : `line ${u.line}${u.column === null ? "" : `, column ${u.column}`}: `}${u.message}`;
  }
}

export function toProblemGradeJson(problem: CompiledProblem, seed: string, grade: SubmissionGrade): ProblemGradeJson {
  return {
    id: problem.file.id,
    seed,
    score: grade.score,
    invalid: grade.invalid,
    parts: grade.parts.map((p) => ({
      id: p.id,
      kind: p.kind,
      points: p.points,
      score: p.score,
      verdict: p.verdict,
      ...partSummary(p),
      fields: p.kind === "graph-annotation" ? p.results.map(fieldJson) : p.kind === "numeric" || p.kind === "vector" ? [fieldJson(p.result)] : [],
    })),
    unreadable: grade.unreadable.map((u) => ({ part: u.part, message: unreadableMessage(u) })),
  };
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

const shown = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? JSON.stringify(v) : formatValue(v));

/** The readable report: the score, a table of parts, then each part's fields and messages. */
export function formatProblemGrade(json: ProblemGradeJson): string {
  const total = json.parts.reduce((s, p) => s + p.points, 0);
  const earned = json.parts.reduce((s, p) => s + p.points * p.score, 0);
  const out = [
    `${json.id}, seed ${json.seed}: score ${formatNumber(json.score)} (${formatNumber(earned)} of ${formatNumber(total)} point${total === 1 ? "" : "s"})`,
  ];
  if (json.invalid)
    out.push("", "sent back unread (costs no attempt): some answers could not be read", ...json.unreadable.map((u) => `  ${u.part}: ${u.message}`));
  out.push(
    "",
    ...table(
      ["part", "kind", "verdict", "score", "mistake"],
      json.parts.map((p) => [p.id, p.kind, p.verdict, `${formatNumber(p.points * p.score)}/${formatNumber(p.points)}`, p.mistake ?? ""]),
    ),
  );
  for (const p of json.parts) {
    out.push("", `${p.id}: ${p.message}`);
    if (p.fields.length === 0) continue;
    const where = (f: GradeFieldJson) => (f.from === null ? `${f.node}.${f.field}` : `${f.from} → ${f.node} ${f.field}`);
    out.push(
      ...table(
        ["field", "verdict", "expected", "given", "mistake"],
        p.fields.map((f) => [where(f), f.verdict, shown(f.expected), shown(f.given), f.mistake ?? ""]),
      ).map((l) => `  ${l}`),
    );
    const notes =
      p.kind === "graph-annotation" ? p.fields.filter((f) => f.verdict !== "correct" && f.verdict !== "missing").map((f) => `  ${where(f)}: ${f.message}`) : [];
    if (notes.length) out.push(...notes);
  }
  return `${out.join("\n")}\n`;
}

/** Grades answers at a seed; a seed without a valid variant is a usage error. */
export function gradeAt(problem: CompiledProblem, seed: string, answers: Answers): ProblemGradeJson {
  let variant;
  try {
    variant = generateVariant(problem, seed);
  } catch (e) {
    if (e instanceof VariantError) throw new CliUsageError(e.message);
    throw e;
  }
  return toProblemGradeJson(problem, seed, gradeSubmission(problem, variant, answers));
}
