/**
 * Named mistakes for formulas. The expected formula's tree is rewritten into each mistake a student
 * commonly makes, and `checkExpression` compares the student's formula with each rewrite by sampling,
 * at the same points, in this order (that of `VALUE_MISTAKES`):
 *
 * - `wrong-log-base`: every natural log (`ln`, `log`) made log10, then log2 (also each one alone when
 *   there are several);
 * - `mean-vs-sum`: a mean of n terms (`(t1 + … + tn) / n`) taken as their sum, or a sum of terms taken
 *   as their mean (divided by the number of terms, or by a divisor of it, as when each term is written
 *   as two: `ln(Σ) - y11 + ln(Σ) - y22`);
 * - `no-softmax`: the softmax left out: `exp(x) / (exp(x) + exp(y) + …)` replaced by x, a log-softmax
 *   `x - ln(exp(x) + …)` by ln(x) and its negative `ln(exp(x) + …) - x` by -ln(x), as the graph
 *   mistake replaces softmax(z) by z and log_softmax(z) by ln z (also each site alone);
 * - `sign-flip`: the whole formula negated (a missing minus).
 *
 * Nothing here compares texts: rewrites are trees, evaluated like the student's formula.
 */
import type { AnswerExpr } from "./answer-language";
import type { MistakeCode } from "./mistakes";
import { FLOAT_SLACK } from "./tolerance";

/** A named mistake found in a formula; plain data, stored with the check result. */
export interface ExpressionDiagnosis {
  readonly code: MistakeCode;
  /** `base` (10 or 2) for wrong-log-base; `used` ("sum" or "mean") and `n` for mean-vs-sum. */
  readonly params: Readonly<Record<string, string | number>>;
}

export interface FormulaAlternative {
  readonly diagnosis: ExpressionDiagnosis;
  readonly expr: AnswerExpr;
}

/** Sites are also rewritten one at a time when there are several, up to this many. */
const MAX_SINGLE_SITES = 8;

type Call = Extract<AnswerExpr, { kind: "call" }>;

const num = (value: number): AnswerExpr => ({ kind: "number", value, column: 1 });
const call = (fn: Call["fn"], arg: AnswerExpr): AnswerExpr => ({ kind: "call", fn, args: [arg], column: 1 });
const negate = (operand: AnswerExpr): AnswerExpr => ({ kind: "negate", operand, column: 1 });
const binary = (op: "*" | "/", left: AnswerExpr, right: AnswerExpr): AnswerExpr => ({ kind: "binary", op, left, right, column: 1 });

/** The same tree, positions aside (`ln` and `log` are the same function). Iterative: chains can be thousands long. */
export function sameTree(a: AnswerExpr, b: AnswerExpr): boolean {
  const pairs: [AnswerExpr, AnswerExpr][] = [[a, b]];
  while (pairs.length > 0) {
    const [x, y] = pairs.pop()!;
    switch (x.kind) {
      case "number":
        if (y.kind !== "number" || y.value !== x.value) return false;
        break;
      case "constant":
      case "variable":
        if (y.kind !== x.kind || y.name !== x.name) return false;
        break;
      case "negate":
        if (y.kind !== "negate") return false;
        pairs.push([x.operand, y.operand]);
        break;
      case "binary":
        if (y.kind !== "binary" || y.op !== x.op) return false;
        pairs.push([x.left, y.left], [x.right, y.right]);
        break;
      case "call":
        if (y.kind !== "call" || !(y.fn === x.fn || (isNaturalLog(x) && isNaturalLog(y))) || y.args.length !== x.args.length) return false;
        x.args.forEach((arg, i) => pairs.push([arg, y.args[i]!]));
        break;
      case "array":
        if (y.kind !== "array" || y.items.length !== x.items.length) return false;
        x.items.forEach((item, i) => pairs.push([item, y.items[i]!]));
        break;
    }
  }
  return true;
}

function isNaturalLog(e: AnswerExpr): e is Call {
  return e.kind === "call" && (e.fn === "ln" || e.fn === "log");
}

/** The exponent of `exp(x)` or `e^x`, else null. */
function exponentOf(e: AnswerExpr): AnswerExpr | null {
  if (e.kind === "call" && e.fn === "exp") return e.args[0]!;
  if (e.kind === "binary" && e.op === "^" && e.left.kind === "constant" && e.left.name === "e") return e.right;
  return null;
}

/** The terms of a sum: `+` only, or with `signed`, `-` too and a minus sign in front of a sum. */
function termsOf(e: AnswerExpr, signed: boolean): AnswerExpr[] {
  const terms: AnswerExpr[] = [];
  const stack = [e];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === "binary" && (node.op === "+" || (signed && node.op === "-"))) stack.push(node.right, node.left);
    else if (signed && node.kind === "negate" && node.operand.kind === "binary" && (node.operand.op === "+" || node.operand.op === "-"))
      stack.push(node.operand);
    else terms.push(node);
  }
  return terms;
}

const plusTerms = (e: AnswerExpr) => termsOf(e, false);
const signedTerms = (e: AnswerExpr) => termsOf(e, true);

/** `exp(a) + exp(b) + …` (at least two terms) containing exp(x). */
function isSoftmaxDenominator(e: AnswerExpr, x: AnswerExpr): boolean {
  const terms = plusTerms(e);
  if (terms.length < 2) return false;
  const exponents = terms.map(exponentOf);
  return exponents.every((t) => t !== null) && exponents.some((t) => sameTree(t, x));
}

/**
 * Rebuilds the tree, replacing the sites `rewrite` answers for (outermost first, in pre-order; a
 * replaced site is not searched further). `only` picks one site by its index in that order. The left
 * spine of a chain (`a + b + c …`, as long as the text allows) is walked in a loop.
 */
