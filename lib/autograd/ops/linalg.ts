/** `dot(a, b)`, the matrix product `a @ b` and the transpose `t(x)`. */
import { type Shape, type Tensor, SCALAR_SHAPE, formatShape, scalar } from "../tensor";
import { noDomainError, noKinks, requireShape, scalarEdgeLocals } from "./structural";
import type { Operation, ShapeResult } from "./types";

function dotShape([a, b]: readonly Shape[]): ShapeResult {
  if (a!.length !== 1 || b!.length !== 1 || a![0] !== b![0]) {
    return { error: `shape mismatch: dot needs two vectors of the same length, got ${formatShape(a!)} and ${formatShape(b!)}` };
  }
  return { shape: SCALAR_SHAPE };
}

const dotVjp = ([a, b]: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
  const g = upstream.data[0]!;
  const da = new Float64Array(a!.data.length);
  const db = new Float64Array(b!.data.length);
  for (let i = 0; i < da.length; i++) {
    da[i] = g * b!.data[i]!;
    db[i] = g * a!.data[i]!;
  }
  return [
    { shape: a!.shape, data: da },
    { shape: b!.shape, data: db },
  ];
};

export const dot: Operation = {
  kind: "linear-algebra",
  name: "dot",
  arity: 2,
  symbol: "dot",
  notation: "function",
  latex: ([a, b]) => `\\langle ${a}, ${b} \\rangle`,
  localLatex: ([a, b], _out, k) => (k === 0 ? b! : a!),
  elementwise: null,
  shape: dotShape,
  domainError: noDomainError,
  forward: (inputs) => {
    requireShape(dotShape, inputs);
    const [a, b] = inputs;
    let s = 0;
    for (let i = 0; i < a!.data.length; i++) s += a!.data[i]! * b!.data[i]!;
    return scalar(s);
  },
  local: (inputs, output) => scalarEdgeLocals(dotVjp, inputs, output),
  vjp: dotVjp,
  nonDifferentiable: noKinks,
};

/**
 * As in NumPy and PyTorch: a vector on the left acts as a row, on the right as a column, and that
 * dimension is dropped from the result ([k] @ [k, n] → [n], [m, k] @ [k] → [m], [k] @ [k] → []).
 */
function matmulShape([a, b]: readonly Shape[]): ShapeResult {
  if (a!.length === 0 || b!.length === 0 || a!.length > 2 || b!.length > 2) {
    return {
      error: `shape mismatch: '@' needs vectors or matrices, got ${formatShape(a!)} and ${formatShape(b!)} (use '*' to scale by a scalar)`,
    };
  }
  const k1 = a![a!.length - 1]!;
  const k2 = b![0]!;
  if (k1 !== k2) {
    return {
      error: `shape mismatch: '@' needs the columns of the left operand to match the rows of the right, got ${formatShape(a!)} @ ${formatShape(b!)}`,
    };
  }
  const out: number[] = [];
  if (a!.length === 2) out.push(a![0]!);
  if (b!.length === 2) out.push(b![1]!);
  return { shape: out };
}

/** C[m×n] = A[m×k] · B[k×n] over flat row-major buffers. */
function matmulFlat(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p]!;
      if (aip === 0) continue;
      const row = p * n;
      const out = i * n;
      for (let j = 0; j < n; j++) C[out + j]! += aip * B[row + j]!;
    }
  }
  return C;
}

function transposeFlat(A: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(A.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[j * rows + i] = A[i * cols + j]!;
  return T;
}

/** The operands as matrices: [m, k] and [k, n]. */
function dims(a: Shape, b: Shape): { m: number; k: number; n: number } {
  const m = a.length === 2 ? a[0]! : 1;
  const k = a[a.length - 1]!;
  const n = b.length === 2 ? b[1]! : 1;
  return { m, k, n };
}

const matmulVjp = ([a, b]: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
  const { m, k, n } = dims(a!.shape, b!.shape);
  // dA = G · Bᵀ, dB = Aᵀ · G, with G seen as [m, n].
  const dA = matmulFlat(upstream.data, transposeFlat(b!.data, k, n), m, n, k);
  const dB = matmulFlat(transposeFlat(a!.data, m, k), upstream.data, k, m, n);
  return [
    { shape: a!.shape, data: dA },
    { shape: b!.shape, data: dB },
  ];
};

export const matmul: Operation = {
  kind: "linear-algebra",
  name: "matmul",
  arity: 2,
  symbol: "@",
  notation: "infix",
  latex: ([a, b]) => `${a} ${b}`,
  localLatex: ([a, b], _out, k) => (k === 0 ? `{${b}}^{\\top}` : `{${a}}^{\\top}`),
  elementwise: null,
  shape: matmulShape,
  domainError: noDomainError,
  forward: (inputs) => {
    const shape = requireShape(matmulShape, inputs);
    const [a, b] = inputs;
    const { m, k, n } = dims(a!.shape, b!.shape);
    return { shape, data: matmulFlat(a!.data, b!.data, m, k, n) };
  },
  local: (inputs, output) => scalarEdgeLocals(matmulVjp, inputs, output),
  vjp: matmulVjp,
  nonDifferentiable: noKinks,
};

/** As in PyTorch's `t()`: swaps the two axes of a matrix and leaves scalars and vectors as they are. */
function transposeShape([a]: readonly Shape[]): ShapeResult {
  if (a!.length > 2) return { error: `shape mismatch: t() needs a matrix, got ${formatShape(a!)}` };
  return { shape: a!.length === 2 ? [a![1]!, a![0]!] : a! };
}

function transposeTensor(x: Tensor): Tensor {
  if (x.shape.length < 2) return { shape: x.shape, data: x.data.slice() };
  const [r, c] = x.shape as [number, number];
  return { shape: [c, r], data: transposeFlat(x.data, r, c) };
}

const transposeVjp = (_inputs: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => [transposeTensor(upstream)];

export const transpose: Operation = {
  kind: "linear-algebra",
  name: "transpose",
  arity: 1,
  symbol: "t",
  notation: "function",
  latex: ([a]) => `${a}^{\\top}`,
  localLatex: () => "\\left(\\,\\cdot\\,\\right)^{\\top}",
  elementwise: null,
  shape: transposeShape,
  domainError: noDomainError,
  forward: (inputs) => {
    requireShape(transposeShape, inputs);
    return transposeTensor(inputs[0]!);
  },
  local: (inputs, output) => scalarEdgeLocals(transposeVjp, inputs, output),
  vjp: transposeVjp,
  nonDifferentiable: noKinks,
};
