/**
 * The binary arithmetic operations `+ - * / ^` and unary `-`. Each keeps its own node: `a - b` is not
 * rewritten as `a + (-b)`, nor `a / b` as `a * b^-1`, because students draw and annotate them as they are.
 * A scalar broadcasts against a tensor.
 */
import { defineElementwise } from "./elementwise";

export const add = defineElementwise({
  name: "add",
  symbol: "+",
  notation: "infix",
  latex: ([a, b]) => `${a} + ${b}`,
  localLatex: () => "1",
  rule: {
    value: (a, b) => a + b,
    partials: [() => 1, () => 1],
  },
});

export const sub = defineElementwise({
  name: "sub",
  symbol: "-",
  notation: "infix",
  latex: ([a, b]) => `${a} - ${b}`,
  localLatex: (_args, _out, k) => (k === 0 ? "1" : "-1"),
  rule: {
    value: (a, b) => a - b,
    partials: [() => 1, () => -1],
  },
});

export const mul = defineElementwise({
  name: "mul",
  symbol: "*",
  notation: "infix",
  latex: ([a, b]) => `${a} \\cdot ${b}`,
  localLatex: ([a, b], _out, k) => (k === 0 ? b! : a!),
  rule: {
    value: (a, b) => a * b,
    partials: [(_a, b) => b, (a) => a],
  },
});

export const div = defineElementwise({
  name: "div",
  symbol: "/",
  notation: "infix",
  latex: ([a, b]) => `\\frac{${a}}{${b}}`,
  localLatex: ([a, b], _out, k) => (k === 0 ? `\\frac{1}{${b}}` : `-\\frac{${a}}{{${b}}^{2}}`),
  rule: {
    value: (a, b) => a / b,
    // ∂(a/b)/∂b = -(a/b)/b, written with the output as PyTorch does.
    partials: [(_a, b) => 1 / b, (_a, b, y) => -y / b],
    domain: (_a, b) => (b === 0 ? "division by zero" : null),
  },
});

export const neg = defineElementwise({
  name: "neg",
  symbol: "-",
  notation: "prefix",
  latex: ([a]) => `-${a}`,
  localLatex: () => "-1",
  rule: {
    value: (a) => -a,
    partials: [() => -1],
  },
});

/**
 * a ^ b for real numbers. The derivative in the exponent, y·ln(a), exists only for a > 0 (and is 0 for
 * a = 0 < b, where 0^b is constant); for a < 0 it is undefined (NaN), which the engine reports as an
 * error when the exponent depends on an input and as a missing (null) gradient when it is a constant,
 * as in `(x - m) ^ 2`.
 */
export const pow = defineElementwise({
  name: "pow",
  symbol: "^",
  notation: "infix",
  latex: ([a, b]) => `{${a}}^{${b}}`,
  localLatex: ([a, b], _out, k) => (k === 0 ? `${b} \\cdot {${a}}^{${b} - 1}` : `{${a}}^{${b}} \\ln ${a}`),
  rule: {
    value: (a, b) => Math.pow(a, b),
    partials: [
      // x^0 is constant: its derivative is 0 even at x = 0, where b·x^(b-1) would be 0·∞.
      (a, b) => (b === 0 ? 0 : b * Math.pow(a, b - 1)),
      (a, _b, y) => (a > 0 ? y * Math.log(a) : a === 0 ? 0 : Number.NaN),
    ],
    domain: (a, b) => {
      if (a === 0 && b < 0) return "division by zero (zero raised to a negative power)";
      if (a < 0 && !Number.isInteger(b)) return "a negative number raised to a non-integer power has no real value";
      return null;
    },
    kink: (a, b, input) => (input === 1 && a === 0 && b === 0 ? "0 ^ y is not differentiable in y at y = 0; the derivative 0 is used, as in PyTorch" : null),
  },
});
