/**
 * the smooth, elementwise-pair, reduction and loss operations against PyTorch (float64): forward values and vector-Jacobian products at
 * the points of fixtures/smooth-and-reduction-ops.torch.json, which fixtures/smooth-and-reduction-ops.torch.py regenerates with torch.
 * Ties (maximum/minimum), clip at its bounds, softplus past its threshold 20, norm at 0 and bce at
 * p ∈ {0, 1} follow PyTorch's conventions exactly.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type NestedNumbers, fromNested, getOperation } from "@/lib/autograd";

interface TorchCase {
  readonly op: string;
  readonly inputs: NestedNumbers[];
  readonly value: NestedNumbers;
  readonly grads: NestedNumbers[];
}

const CASES = JSON.parse(readFileSync(join(__dirname, "fixtures", "smooth-and-reduction-ops.torch.json"), "utf8")) as TorchCase[];

/** |a − b| / max(|b|, 1): relative for large numbers, absolute near 0. */
function worstError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1));
  return worst;
}

describe("the smooth, elementwise-pair, reduction and loss operations agree with PyTorch", () => {
  let worst = 0;
  it.each(CASES.map((c, k) => [`${c.op} #${k}`, c] as const))("%s", (_label, c) => {
    const op = getOperation(c.op);
    const inputs = c.inputs.map(fromNested);
    const output = op.forward(inputs);
    const expected = fromNested(c.value);
    expect(output.shape).toEqual(expected.shape);
    const upstream = { shape: output.shape, data: Float64Array.from(output.data, (_v, k) => 1 + 0.1 * k) };
    const vjp = op.vjp(inputs, output, upstream);
    const errors = [worstError(output.data, expected.data), ...c.grads.map((g, k) => worstError(vjp[k]!.data, fromNested(g).data))];
    worst = Math.max(worst, ...errors);
    expect(Math.max(...errors)).toBeLessThan(1e-13);
  });

  it("covers every new operation (the worst relative error is logged)", () => {
    const ops = new Set(CASES.map((c) => c.op));
    for (const name of ["maximum", "minimum", "clip", "softplus", "log1p", "log_sigmoid", "leaky_relu", "elu", "sin", "cos", "square"])
      expect(ops).toContain(name);
    for (const name of ["outer", "norm", "bce_with_logits", "bce", "mse", "stack"]) expect(ops).toContain(name);
    console.log(`added ops vs PyTorch: ${CASES.length} cases, worst relative error ${worst.toExponential(2)}`);
  });
});
