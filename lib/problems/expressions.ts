/**
 * Expressions inside a problem file (derived parameters, constraints, changed parameters of a
 * mistake) are written in the graph language's expression syntax and evaluated by the same engine,
 * so an author learns one notation. Constraints add one comparison: `x1 != x2`, `abs(m) >= 0.5`.
 */
import { type Tensor, fromNested, type NestedNumbers } from "@/lib/autograd";
import { evaluateSource, GraphError, parseGraph, type Expr } from "@/lib/graph-lang";

export type Env = Readonly<Record<string, NestedNumbers>>;

export class ExpressionError extends Error {}

const HOLDER = "__value";

function parseExpression(expr: string): Expr {
  try {
    const program = parseGraph(`${HOLDER} = ${expr}`);
    const statement = program.statements.find((s) => s.kind === "assign");
    if (!statement || statement.kind !== "assign") throw new ExpressionError(`"${expr}" is not an expression`);
    return statement.expr;
  } catch (e) {
    if (e instanceof GraphError) {
      throw new ExpressionError(`cannot read "${expr}": ${e.message.replace(/^line 1, column \d+: /, "")}`);
    }
    throw e;
  }
}

/** The parameter names an expression refers to (functions excluded). */
export function namesIn(expr: string): string[] {
  const names = new Set<string>();
  const stack: Expr[] = [parseExpression(expr)];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === "name") names.add(e.name);
    else if (e.kind === "neg") stack.push(e.operand);
    else if (e.kind === "binary") stack.push(e.left, e.right);
    else if (e.kind === "call") stack.push(...e.args);
    else if (e.kind === "index") stack.push(e.target);
    else if (e.kind === "array") stack.push(...e.elements);
  }
  return [...names];
}

/** The functions an expression calls, by name. */
export function functionsIn(expr: string): string[] {
  const fns = new Set<string>();
  const stack: Expr[] = [parseExpression(expr)];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === "neg") stack.push(e.operand);
    else if (e.kind === "binary") stack.push(e.left, e.right);
    else if (e.kind === "array") stack.push(...e.elements);
    else if (e.kind === "call") {
      fns.add(e.callee);
      stack.push(...e.args);
    } else if (e.kind === "index") stack.push(e.target);
  }
  return [...fns];
}

/** The value of an expression given parameter values. */
export function evaluateExpression(expr: string, env: Env): Tensor {
  const ast = parseExpression(expr);
  if (ast.kind === "name") {
    const v = env[ast.name];
    if (v === undefined) throw new ExpressionError(`unknown name "${ast.name}" in "${expr}"`);
    return fromNested(v);
  }
  const used = namesIn(expr);
  const missing = used.filter((n) => env[n] === undefined);
  if (missing.length) throw new ExpressionError(`unknown name "${missing[0]}" in "${expr}"`);
  const declarations = used.map((n) => {
    const t = fromNested(env[n]!);
    return t.shape.length ? `${n}[${t.shape.join(",")}]` : n;
  });
  const source = `${declarations.length ? `input ${declarations.join(", ")}\n` : ""}${HOLDER} = ${expr}\n`;
  try {
    const { evaluated } = evaluateSource(source, { at: Object.fromEntries(used.map((n) => [n, env[n]!])) });
    return evaluated.value(HOLDER);
  } catch (e) {
    if (e instanceof GraphError) throw new ExpressionError(`"${expr}": ${e.message.replace(/^line \d+, column \d+: /, "")}`);
    throw e;
  }
}

const COMPARISONS = ["==", "!=", "<=", ">=", "<", ">"] as const;
type Comparison = (typeof COMPARISONS)[number];

/** Splits `lhs OP rhs` at its one top-level comparison. */
export function splitConstraint(text: string): { lhs: string; op: Comparison; rhs: string } {
  let depth = 0;
  const found: { at: number; op: Comparison }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (depth === 0) {
      const op = COMPARISONS.find((c) => text.startsWith(c, i));
      if (op) {
        found.push({ at: i, op });
        i += op.length - 1;
      }
    }
  }
  if (found.length !== 1) {
    throw new ExpressionError(`a constraint compares two expressions with one of ${COMPARISONS.join(" ")}; "${text}" has ${found.length}`);
  }
  const { at, op } = found[0]!;
  const lhs = text.slice(0, at).trim();
  const rhs = text.slice(at + op.length).trim();
  if (!lhs || !rhs) throw new ExpressionError(`"${text}" is missing a side of its comparison`);
  return { lhs, op, rhs };
}

/**
 * `==` in a constraint holds up to this relative difference (relative to max(1, |a|, |b|)), so that a
 * constraint such as `a + b == 1` survives float rounding; not the grader's absolute NOISE_FLOOR.
 */
const EQ_TOLERANCE = 1e-12;

function holds(a: number, op: Comparison, b: number): boolean {
  switch (op) {
    case "==":
      return Math.abs(a - b) <= EQ_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
    case "!=":
      return !holds(a, "==", b);
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

/** True when the comparison holds for every element (a scalar side is compared with each element). */
export function constraintHolds(text: string, env: Env): boolean {
  const { lhs, op, rhs } = splitConstraint(text);
  const a = evaluateExpression(lhs, env);
  const b = evaluateExpression(rhs, env);
  const n = Math.max(a.data.length, b.data.length);
  if (a.data.length !== b.data.length && a.data.length !== 1 && b.data.length !== 1) {
    throw new ExpressionError(`"${text}" compares values of different shapes`);
  }
  for (let i = 0; i < n; i++) {
    if (!holds(a.data[a.data.length === 1 ? 0 : i]!, op, b.data[b.data.length === 1 ? 0 : i]!)) return false;
  }
  return true;
}
