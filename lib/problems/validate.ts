/**
 * `problem validate`: a problem file is checked like code before anyone sees it: its schema and
 * meaning (load.ts), 1,000 vetted variants, how many distinct variants it has, and its author tests.
 */
import { toNested, type EvaluatedGraph } from "@/lib/autograd";
import { runAuthorTests, type AuthorTestResult } from "./author-tests";
import { evaluateExpression } from "./expressions";
import { type LoadResult, loadProblem } from "./load";
import { isRandom, parameterCount, type Parameters } from "./parameters";
import { askedNodes } from "./reference";
import type { ParameterSpec, ScalarGenerator } from "./schema";
import type { PathSegment, ProblemIssue } from "./source";
import { drawAt, drawVariant, VariantError, type CompiledProblem } from "./variant";

export const VALIDATION_SEEDS = 1000;
export const FEW_VARIANTS = 20;
/** Up to this many parameter combinations, every one is vetted and counted exactly. */
const ENUMERATE_LIMIT = 2000;

export interface VariantCount {
  count: number;
  exact: boolean;
}

/** How many seeds were drawn and vetted, of how many asked; fewer when the time budget ran out. */
export interface Vetting {
  seeds: number;
  planned: number;
  /** The budget that stopped vetting early, in milliseconds; null when every planned seed was vetted. */
  stoppedByBudgetMs: number | null;
}

export interface ValidateOptions {
  seeds?: number;
  runTests?: boolean;
  /**
   * Milliseconds that drawing, vetting and counting variants may take. When it runs out, vetting
   * stops (at least one seed is always vetted), the count becomes an estimate, and a warning says
   * how many seeds were vetted. Default: no limit.
   */
  budgetMs?: number;
}

export interface ValidationReport {
  ok: boolean;
  issues: ProblemIssue[];
  problem: CompiledProblem | null;
  variants: VariantCount | null;
  vetting: Vetting | null;
  /** Why drawn variants were rejected (numbers blanked out), with how often, over the validation seeds. */
  rejections: Record<string, number>;
  tests: AuthorTestResult[];
}

function scalarValues(g: ScalarGenerator): unknown[] {
  switch (g.type) {
    case "int": {
      const out: number[] = [];
      for (let v = g.min; v <= g.max; v += g.step) if (!g.exclude?.includes(v)) out.push(v);
      return out;
    }
    case "real": {
      const n = Math.round((g.max - g.min) * 10 ** g.decimals);
      return Array.from({ length: n + 1 }, (_, i) => Number((g.min + i / 10 ** g.decimals).toFixed(g.decimals)));
    }
    case "choice":
      return g.values;
  }
}

/** Every value a random parameter can take (called only when their product is small). */
function allValues(spec: ParameterSpec): unknown[] {
  if (spec.type === "vector" || spec.type === "matrix") {
    const base = scalarValues(spec.of);
    const cells = spec.type === "vector" ? spec.length : spec.rows * spec.cols;
    let combos: unknown[][] = [[]];
    for (let i = 0; i < cells; i++) combos = combos.flatMap((c) => base.map((b) => [...c, b]));
    if (spec.type === "vector") return combos;
    return combos.map((c) => Array.from({ length: spec.rows }, (_, r) => c.slice(r * spec.cols, (r + 1) * spec.cols)));
  }
  return scalarValues(spec as ScalarGenerator);
}

/** Fixed and derived parameters added to a choice of random ones; null when a derived one fails. */
function completeParameters(problem: CompiledProblem, random: Parameters): Parameters | null {
  const out: Parameters = { ...random };
  for (const [name, spec] of Object.entries(problem.file.parameters)) if (spec.type === "fixed") out[name] = spec.value;
  try {
    for (const name of problem.derivedOrder) {
      const spec = problem.file.parameters[name] as Extract<ParameterSpec, { type: "derived" }>;
      out[name] = toNested(evaluateExpression(spec.expr, out));
    }
  } catch {
    return null;
  }
  return out;
}

/**
 * How many distinct valid variants: exact by enumeration when few, else estimated from the draws'
 * acceptance. An enumeration still running at `deadline` (a `performance.now()` time) gives way to
 * the estimate.
 */
export function countVariants(problem: CompiledProblem, acceptance: number, deadline = Infinity): VariantCount {
  const random = Object.entries(problem.file.parameters).filter(([, s]) => isRandom(s));
  const raw = random.reduce((n, [, s]) => n * parameterCount(s), 1);
  const estimate = { count: Math.round(raw * acceptance), exact: false };
  if (raw > ENUMERATE_LIMIT) return estimate;
  let combos: Parameters[] = [{}];
  for (const [name, spec] of random) combos = combos.flatMap((c) => allValues(spec).map((v) => ({ ...c, [name]: v as Parameters[string] })));
  let valid = 0;
  for (const c of combos) {
    if (performance.now() > deadline) return estimate;
    const parameters = completeParameters(problem, c);
    if (parameters && drawAt(problem, "count", parameters, 1).ok) valid++;
  }
  return { count: valid, exact: true };
}

