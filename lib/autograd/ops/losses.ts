/**
 * Losses as PyTorch computes them: `bce_with_logits(z, y)` and `bce(p, y)` elementwise (reduction
 * "none"; y is the target, usually 0 or 1), and `mse(a, b)`, the mean of the squared differences.
 */
import { type Shape, type Tensor, SCALAR_SHAPE, formatShape, scalar, shapesEqual } from "../tensor";
import { defineElementwise } from "./elementwise";
import { noKinks, requireShape, scalarEdgeLocals } from "./structural";
import type { Operation, ShapeResult } from "./types";

/**
 * max(z, 0) − z·y + ln(1 + e^−|z|), which is −[y ln σ(z) + (1 − y) ln(1 − σ(z))] without overflow.
 * ∂/∂z = σ(z) − y, ∂/∂y = −z.
 */
export const bceWithLogits = defineElementwise({
  name: "bce_with_logits",
  symbol: "bce_with_logits",
  notation: "function",
  latex: ([z, y]) => `\\operatorname{BCE}_{\\text{logits}}\\left(${z}, ${y}\\right)`,
  localLatex: ([z, y], _out, k) => (k === 0 ? `\\sigma\\left(${z}\\right) - ${y}` : `-${z}`),
  rule: {
    value: (z, y) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))),
    partials: [
      (z, y) => {
        const e = Math.exp(-Math.abs(z));
        return (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
      },
      (z) => -z,
    ],
  },
});

/** PyTorch clamps each log in binary_cross_entropy at −100, so p = 0 or 1 gives a finite loss. */
const LOG_FLOOR = -100;
/** ... and its gradient divides by max(p(1 − p), 1e-12). */
const BCE_EPS = 1e-12;

/** −[y ln p + (1 − y) ln(1 − p)] for a probability p in [0, 1]. ∂/∂p = (p − y) / (p(1 − p)), ∂/∂y = ln(1 − p) − ln p. */
export const bce = defineElementwise({
  name: "bce",
  symbol: "bce",
  notation: "function",
  latex: ([p, y]) => `\\operatorname{BCE}\\left(${p}, ${y}\\right)`,
  localLatex: ([p, y], _out, k) => (k === 0 ? `\\frac{${p} - ${y}}{${p}\\left(1 - ${p}\\right)}` : `\\ln\\left(1 - ${p}\\right) - \\ln ${p}`),
  rule: {
    value: (p, y) => -(y * Math.max(Math.log(p), LOG_FLOOR) + (1 - y) * Math.max(Math.log1p(-p), LOG_FLOOR)),
    partials: [(p, y) => (p - y) / Math.max(p * (1 - p), BCE_EPS), (p) => Math.max(Math.log1p(-p), LOG_FLOOR) - Math.max(Math.log(p), LOG_FLOOR)],
    domain: (p) => (p < 0 || p > 1 ? "bce needs a probability between 0 and 1 as its first argument (for logits use bce_with_logits)" : null),
  },
});

function mseShape([a, b]: readonly Shape[]): ShapeResult {
  if (!shapesEqual(a!, b!)) return { error: `shape mismatch: mse compares two tensors of the same shape, got ${formatShape(a!)} and ${formatShape(b!)}` };
  return { shape: SCALAR_SHAPE };
}

const mseVjp = ([a, b]: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
  const n = a!.data.length;
  const da = new Float64Array(n);
  const db = new Float64Array(n);
  const g = upstream.data[0]!;
  for (let i = 0; i < n; i++) {
    da[i] = (2 * g * (a!.data[i]! - b!.data[i]!)) / n;
    db[i] = -da[i]!;
  }
  return [
    { shape: a!.shape, data: da },
    { shape: b!.shape, data: db },
  ];
};

/** mean((a − b)²) over every element: a scalar. */
export const mse: Operation = {
  kind: "reduction",
  name: "mse",
  arity: 2,
  symbol: "mse",
  notation: "function",
  latex: ([a, b]) => `\\operatorname{MSE}\\left(${a}, ${b}\\right)`,
  localLatex: ([a, b], _out, k) => `${k === 0 ? "" : "-"}\\tfrac{2}{N}\\left(${a} - ${b}\\right)`,
  elementwise: null,
  shape: mseShape,
  domainError: () => null,
  forward: (inputs) => {
    requireShape(mseShape, inputs);
    const [a, b] = inputs;
    let s = 0;
    for (let i = 0; i < a!.data.length; i++) s += (a!.data[i]! - b!.data[i]!) ** 2;
    return scalar(s / a!.data.length);
  },
  local: (inputs, output) => scalarEdgeLocals(mseVjp, inputs, output),
  vjp: mseVjp,
  nonDifferentiable: noKinks,
};
