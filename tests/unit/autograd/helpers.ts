/** Shared by the engine tests: numeric derivatives and small graph builders. */
import { expect } from "vitest";
import { type NodeSpec, type Tensor, createGraph, evaluate, fromNested, type NestedNumbers, scalar, tensor } from "@/lib/autograd";

/** Central difference of f at x along element i, with a step scaled to the element's magnitude. */
export function centralDifference(f: (x: Float64Array) => number, x: Float64Array, i: number, h = 1e-6): number {
  const step = h * Math.max(1, Math.abs(x[i]!));
  const plus = x.slice();
  const minus = x.slice();
  plus[i]! += step;
  minus[i]! -= step;
  return (f(plus) - f(minus)) / (2 * step);
}

/** Numeric gradient of f at x, element by element. */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, h?: number): Float64Array {
  return Float64Array.from(x, (_v, i) => centralDifference(f, x, i, h));
}

/** |a - b| <= atol + rtol·|b| for every element, with a message naming the first element that is not. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-6, atol = 1e-7, label = ""): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    const ok = Math.abs(a - b) <= atol + rtol * Math.abs(b);
    if (!ok) expect.fail(`${label}[${i}]: got ${a}, expected ${b} (difference ${Math.abs(a - b)})`);
  }
}

export const t = (v: NestedNumbers): Tensor => fromNested(v);
export const s = scalar;
export { tensor };

/** Evaluates specs and returns the evaluated graph. */
export function run(specs: NodeSpec[], output: string) {
  return evaluate(createGraph(specs, { output }));
}