/** Checks that need a compiled graph: node ids an annotation part lists, numeric vs vector answers. */
function checkAgainstVariant(problem: CompiledProblem, evaluated: EvaluatedGraph, lineAt: (path: PathSegment[]) => number): ProblemIssue[] {
  const issues: ProblemIssue[] = [];
  const error = (path: PathSegment[], message: string) => issues.push({ severity: "error", line: lineAt(path), message });
  const ids = new Set(evaluated.nodes.map((n) => n.id));
  problem.file.parts.forEach((part, i) => {
    if (part.kind === "graph-annotation") {
      for (const n of part.nodes ?? []) if (!ids.has(n)) error(["parts", i, "nodes"], `parts[${i}].nodes: "${n}" is not a node of the graph`);
      if (part.fields.includes("grad")) {
        for (const n of askedNodes(evaluated, part)) {
          if (ids.has(n) && evaluated.grad(n) === null) error(["parts", i], `parts[${i}]: node "${n}" has no gradient to ask for`);
        }
      }
    }
    if (part.kind === "numeric" || part.kind === "vector") {
      const node = part.answer.node ?? evaluated.outputId;
      if (!ids.has(node)) return;
      const scalar = evaluated.value(node).shape.length === 0;
      if (part.kind === "numeric" && !scalar) error(["parts", i, "kind"], `parts[${i}]: "${node}" is not a single number; use kind: vector`);
      if (part.kind === "vector" && scalar) error(["parts", i, "kind"], `parts[${i}]: "${node}" is a single number; use kind: numeric`);
    }
  });
  return issues;
}

export function validateLoaded(loaded: LoadResult, options: ValidateOptions = {}): ValidationReport {
  if (!loaded.ok) return { ok: false, issues: loaded.issues, problem: null, variants: null, vetting: null, rejections: {}, tests: [] };
  const { problem, source } = loaded;
  const lineAt = (path: PathSegment[]) => source.lineAt(path);
  const issues: ProblemIssue[] = [...loaded.issues];
  const planned = problem.randomized ? (options.seeds ?? VALIDATION_SEEDS) : 1;
  const deadline = performance.now() + (options.budgetMs ?? Infinity);
  let seeds = planned;
  const rejections: Record<string, number> = {};
  const failures: VariantError[] = [];
  let accepted = 0;
  let drawn = 0;
  for (let s = 0; s < seeds; s++) {
    if (s > 0 && performance.now() > deadline) {
      seeds = s;
      break;
    }
    try {
      const { variant, rejected } = drawVariant(problem, String(s));
      accepted++;
      drawn += variant.draw;
      for (const r of rejected) {
        const key = rejectionKey(r);
        rejections[key] = (rejections[key] ?? 0) + 1;
      }
      if (s === 0) issues.push(...checkAgainstVariant(problem, variant.evaluated, lineAt));
    } catch (e) {
      if (!(e instanceof VariantError)) throw e;
      failures.push(e);
    }
  }
  if (failures.length) {
    const first = failures[0]!;
    issues.push({
      severity: "error",
      line: lineAt(first.culprit),
      message: `${failures.length} of ${seeds} seeds give no valid variant; first: ${first.message}`,
    });
  }
  const vetting: Vetting = { seeds, planned, stoppedByBudgetMs: seeds < planned ? (options.budgetMs ?? null) : null };
  if (vetting.stoppedByBudgetMs !== null) {
    issues.push({
      severity: "warning",
      line: lineAt(["parameters"]),
      message: `only ${seeds.toLocaleString("en-US")} of ${planned.toLocaleString("en-US")} variants were vetted within the time budget of ${formatSeconds(vetting.stoppedByBudgetMs)}: the graph is too large to vet them all`,
    });
  }
  const variants = accepted ? countVariants(problem, accepted / drawn, deadline) : null;
  if (variants && variants.count < FEW_VARIANTS) {
    issues.push({
      severity: "warning",
      line: lineAt(["parameters"]),
      message: `only ${variants.count} distinct variant${variants.count === 1 ? "" : "s"}${variants.exact ? "" : " (estimated)"}: fewer than ${FEW_VARIANTS}, so students may share answers`,
    });
  }
  const canTest = options.runTests !== false && !issues.some((i) => i.severity === "error");
  const tests = canTest ? runAuthorTests(problem) : [];
  tests.forEach((t, i) => {
    if (!t.passed) issues.push({ severity: "error", line: lineAt(["tests", i]), message: `author test "${t.name}" failed: ${t.failures.join("; ")}` });
  });
  return { ok: !issues.some((i) => i.severity === "error"), issues, problem, variants, vetting, rejections, tests };
}

/**
 * A rejection reason as it is counted: a failed constraint is its own text (`constraint failed: x + y != 0`);
 * in any other reason the drawn numbers are blanked to "#" (`node "h1": # has more than 4 digits before
 * the point`; a kink is its node, `non-differentiable point at node "h"`), so the same cause is counted once.
 */
export function rejectionKey(reason: string): string {
  if (reason.startsWith("constraint failed: ")) return reason;
  // The kink's note repeats the drawn point; the node says all there is to say.
  const kink = /^(non-differentiable point at node "[^"]*")/.exec(reason);
  if (kink) return kink[1]!;
  return reason.replace(/(?<![\w.]|line |column |more than )-?\d+(\.\d+)?(e[-+]?\d+)?/g, "#");
}

/**
 * "412 draws rejected: 300 by `x + y != 0`, 112 by `abs(z) >= 2`": why vetting redrew, the most
 * frequent cause first; null when no draw was rejected.
 */
export function formatRejections(rejections: Readonly<Record<string, number>>): string | null {
  const entries = Object.entries(rejections).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return null;
  const total = entries.reduce((n, [, c]) => n + c, 0);
  const why = entries.map(([reason, n]) => {
    const constraint = reason.startsWith("constraint failed: ") ? reason.slice("constraint failed: ".length) : null;
    return `${n.toLocaleString("en-US")} by ${constraint === null ? reason : `\`${constraint}\``}`;
  });
  return `${total.toLocaleString("en-US")} draw${total === 1 ? "" : "s"} rejected: ${why.join(", ")}`;
}

/** 4 s, 2.5 s. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export function validateSource(text: string, options: ValidateOptions = {}): ValidationReport {
  return validateLoaded(loadProblem(text), options);
}
