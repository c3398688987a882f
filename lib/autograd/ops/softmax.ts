/**
 * `softmax(x)` and `log_softmax(x)` along the last axis, and `cross_entropy(logits, target)`.
 * All three subtract each row's maximum first so that exp never overflows.
 */
import { type Shape, type Tensor, formatShape, sizeOf } from "../tensor";
import { noDomainError, noKinks, requireShape, scalarEdgeLocals } from "./structural";
import type { Operation, ShapeResult } from "./types";

/** Rows along the last axis: a scalar is one row of one, a vector one row, a matrix m rows. */
function rowsOf(shape: Shape): { rows: number; width: number } {
  const width = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  return { rows: sizeOf(shape) / width, width };
}

function lastAxisShape([x]: readonly Shape[]): ShapeResult {
  if (x!.length > 2) return { error: `shape mismatch: softmax needs a vector or a matrix, got ${formatShape(x!)}` };
  return { shape: x! };
}

/** log Σ exp over each row, computed stably. */
function logSumExp(x: Float64Array, rows: number, width: number): Float64Array {
  const lse = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, x[o + j]!);
    let s = 0;
    for (let j = 0; j < width; j++) s += Math.exp(x[o + j]! - max);
    lse[r] = max + Math.log(s);
  }
  return lse;
}

function softmaxData(x: Tensor): Float64Array {
  const { rows, width } = rowsOf(x.shape);
  const y = new Float64Array(x.data.length);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, x.data[o + j]!);
    let s = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp(x.data[o + j]! - max);
      y[o + j] = e;
      s += e;
    }
    for (let j = 0; j < width; j++) y[o + j]! /= s;
  }
  return y;
}

// d softmax: y ⊙ (g − Σ g⊙y) per row.
const softmaxVjp = (_inputs: readonly Tensor[], output: Tensor, upstream: Tensor): Tensor[] => {
  const { rows, width } = rowsOf(output.shape);
  const y = output.data;
  const g = upstream.data;
  const dx = new Float64Array(y.length);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    let s = 0;
    for (let j = 0; j < width; j++) s += g[o + j]! * y[o + j]!;
    for (let j = 0; j < width; j++) dx[o + j] = y[o + j]! * (g[o + j]! - s);
  }
  return [{ shape: output.shape, data: dx }];
};

export const softmax: Operation = {
  kind: "softmax",
  name: "softmax",
  arity: 1,
  symbol: "softmax",
  notation: "function",
  latex: ([a]) => `\\operatorname{softmax}\\left(${a}\\right)`,
  elementwise: null,
  shape: lastAxisShape,
  domainError: noDomainError,
  forward: (inputs) => {
    const shape = requireShape(lastAxisShape, inputs);
    return { shape, data: softmaxData(inputs[0]!) };
  },
  local: (inputs, output) => scalarEdgeLocals(softmaxVjp, inputs, output),
  vjp: softmaxVjp,
  nonDifferentiable: noKinks,
};

// d log_softmax: g − softmax ⊙ Σ g per row, with softmax = exp(output).
const logSoftmaxVjp = (_inputs: readonly Tensor[], output: Tensor, upstream: Tensor): Tensor[] => {
  const { rows, width } = rowsOf(output.shape);
  const y = output.data;
  const g = upstream.data;
  const dx = new Float64Array(y.length);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    let s = 0;
    for (let j = 0; j < width; j++) s += g[o + j]!;
    for (let j = 0; j < width; j++) dx[o + j] = g[o + j]! - Math.exp(y[o + j]!) * s;
  }
  return [{ shape: output.shape, data: dx }];
};

export const logSoftmax: Operation = {
  kind: "softmax",
  name: "log_softmax",
  arity: 1,
  symbol: "log_softmax",
  notation: "function",
  latex: ([a]) => `\\log\\operatorname{softmax}\\left(${a}\\right)`,
  elementwise: null,
  shape: lastAxisShape,
  domainError: noDomainError,
  forward: (inputs) => {
    const shape = requireShape(lastAxisShape, inputs);
    const x = inputs[0]!;
    const { rows, width } = rowsOf(shape);
    const lse = logSumExp(x.data, rows, width);
    const y = new Float64Array(x.data.length);
    for (let i = 0; i < y.length; i++) y[i] = x.data[i]! - lse[Math.floor(i / width)]!;
    return { shape, data: y };
  },
  local: (inputs, output) => scalarEdgeLocals(logSoftmaxVjp, inputs, output),
  vjp: logSoftmaxVjp,
  nonDifferentiable: noKinks,
};

/** A vector gives a scalar, a matrix the vector of its rows' losses. */
function crossEntropyShape([x, t]: readonly Shape[]): ShapeResult {
  if (x!.length === 0 || x!.length > 2) {
    return { error: `shape mismatch: cross_entropy needs logits as a vector or a matrix, got ${formatShape(x!)}` };
  }
  if (x!.length !== t!.length || x!.some((d, i) => d !== t![i])) {
    return {
      error: `shape mismatch: cross_entropy needs logits and target of the same shape, got ${formatShape(x!)} and ${formatShape(t!)}`,
    };
  }
  return { shape: x!.length === 1 ? [] : [x![0]!] };
}

/**
 * −Σ target · log_softmax(logits) per row. Its gradient in the logits is softmax·Σtarget − target
 * (softmax − target for probability rows), in the target −log_softmax.
 */
const crossEntropyVjp = ([x, t]: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
  const { rows, width } = rowsOf(x!.shape);
  const lse = logSumExp(x!.data, rows, width);
  const dx = new Float64Array(x!.data.length);
  const dt = new Float64Array(t!.data.length);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    const g = upstream.data[r]!;
    let mass = 0;
    for (let j = 0; j < width; j++) mass += t!.data[o + j]!;
    for (let j = 0; j < width; j++) {
      const logP = x!.data[o + j]! - lse[r]!;
      dx[o + j] = g * (Math.exp(logP) * mass - t!.data[o + j]!);
      dt[o + j] = -g * logP;
    }
  }
  return [
    { shape: x!.shape, data: dx },
    { shape: t!.shape, data: dt },
  ];
};

export const crossEntropy: Operation = {
  kind: "softmax",
  name: "cross_entropy",
  arity: 2,
  symbol: "cross_entropy",
  notation: "function",
  latex: ([a, b]) => `\\operatorname{CE}\\left(${a}, ${b}\\right)`,
  elementwise: null,
  shape: crossEntropyShape,
  domainError: noDomainError,
  forward: (inputs) => {
    const shape = requireShape(crossEntropyShape, inputs);
    const [x, t] = inputs;
    const { rows, width } = rowsOf(x!.shape);
    const lse = logSumExp(x!.data, rows, width);
    const loss = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const o = r * width;
      let s = 0;
      for (let j = 0; j < width; j++) s -= t!.data[o + j]! * (x!.data[o + j]! - lse[r]!);
      loss[r] = s;
    }
    return { shape, data: loss };
  },
  local: (inputs, output) => scalarEdgeLocals(crossEntropyVjp, inputs, output),
  vjp: crossEntropyVjp,
  nonDifferentiable: noKinks,
};
