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
  localLatex: (_args, out) => `\\operatorname{diag}\\left(${out}\\right) - ${out} {${out}}^{\\top}`,
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
  localLatex: ([a]) => `I - \\mathbf{1} \\operatorname{softmax}\\left(${a}\\right)^{\\top}`,
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

/**
 * Targets of two kinds, told apart by shape: a target shaped like the logits holds probabilities
 * (one row per row of logits); a target with one dimension fewer holds integer class labels, one per row
 * (`[m]` labels for `[m, k]` logits, a scalar label for a `[k]` vector), as PyTorch's
 * `F.cross_entropy(logits, labels, reduction="none")`.
 */
function targetsAreLabels(x: Shape, t: Shape): boolean {
  return t.length === x.length - 1;
}

/** A vector gives a scalar, a matrix the vector of its rows' losses. */
function crossEntropyShape([x, t]: readonly Shape[]): ShapeResult {
  if (x!.length === 0 || x!.length > 2) {
    return { error: `shape mismatch: cross_entropy needs logits as a vector or a matrix, got ${formatShape(x!)}` };
  }
  const out = x!.length === 1 ? [] : [x![0]!];
  if (targetsAreLabels(x!, t!)) {
    if (t!.length === 1 && t![0] !== x![0]) {
      return {
        error: `shape mismatch: cross_entropy needs one class label per row of the logits: ${formatShape(x!)} logits have ${x![0]} rows, but the labels have shape ${formatShape(t!)}`,
      };
    }
    return { shape: out };
  }
  if (x!.length !== t!.length || x!.some((d, i) => d !== t![i])) {
    return {
      error: `shape mismatch: cross_entropy needs a target of the same shape as the logits (probabilities) or one class label per row (shape ${formatShape(out)}), got ${formatShape(x!)} and ${formatShape(t!)}`,
    };
  }
  return { shape: out };
}

/** Labels that are not a whole number in 0..k-1, as a message naming the first; null when all are valid. */
function labelError([x, t]: readonly Tensor[]): string | null {
  if (!targetsAreLabels(x!.shape, t!.shape)) return null;
  const k = x!.shape[x!.shape.length - 1]!;
  for (let r = 0; r < t!.data.length; r++) {
    const label = t!.data[r]!;
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      const where = t!.shape.length === 0 ? "the class label" : `the class label of row ${r}`;
      return `${where} is ${label}, but with ${k} classes a label is a whole number from 0 to ${k - 1}`;
    }
  }
  return null;
}

/** The target as probability rows: labels become one-hot rows, so one formula serves both kinds. */
function targetRows(x: Tensor, t: Tensor): Float64Array {
  if (!targetsAreLabels(x.shape, t.shape)) return t.data;
  const { rows, width } = rowsOf(x.shape);
  const oneHot = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) oneHot[r * width + t.data[r]!] = 1;
  return oneHot;
}

/**
 * −Σ target · log_softmax(logits) per row. Its gradient in the logits is softmax·Σtarget − target
 * (softmax − target for probability rows), in the target −log_softmax. Class labels are indices, not
 * quantities: no gradient flows to them (their downstream gradient is zero, as they have none in PyTorch).
 */
const crossEntropyVjp = ([x, t]: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
  const { rows, width } = rowsOf(x!.shape);
  const lse = logSumExp(x!.data, rows, width);
  const target = targetRows(x!, t!);
  const labels = targetsAreLabels(x!.shape, t!.shape);
  const dx = new Float64Array(x!.data.length);
  const dt = new Float64Array(t!.data.length);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    const g = upstream.data[r]!;
    let mass = 0;
    for (let j = 0; j < width; j++) mass += target[o + j]!;
    for (let j = 0; j < width; j++) {
      const logP = x!.data[o + j]! - lse[r]!;
      dx[o + j] = g * (Math.exp(logP) * mass - target[o + j]!);
      if (!labels) dt[o + j] = -g * logP;
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
  localLatex: ([a, b], _out, k) => (k === 0 ? `\\operatorname{softmax}\\left(${a}\\right) - ${b}` : `-\\log\\operatorname{softmax}\\left(${a}\\right)`),
  elementwise: null,
  shape: crossEntropyShape,
  domainError: labelError,
  forward: (inputs) => {
    const shape = requireShape(crossEntropyShape, inputs);
    const [x, t] = inputs;
    const { rows, width } = rowsOf(x!.shape);
    const lse = logSumExp(x!.data, rows, width);
    const target = targetRows(x!, t!);
    const loss = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const o = r * width;
      let s = 0;
      for (let j = 0; j < width; j++) s -= target[o + j]! * (x!.data[o + j]! - lse[r]!);
      loss[r] = s;
    }
    return { shape, data: loss };
  },
  local: (inputs, output) => scalarEdgeLocals(crossEntropyVjp, inputs, output),
  vjp: crossEntropyVjp,
  nonDifferentiable: noKinks,
};
