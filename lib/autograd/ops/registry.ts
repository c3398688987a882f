/** Every operation of the engine, by the `op` name used in the eval JSON. */
import { add, div, mul, neg, pow, sub } from "./arithmetic";
import { constant, input } from "./leaf";
import { dot, matmul, transpose } from "./linalg";
import { mean, sum } from "./reduction";
// Tensors: axis reductions and indexing
import { indexOp } from "./indexing";
import { max } from "./reduction";
import { crossEntropy, logSoftmax, softmax } from "./softmax";
import type { OpAttrs, OpDefinition, OpName, Operation } from "./types";
import { abs, exp, log, relu, sigmoid, sqrt, tanh } from "./unary";
// Issue 13: expressions, reassignment and functions.
import { clip, maximum, minimum } from "./compare";
import { bce, bceWithLogits, mse } from "./losses";
import { cos, elu, leakyRelu, log1p, logSigmoid, sin, softplus, square } from "./smooth";
import { stack } from "./stack";
import { norm, outer } from "./vector";

export const OPS: { readonly [K in OpName]: OpDefinition } = {
  input,
  const: constant,
  add,
  sub,
  mul,
  div,
  neg,
  pow,
  exp,
  log,
  sqrt,
  abs,
  tanh,
  sigmoid,
  relu,
  sum,
  mean,
  dot,
  matmul,
  transpose,
  softmax,
  log_softmax: logSoftmax,
  cross_entropy: crossEntropy,
  // Tensors: axis reductions and indexing
  max,
  index: indexOp,
  // Issue 13: expressions, reassignment and functions.
  stack,
  maximum,
  minimum,
  clip,
  softplus,
  log1p,
  log_sigmoid: logSigmoid,
  leaky_relu: leakyRelu,
  elu,
  sin,
  cos,
  square,
  outer,
  norm,
  bce_with_logits: bceWithLogits,
  bce,
  mse,
};

export const OP_NAMES = Object.keys(OPS) as OpName[];

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(OPS, name);
}

/** The operation (not a leaf) called `name`, bound to `attrs` when given; throws on leaves, unknown names and bad attributes. */
export function getOperation(name: string, attrs?: OpAttrs): Operation {
  if (!isOpName(name)) throw new RangeError(`unknown operation "${name}"`);
  const op = OPS[name];
  if (op.kind === "leaf") throw new RangeError(`"${name}" is a leaf; its value is given, not computed`);
  if (attrs === undefined) return op;
  const bound = bindAttrs(op, attrs);
  if ("error" in bound) throw new RangeError(bound.error);
  return bound;
}

/** `op` with attributes bound (`sum` with `{ axis: 0 }`), or why it cannot take them. */
export function bindAttrs(op: Operation, attrs: OpAttrs): Operation | { error: string } {
  if (op.withAttrs === undefined) return { error: `${op.name} takes no attributes (got ${Object.keys(attrs).join(", ")})` };
  return op.withAttrs(attrs);
}
