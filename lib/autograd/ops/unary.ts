/** Elementwise functions of one argument: exp, log, sqrt, abs, tanh, sigmoid, relu. */
import { defineElementwise } from "./elementwise";

export const exp = defineElementwise({
  name: "exp",
  symbol: "exp",
  notation: "function",
  latex: ([a]) => `e^{${a}}`,
  localLatex: ([a]) => `e^{${a}}`,
  rule: {
    value: (a) => Math.exp(a),
    partials: [(_a, _b, y) => y],
  },
});

/** The natural logarithm. */
export const log = defineElementwise({
  name: "log",
  symbol: "log",
  notation: "function",
  latex: ([a]) => `\\ln\\left(${a}\\right)`,
  localLatex: ([a]) => `\\frac{1}{${a}}`,
  rule: {
    value: (a) => Math.log(a),
    partials: [(a) => 1 / a],
    domain: (a) => (a <= 0 ? "log of a non-positive number" : null),
  },
});

export const sqrt = defineElementwise({
  name: "sqrt",
  symbol: "sqrt",
  notation: "function",
  latex: ([a]) => `\\sqrt{${a}}`,
  localLatex: ([a]) => `\\frac{1}{2\\sqrt{${a}}}`,
  rule: {
    value: (a) => Math.sqrt(a),
    // Infinite at 0: the engine reports it instead of passing Infinity on.
    partials: [(_a, _b, y) => 1 / (2 * y)],
    domain: (a) => (a < 0 ? "sqrt of a negative number" : null),
  },
});

export const abs = defineElementwise({
  name: "abs",
  symbol: "abs",
  notation: "function",
  latex: ([a]) => `\\left|${a}\\right|`,
  localLatex: ([a]) => `\\operatorname{sign}\\left(${a}\\right)`,
  rule: {
    value: (a) => Math.abs(a),
    partials: [(a) => (a > 0 ? 1 : a < 0 ? -1 : 0)],
    kink: (a) => (a === 0 ? "abs is not differentiable at 0; abs'(0) = 0 is used, as in PyTorch" : null),
  },
});

export const tanh = defineElementwise({
  name: "tanh",
  symbol: "tanh",
  notation: "function",
  latex: ([a]) => `\\tanh\\left(${a}\\right)`,
  localLatex: ([a]) => `1 - \\tanh^{2}\\left(${a}\\right)`,
  rule: {
    value: (a) => Math.tanh(a),
    partials: [(_a, _b, y) => 1 - y * y],
  },
});

export const sigmoid = defineElementwise({
  name: "sigmoid",
  symbol: "sigmoid",
  notation: "function",
  latex: ([a]) => `\\sigma\\left(${a}\\right)`,
  localLatex: ([a]) => `\\sigma\\left(${a}\\right)\\left(1 - \\sigma\\left(${a}\\right)\\right)`,
  rule: {
    // Two forms so that neither exp(-a) nor exp(a) overflows.
    value: (a) => {
      if (a >= 0) return 1 / (1 + Math.exp(-a));
      const e = Math.exp(a);
      return e / (1 + e);
    },
    partials: [(_a, _b, y) => (1 - y) * y],
  },
});

export const relu = defineElementwise({
  name: "relu",
  symbol: "relu",
  notation: "function",
  latex: ([a]) => `\\operatorname{ReLU}\\left(${a}\\right)`,
  localLatex: ([a]) => `\\mathbb{1}\\left[${a} > 0\\right]`,
  rule: {
    value: (a) => (a > 0 ? a : 0),
    partials: [(a) => (a > 0 ? 1 : 0)],
    kink: (a) => (a === 0 ? "relu is not differentiable at 0; relu'(0) = 0 is used, as in PyTorch" : null),
  },
});
