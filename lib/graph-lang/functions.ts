/** The functions of the graph language and the infix operators, mapped to engine operations. */
import { OPS, type OpName } from "../autograd";
import type { BinaryOperator, Call, Expr, Literal } from "./ast";

export const BINARY_OPERATORS: { readonly [K in BinaryOperator]: OpName } = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "div",
  "^": "pow",
  // `**` is read as `^` by the parser (the same operation, precedence and right-associativity).
  "@": "matmul",
};

/** Function name → operation. `t` is the transpose, as in PyTorch. */
const FUNCTION_OPS: ReadonlyArray<readonly [string, OpName]> = [
  ["exp", "exp"],
  ["log", "log"],
  ["sqrt", "sqrt"],
  ["abs", "abs"],
  ["tanh", "tanh"],
  ["sigmoid", "sigmoid"],
  ["relu", "relu"],
  ["sum", "sum"],
  ["mean", "mean"],
  ["dot", "dot"],
  ["t", "transpose"],
  ["transpose", "transpose"],
  ["matmul", "matmul"],
  ["softmax", "softmax"],
  ["log_softmax", "log_softmax"],
  ["cross_entropy", "cross_entropy"],
  // Tensors: max(X) and max(X, axis=k); compile.ts sends max(a, b) to `maximum`.
  ["max", "max"],
  // `min` of two arguments is the elementwise minimum; `max` is listed above (compile.ts sends max(a, b)
  // to the elementwise `maximum`).
  ["min", "minimum"],
  ["clip", "clip"],
  ["softplus", "softplus"],
  ["log1p", "log1p"],
  ["log_sigmoid", "log_sigmoid"],
  ["leaky_relu", "leaky_relu"],
  ["elu", "elu"],
  ["sin", "sin"],
  ["cos", "cos"],
  ["square", "square"],
  ["outer", "outer"],
  ["norm", "norm"],
  ["bce_with_logits", "bce_with_logits"],
  ["bce", "bce"],
  ["mse", "mse"],
];

/**
 * Trailing arguments a function may leave out, and the numbers that stand in for them (each becomes a
 * `const` node, numbered like any literal of the statement): `leaky_relu(x)` is `leaky_relu(x, 0.01)`.
 */
const DEFAULT_ARGUMENTS: ReadonlyMap<string, readonly number[]> = new Map([["leaky_relu", [0.01]]]);

export interface FunctionInfo {
  readonly op: OpName;
  /** Argument count: the operation's own arity, from the registry. */
  readonly arity: number;
  /** Numbers for the last arguments when they are left out. */
  readonly defaults: readonly number[];
}

/** Function name → operation and argument count (the operation's own arity, from the registry). */
export const FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map(
  FUNCTION_OPS.map(([name, op]) => [name, { op, arity: OPS[op].arity, defaults: DEFAULT_ARGUMENTS.get(name) ?? [] }]),
);

/**
 * The operation a call of `name` with `count` arguments applies elementwise to numbers, or null when it
 * does not (a reduction, a product of tensors): what the answer language may also offer. `max(a, b)` is
 * `maximum`, as compile.ts reads it.
 */
export function elementwiseFunctionOp(name: string, count: number): OpName | null {
  const fn = FUNCTIONS.get(name);
  if (fn === undefined) return null;
  const op = name === "max" && count === 2 ? "maximum" : fn.op;
  const def = OPS[op];
  if (def.kind !== "elementwise" || count > def.arity || count < def.arity - fn.defaults.length) return null;
  return op;
}

const withDefaults = new WeakMap<Call, readonly Expr[]>();

/**
 * A call's arguments with left-out defaults filled in as literals (the same objects every time, so the
 * compiler and node-text number the same nodes).
 */
export function callArguments(call: Call): readonly Expr[] {
  const fn = FUNCTIONS.get(call.callee);
  if (fn === undefined || call.args.length >= fn.arity || call.args.length < fn.arity - fn.defaults.length) return call.args;
  let args = withDefaults.get(call);
  if (args === undefined) {
    const missing = fn.defaults.slice(fn.defaults.length - (fn.arity - call.args.length));
    args = [...call.args, ...missing.map((value): Literal => ({ kind: "literal", shape: [], data: [value], text: String(value), pos: call.pos }))];
    withDefaults.set(call, args);
  }
  return args;
}

// Tensors: keyword arguments and methods.

/** Functions that take `axis=` (then they reduce along that axis only, removing it). */
export const AXIS_FUNCTIONS: ReadonlySet<string> = new Set(["sum", "mean", "max"]);

/**
 * Methods, as micrograd and PyTorch write them: `x.relu()` is `relu(x)`, `X.sum(axis=0)` is
 * `sum(X, axis=0)`; the same node, with the receiver as the first argument.
 */
export const METHODS: ReadonlySet<string> = new Set([
  "relu",
  "tanh",
  "exp",
  "log",
  "sigmoid",
  "sqrt",
  "abs",
  "sum",
  "mean",
  "max",
  "softmax",
  "log_softmax",
  "t",
]);
