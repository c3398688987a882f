/** The functions of the graph language and the infix operators, mapped to engine operations. */
import type { OpName } from "../autograd";
import type { BinaryOperator } from "./ast";

export const BINARY_OPERATORS: { readonly [K in BinaryOperator]: OpName } = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "div",
  "^": "pow",
  "@": "matmul",
};

/** Function name → operation and argument count. `t` is the transpose, as in PyTorch. */
export const FUNCTIONS: ReadonlyMap<string, { op: OpName; arity: number }> = new Map([
  ["exp", { op: "exp", arity: 1 }],
  ["log", { op: "log", arity: 1 }],
  ["sqrt", { op: "sqrt", arity: 1 }],
  ["abs", { op: "abs", arity: 1 }],
  ["tanh", { op: "tanh", arity: 1 }],
  ["sigmoid", { op: "sigmoid", arity: 1 }],
  ["relu", { op: "relu", arity: 1 }],
  ["sum", { op: "sum", arity: 1 }],
  ["mean", { op: "mean", arity: 1 }],
  ["dot", { op: "dot", arity: 2 }],
  ["t", { op: "transpose", arity: 1 }],
  ["transpose", { op: "transpose", arity: 1 }],
  ["matmul", { op: "matmul", arity: 2 }],
  ["softmax", { op: "softmax", arity: 1 }],
  ["log_softmax", { op: "log_softmax", arity: 1 }],
  ["cross_entropy", { op: "cross_entropy", arity: 2 }],
]);