function replaceSites(e: AnswerExpr, rewrite: (e: AnswerExpr) => AnswerExpr | null, only?: number): { expr: AnswerExpr; sites: number } {
  let sites = 0;
  const walk = (node: AnswerExpr): AnswerExpr => {
    const spine: Extract<AnswerExpr, { kind: "binary" }>[] = [];
    let bottom = node;
    let replacement: AnswerExpr | null = null;
    for (;;) {
      const replaced = rewrite(bottom);
      if (replaced !== null) {
        const index = sites++;
        if (only === undefined || only === index) {
          replacement = replaced;
          break;
        }
      }
      if (bottom.kind !== "binary" || bottom.op === "^") break;
      spine.push(bottom);
      bottom = bottom.left;
    }
    let out = replacement ?? children(bottom);
    for (let i = spine.length - 1; i >= 0; i--) out = { ...spine[i]!, left: out, right: walk(spine[i]!.right) };
    return out;
  };
  const children = (node: AnswerExpr): AnswerExpr => {
    switch (node.kind) {
      case "negate":
        return { ...node, operand: walk(node.operand) };
      case "binary":
        return { ...node, left: walk(node.left), right: walk(node.right) };
      case "call":
        return { ...node, args: node.args.map(walk) };
      case "array":
        return { ...node, items: node.items.map(walk) };
      default:
        return node;
    }
  };
  const expr = walk(e);
  return { expr, sites };
}

/** Every site rewritten at once, then each alone when there are several. */
function atEverySite(expected: AnswerExpr, rewrite: (e: AnswerExpr) => AnswerExpr | null, diagnosis: ExpressionDiagnosis): FormulaAlternative[] {
  const all = replaceSites(expected, rewrite);
  if (all.sites === 0) return [];
  const out: FormulaAlternative[] = [{ diagnosis, expr: all.expr }];
  if (all.sites > 1) {
    for (let i = 0; i < Math.min(all.sites, MAX_SINGLE_SITES); i++) out.push({ diagnosis, expr: replaceSites(expected, rewrite, i).expr });
  }
  return out;
}

function logBase(expected: AnswerExpr, base: 10 | 2): FormulaAlternative[] {
  const fn = base === 10 ? "log10" : "log2";
  return atEverySite(expected, (e) => (isNaturalLog(e) ? { ...e, fn } : null), { code: "wrong-log-base", params: { base } });
}

/** softmax(x) → x, log_softmax(x) → ln x, −log_softmax(x) → −ln x. */
function withoutSoftmax(e: AnswerExpr): AnswerExpr | null {
  if (e.kind !== "binary") return null;
  if (e.op === "/") {
    const x = exponentOf(e.left);
    return x !== null && isSoftmaxDenominator(e.right, x) ? x : null;
  }
  if (e.op === "-") {
    if (isNaturalLog(e.right) && isSoftmaxDenominator(e.right.args[0]!, e.left)) return call("ln", e.left);
    if (isNaturalLog(e.left) && isSoftmaxDenominator(e.left.args[0]!, e.right)) return negate(call("ln", e.right));
  }
  return null;
}

/** 1/n as written: the number itself or `1/n`. */
function reciprocalOf(e: AnswerExpr): number | null {
  if (e.kind === "binary" && e.op === "/" && e.left.kind === "number" && e.left.value === 1 && e.right.kind === "number") return e.right.value;
  if (
    e.kind === "number" &&
    e.value > 0 &&
    e.value < 1 &&
    Number.isInteger(Math.round(1 / e.value)) &&
    Math.abs(1 / e.value - Math.round(1 / e.value)) < FLOAT_SLACK
  )
    return Math.round(1 / e.value);
  return null;
}

function meanVsSum(expected: AnswerExpr): FormulaAlternative[] {
  let core = expected;
  while (core.kind === "negate") core = core.operand;
  // A mean written as a sum divided by n (or times 1/n): the student took the sum.
  if (core.kind === "binary" && (core.op === "/" || core.op === "*")) {
    let n: number | null = null;
    let summed: AnswerExpr | null = null;
    if (core.op === "/" && core.right.kind === "number") [n, summed] = [core.right.value, core.left];
    else if (core.op === "*" && reciprocalOf(core.right) !== null) [n, summed] = [reciprocalOf(core.right), core.left];
    else if (core.op === "*" && reciprocalOf(core.left) !== null) [n, summed] = [reciprocalOf(core.left), core.right];
    if (n !== null && summed !== null && Number.isInteger(n) && n >= 2 && signedTerms(summed).length >= 2) {
      return [{ diagnosis: { code: "mean-vs-sum", params: { used: "sum", n } }, expr: binary("*", expected, num(n)) }];
    }
  }
  // A sum of terms: the student took the mean, over all the terms or over groups of them.
  const count = signedTerms(core).length;
  const out: FormulaAlternative[] = [];
  for (let n = count; n >= 2; n--) {
    if (count % n === 0) out.push({ diagnosis: { code: "mean-vs-sum", params: { used: "mean", n } }, expr: binary("/", expected, num(n)) });
  }
  return out;
}

/** The expected formula rewritten into each named mistake, in the order they are tried. */
export function formulaAlternatives(expected: AnswerExpr): FormulaAlternative[] {
  return [
    ...logBase(expected, 10),
    ...logBase(expected, 2),
    ...meanVsSum(expected),
    ...atEverySite(expected, withoutSoftmax, { code: "no-softmax", params: {} }),
    { diagnosis: { code: "sign-flip", params: {} }, expr: negate(expected) },
  ];
}
