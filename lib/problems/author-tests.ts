/**
 * Author tests: answers written into the problem file with the score, verdicts and named mistakes
 * they must get, run through the same grader as students' submissions (like unit tests for a problem).
 */
import { gradeSubmission, type Answers, type PartResult, type SubmissionGrade } from "./grade";
import { referenceSubmission } from "./reference";
import type { TestSpec } from "./schema";
import { generateVariant, VariantError, type CompiledProblem } from "./variant";

export interface AuthorTestResult {
  name: string;
  passed: boolean;
  failures: string[];
}

const SCORE_TOLERANCE = 1e-6;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects (an annotation's nodes and edges); anything else is replaced. */
function merge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

/** The answers a test submits: the reference answers overridden part by part, or only its own. */
export function testAnswers(problem: CompiledProblem, test: TestSpec, reference: Answers): Answers {
  return test.base === "reference" ? (merge(reference, test.answers) as Answers) : { ...test.answers };
}

function partDiagnosis(part: PartResult): string | null {
  if (part.kind === "numeric" || part.kind === "vector") return part.result.diagnosis?.code ?? null;
  if (part.kind === "expression" && part.check?.ok) return part.check.diagnosis?.code ?? null;
  return null;
}

/** The required quantities a construction part's graph lacks, sorted. */
function partMissing(part: PartResult): string[] {
  return part.kind === "graph-construction" && part.check?.ok ? part.check.missing.map((m) => m.node).sort() : [];
}

function findField(grade: SubmissionGrade, key: string) {
  const [partId, node, field, from] = key.split("/");
  const part = grade.parts.find((p) => p.id === partId);
  if (!part || part.kind !== "graph-annotation") return { error: `"${partId}" is not an annotation part` };
  const result = part.results.find((r) => r.node === node && r.field === field && (r.from ?? undefined) === from);
  if (!result)
    return {
      error: `no graded field ${key}${part.verdict === "blocked" ? " (the part is blocked: the constructed graph is not equivalent and detailed)" : ""}`,
    };
  return { result };
}

export function runAuthorTest(problem: CompiledProblem, test: TestSpec): AuthorTestResult {
  return runAuthorTestGraded(problem, test).result;
}

/** A test's result with the grade it got and the answers it submitted (null when its seed has no variant), for `problem test --verbose`. */
export function runAuthorTestGraded(
  problem: CompiledProblem,
  test: TestSpec,
): { result: AuthorTestResult; grade: SubmissionGrade | null; answers: Answers | null } {
  let grade: SubmissionGrade;
  let answers: Answers;
  try {
    const variant = generateVariant(problem, test.seed);
    answers = testAnswers(problem, test, referenceSubmission(problem, variant));
    grade = gradeSubmission(problem, variant, answers);
  } catch (e) {
    if (!(e instanceof VariantError)) throw e;
    return { result: { name: test.name, passed: false, failures: [e.message] }, grade: null, answers: null };
  }
  return { result: checkExpectations(test, grade), grade, answers };
}

function checkExpectations(test: TestSpec, grade: SubmissionGrade): AuthorTestResult {
  const failures: string[] = [];
  const { expect } = test;
  if (expect.score !== undefined && Math.abs(grade.score - expect.score) > SCORE_TOLERANCE) {
    const lost = grade.parts.filter((p) => p.score < 1).map((p) => `${p.id}: ${p.verdict} ${round(p.score)}`);
    failures.push(`score ${round(grade.score)}, expected ${expect.score}${lost.length ? ` (${lost.join(", ")})` : ""}`);
  }
  for (const [partId, want] of Object.entries(expect.parts ?? {})) {
    const part = grade.parts.find((p) => p.id === partId)!;
    if (want.score !== undefined && Math.abs(part.score - want.score) > SCORE_TOLERANCE)
      failures.push(`part ${partId}: score ${round(part.score)}, expected ${want.score}`);
    if (want.verdict !== undefined && part.verdict !== want.verdict) failures.push(`part ${partId}: ${part.verdict}, expected ${want.verdict}`);
    if (want.diagnosis !== undefined && partDiagnosis(part) !== want.diagnosis) {
      failures.push(`part ${partId}: mistake ${partDiagnosis(part) ?? "none"}, expected ${want.diagnosis ?? "none"}`);
    }
    if (want.missing !== undefined) {
      const missing = partMissing(part);
      if (missing.join(",") !== [...want.missing].sort().join(","))
        failures.push(`part ${partId}: missing [${missing.join(", ")}], expected [${want.missing.join(", ")}]`);
    }
  }
  for (const [key, want] of Object.entries(expect.fields ?? {})) {
    const found = findField(grade, key);
    if ("error" in found) {
      failures.push(found.error!);
      continue;
    }
    const r = found.result;
    if (want.verdict !== undefined && r.verdict !== want.verdict) failures.push(`${key}: ${r.verdict}, expected ${want.verdict}`);
    if (want.diagnosis !== undefined && (r.diagnosis?.code ?? null) !== want.diagnosis) {
      failures.push(`${key}: mistake ${r.diagnosis?.code ?? "none"}, expected ${want.diagnosis ?? "none"}`);
    }
  }
  return { name: test.name, passed: failures.length === 0, failures };
}

function round(x: number): string {
  return String(Math.round(x * 1e4) / 1e4);
}

export function runAuthorTests(problem: CompiledProblem): AuthorTestResult[] {
  return problem.file.tests.map((t) => runAuthorTest(problem, t));
}
