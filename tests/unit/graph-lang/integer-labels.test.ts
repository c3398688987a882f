/** cross_entropy with integer class labels, as PyTorch's F.cross_entropy(Z, y, reduction="none"). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graphErrorOf } from "./graph-error";
import { toEvalJson } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { expectClose, numericGradient } from "../autograd/helpers";

const errorOf = graphErrorOf;

const MLP_HEAD = `input Z[4,3] = [[1.5, -0.3, 0.2], [0.1, 2.0, -1.0], [0.7, 0.7, 0.1], [-2.0, 0.5, 1.0]]
input y[4] = [0, 1, 2, 2]
l = cross_entropy(Z, y)
L = mean(l)
`;

describe("integer class labels", () => {
  it("[m, k] logits with [m] labels give the [m] losses of PyTorch, and its gradient", () => {
    const r = evaluateSource(MLP_HEAD).evaluated;
    // torch: F.cross_entropy(Z, y, reduction="none"), then .mean().backward(), float64
    expectClose(r.value("l").data, [0.3631355063687535, 0.18178448558911336, 1.535627225485741, 0.5045969023422835], 1e-14, 0);
    expectClose(r.outputValue.data, [0.6462860299464729], 1e-14, 0);
    expectClose(
      r.grad("Z")!.data,
      [
        -0.0761269541266951, 0.028741021174558214, 0.04738593295213691, 0.03117686870754702, -0.04155474678054091, 0.010377878072993922, 0.09808492571978254,
        0.09808492571978254, -0.19616985143956508, 0.007514721892393506, 0.09154805407045005, -0.09906277596284355,
      ],
      1e-13,
      1e-17,
    );
  });

  it("a [k] logit vector with a scalar label gives a scalar (torch: 2.1631355063687536)", () => {
    const r = evaluateSource("input z[3] = [0.2, 1.5, -0.3]\nL = cross_entropy(z, 2)\n").evaluated;
    expectClose(r.outputValue.data, [2.1631355063687536], 1e-15, 0);
    expectClose(r.grad("z")!.data, [0.18954373180854764, 0.6954921834932196, -0.8850359153017672], 1e-14, 0);
  });

  it("sends no gradient to the labels: an input holding labels gets gradient zero", () => {
    const j = toEvalJson(evaluateSource(MLP_HEAD).evaluated);
    expect(j.nodes.find((n) => n.id === "y")!.grad).toEqual([0, 0, 0, 0]);
  });

  it("keeps same-shape targets as probabilities", () => {
    const r = evaluateSource("input z[3] = [0.2, 1.5, -0.3]\nL = cross_entropy(z, [0, 0, 1])\n").evaluated;
    expectClose(r.outputValue.data, [2.1631355063687536], 1e-15, 0);
  });

  it("reports a label outside 0..k-1 or not whole at its line", () => {
    const e = errorOf("input Z[2,3] = [[1, 2, 3], [4, 5, 6]]\n\nL = cross_entropy(Z, [0, 3])\n");
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/the class label of row 1 is 3, but with 3 classes a label is a whole number from 0 to 2/);
    expect(errorOf("input z[3] = [1, 2, 3]\nL = cross_entropy(z, 1.5)\n").message).toMatch(/the class label is 1.5/);
    expect(errorOf("input z[3] = [1, 2, 3]\nL = cross_entropy(z, -1)\n").message).toMatch(/the class label is -1/);
    expect(errorOf("input Z[2,3] = [[1, 2, 3], [4, 5, 6]]\nL = cross_entropy(Z, [0, 1, 2])\n").message).toMatch(
      /one class label per row of the logits: \[2, 3\] logits have 2 rows, but the labels have shape \[3\]/,
    );
  });
});

describe("property: labels are one-hot probability rows", () => {
  it("cross_entropy(Z, y) equals cross_entropy(Z, onehot(y)), and its gradient matches central differences", () => {
    const drawn = fc.record({ m: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 2, max: 4 }) }).chain(({ m, k }) =>
      fc.record({
        Z: fc.array(fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: k, maxLength: k }), { minLength: m, maxLength: m }),
        y: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: m, maxLength: m }),
      }),
    );
    fc.assert(
      fc.property(drawn, ({ Z, y }) => {
        const m = Z.length;
        const k = Z[0]!.length;
        const oneHot = y.map((c) => Array.from({ length: k }, (_v, j) => (j === c ? 1 : 0)));
        const source = `input Z[${m},${k}]\nL = sum(cross_entropy(Z, ${JSON.stringify(y)}) * ${JSON.stringify(y.map((_c, i) => i + 1))})\n`;
        const run = (z: number[][]) => evaluateSource(source, { at: { Z: z } }).evaluated;
        const r = run(Z);
        const probs = evaluateSource(
          `input Z[${m},${k}]\nL = sum(cross_entropy(Z, ${JSON.stringify(oneHot)}) * ${JSON.stringify(y.map((_c, i) => i + 1))})\n`,
          {
            at: { Z },
          },
        ).evaluated;
        expectClose(r.outputValue.data, probs.outputValue.data, 1e-15, 1e-15);
        expectClose(r.grad("Z")!.data, probs.grad("Z")!.data, 1e-15, 1e-15);
        const f = (x: Float64Array) => run(Z.map((_r, i) => Array.from(x.subarray(i * k, (i + 1) * k)))).outputValue.data[0]!;
        expectClose(r.grad("Z")!.data, numericGradient(f, Float64Array.from(Z.flat())), 1e-5, 1e-6);
      }),
      { numRuns: 60 },
    );
  });
});
