/** The functions of the graph language and the infix operators, mapped to engine operations. */
import { OPS, type OpName } from "../autograd";
import type { BinaryOperator } from "./ast";

export const BINARY_OPERATORS: { readonly [K in BinaryOperator]: OpName } = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "div",
  "^": "pow",
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
  // Tensors (issue 13): max(X) and max(X, axis=k); compile.ts sends max(a, b) to `maximum`.
  ["max", "max"],
];

/** Function name → operation and argument count (the operation's own arity, from the registry). */
export const FUNCTIONS: ReadonlyMap<string, { op: OpName; arity: number }> = new Map(FUNCTION_OPS.map(([name, op]) => [name, { op, arity: OPS[op].arity }]));

// Tensors (issue 13): keyword arguments and methods.

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
