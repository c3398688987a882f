/**
 * More elementwise functions of one argument, as PyTorch computes them in float64: softplus, log1p,
 * log_sigmoid, elu (alpha 1), sin, cos, square, and leaky_relu, whose slope is its second input.
 */
import { defineElementwise } from "./elementwise";

/** PyTorch's softplus returns x itself above this (beta = 1), and its derivative 1 there. */
const SOFTPLUS_THRESHOLD = 20;

/** softplus(x) = ln(1 + eˣ), written so that neither exp overflows; derivative σ(x). */
export const softplus = defineElementwise({
  name: "softplus",
  symbol: "softplus",
  notation: "function",
  latex: ([a]) => `\\operatorname{softplus}\\left(${a}\\right)`,
  localLatex: ([a]) => `\\sigma\\left(${a}\\right)`,
  rule: {
    value: (a) => (a > SOFTPLUS_THRESHOLD ? a : Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)))),
    partials: [
      (a) => {
        if (a > SOFTPLUS_THRESHOLD) return 1;
        const z = Math.exp(a);
        return z / (z + 1);
      },
    ],
  },
});

/** ln(1 + x), accurate for small x. */
export const log1p = defineElementwise({
  name: "log1p",
  symbol: "log1p",
  notation: "function",
  latex: ([a]) => `\\ln\\left(1 + ${a}\\right)`,
  localLatex: ([a]) => `\\frac{1}{1 + ${a}}`,
  rule: {
    value: (a) => Math.log1p(a),
    partials: [(a) => 1 / (1 + a)],
    domain: (a) => (a <= -1 ? "log1p of a number at or below -1 (1 + x must be positive)" : null),
  },
});

/** ln σ(x) = min(x, 0) − ln(1 + e^−|x|); derivative 1 − σ(x) = σ(−x). */
export const logSigmoid = defineElementwise({
  name: "log_sigmoid",
  symbol: "log_sigmoid",
  notation: "function",
  latex: ([a]) => `\\ln\\sigma\\left(${a}\\right)`,
  localLatex: ([a]) => `1 - \\sigma\\left(${a}\\right)`,
  rule: {
    value: (a) => Math.min(a, 0) - Math.log1p(Math.exp(-Math.abs(a))),
    partials: [
      (a) => {
        const e = Math.exp(-Math.abs(a));
        // σ(−x) in the form that does not overflow for either sign.
        return a >= 0 ? e / (1 + e) : 1 / (1 + e);
      },
    ],
  },
});

/**
 * leaky_relu(x, slope) = x for x > 0, slope·x otherwise. The slope is the second input (a constant in
 * practice; the graph language writes `leaky_relu(x)` for slope 0.01). At 0 the derivative in x is the
 * slope, as in PyTorch.
 */
export const leakyRelu = defineElementwise({
  name: "leaky_relu",
  symbol: "leaky_relu",
  notation: "function",
  latex: ([a, b]) => `\\operatorname{LeakyReLU}_{${b}}\\left(${a}\\right)`,
  localLatex: ([a, b], _out, k) =>
    k === 0 ? `\\begin{cases} 1 & ${a} > 0 \\\\ ${b} & ${a} \\le 0 \\end{cases}` : `${a} \\cdot \\mathbb{1}\\left[${a} \\le 0\\right]`,
  rule: {
    value: (a, b) => (a > 0 ? a : b * a),
    partials: [(a, b) => (a > 0 ? 1 : b), (a) => (a > 0 ? 0 : a)],
    kink: (a, b, input) =>
      input === 0 && a === 0 && b !== 1 ? "leaky_relu is not differentiable at 0; the slope is used as its derivative there, as in PyTorch" : null,
  },
});

/** elu(x) = x for x > 0, eˣ − 1 otherwise (alpha = 1, differentiable everywhere: the derivative is 1 at 0). */
export const elu = defineElementwise({
  name: "elu",
  symbol: "elu",
  notation: "function",
  latex: ([a]) => `\\operatorname{ELU}\\left(${a}\\right)`,
  localLatex: ([a]) => `\\begin{cases} 1 & ${a} > 0 \\\\ e^{${a}} & ${a} \\le 0 \\end{cases}`,
  rule: {
    value: (a) => (a > 0 ? a : Math.expm1(a)),
    partials: [(a, _b, y) => (a > 0 ? 1 : y + 1)],
  },
});

export const sin = defineElementwise({
  name: "sin",
  symbol: "sin",
  notation: "function",
  latex: ([a]) => `\\sin\\left(${a}\\right)`,
  localLatex: ([a]) => `\\cos\\left(${a}\\right)`,
  rule: {
    value: (a) => Math.sin(a),
    partials: [(a) => Math.cos(a)],
  },
});

export const cos = defineElementwise({
  name: "cos",
  symbol: "cos",
  notation: "function",
  latex: ([a]) => `\\cos\\left(${a}\\right)`,
  localLatex: ([a]) => `-\\sin\\left(${a}\\right)`,
  rule: {
    value: (a) => Math.cos(a),
    partials: [(a) => -Math.sin(a)],
  },
});

/** x², its own node (a student draws `square`, not `x ^ 2`). */
export const square = defineElementwise({
  name: "square",
  symbol: "square",
  notation: "function",
  latex: ([a]) => `\\left(${a}\\right)^{2}`,
  localLatex: ([a]) => `2 ${a}`,
  rule: {
    value: (a) => a * a,
    partials: [(a) => 2 * a],
  },
});
