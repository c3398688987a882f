/** sum, mean and max along an axis (`sum(X, axis=0)`): values and gradients against PyTorch, errors, and the eval JSON. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graphErrorOf } from "./graph-error";
import { toEvalJson } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { expectClose, numericGradient } from "../autograd/helpers";

const json = (source: string, at?: Record<string, number[][]>) => toEvalJson(evaluateSource(source, at ? { at } : {}).evaluated);
const node = (j: ReturnType<typeof json>, id: string) => j.nodes.find((n) => n.id === id)!;

const errorOf = graphErrorOf;

const AXES = `input X[2,3] = [[0.5, -1.2, 3.0], [2.0, 0.3, -0.7]]
a = sum(X, axis=0)
b = mean(X, axis=1)
c = max(X, axis=-1)
m = max(X, axis=0)
L = sum(a * [1, 2, 3]) + sum(b * [-1, 0.5]) + sum(c ^ 2) + m[0] * m[1] * m[2]
`;

describe("axis reductions", () => {
  it("agree with PyTorch (X.sum(0), X.mean(1), X.max(-1).values, X.max(0).values)", () => {
    const j = json(AXES);
    expect(node(j, "a").value).toEqual([2.5, -0.8999999999999999, 2.3]);
    expect(node(j, "a").shape).toEqual([3]);
    expect(node(j, "b").shape).toEqual([2]);
    expect(node(j, "c").value).toEqual([3, 2]);
    expect(node(j, "m").value).toEqual([2, 0.3, 3]);
    // torch: out.backward() on the same expression, float64.
    expectClose([j.value as number], [21.900000000000002], 1e-15, 0);
    expectClose(
      (node(j, "X").grad as number[][]).flat(),
      [0.6666666666666667, 1.6666666666666667, 9.266666666666666, 6.066666666666667, 8.166666666666668, 3.1666666666666665],
      1e-14,
      0,
    );
  });

  it("show their axis as attrs in the eval JSON, written as given; other nodes have no attrs key", () => {
    const j = json(AXES);
    expect(node(j, "a").attrs).toEqual({ axis: 0 });
    expect(node(j, "c").attrs).toEqual({ axis: -1 });
    expect(Object.keys(node(j, "a"))).toEqual(["id", "op", "inputs", "attrs", "shape", "value", "grad", "edges", "line"]);
    expect("attrs" in node(j, "L")).toBe(false);
    expect("attrs" in node(j, "X")).toBe(false);
  });

  it("leave sum(X) and mean(X) reducing everything, with the same JSON as before", () => {
    const j = json("input X[2,2] = [[1, 2], [3, 4]]\ns = sum(X)\nm = mean(X)\nL = s + m\n");
    expect(node(j, "s").value).toBe(10);
    expect(node(j, "m").value).toBe(2.5);
    expect(j.nodes.every((n) => !("attrs" in n))).toBe(true);
  });

  it("max(X) is the largest element; its gradient goes to the first maximal element, and a tie is reported as a kink", () => {
    const r = evaluateSource("input X[2,2] = [[1, 4], [4, 2]]\nL = max(X)\n");
    expect(r.evaluated.outputValue.data[0]).toBe(4);
    expect(Array.from(r.evaluated.grad("X")!.data)).toEqual([0, 1, 0, 0]);
    expect(r.evaluated.nonDifferentiable.map((k) => k.nodeId)).toEqual(["L"]);
    expect(r.evaluated.nonDifferentiable[0]!.note).toMatch(/first/);
    const rows = evaluateSource("input X[2,3] = [[1, 5, 5], [0, 2, 1]]\nL = sum(max(X, axis=1))\n");
    expect(Array.from(rows.evaluated.grad("X")!.data)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(rows.evaluated.nonDifferentiable.map((k) => k.index)).toEqual([[0]]);
  });

  it("report an axis out of range at its line, naming the shape", () => {
    const e = errorOf("input X[2,3]=[[1,2,3],[4,5,6]]\n\nL = sum(X, axis=2)\n");
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/axis 2 is out of range for shape \[2, 3\]/);
    expect(errorOf("input v[3]=[1,2,3]\nL = v.mean(axis=-2)\n").message).toMatch(/axis -2 is out of range for shape \[3\].*0 or -1/);
    expect(errorOf("input x = 1\nL = sum(x, axis=0)\n").message).toMatch(/needs a vector or a matrix, got a scalar/);
  });

  it("reject keywords that do not exist, axis= on other functions, and an axis that is not a whole number", () => {
    expect(errorOf("input v[3]=[1,2,3]\nL = sum(v, dim=0)\n").message).toMatch(/takes the keyword axis=, not dim=/);
    expect(errorOf("input v[3]=[1,2,3]\nL = exp(v, axis=0)\n").message).toMatch(/exp\(...\) takes no keyword arguments; axis= is for sum, mean, max/);
    const e = errorOf("input v[3]=[1,2,3]\nL = sum(v, axis=0.5)\n");
    expect([e.line, e.column]).toEqual([2, 17]);
    expect(e.message).toMatch(/expected a whole number after axis=/);
    expect(errorOf("input v[3]=[1,2,3]\nL = sum(axis=0, v)\n").message).toMatch(/write keywords last/);
  });
});

describe("property: axis reductions match central differences and PyTorch's identities", () => {
  const matrix = fc
    .record({ m: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 4 }) })
    .chain(({ m, n }) => fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }));

  // Distinct elements, at least 0.1 apart, so that max has no tie within the central difference's step.
  const distinctMatrix = fc
    .record({ m: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 4 }) })
    .chain(({ m, n }) =>
      fc
        .uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: m * n, maxLength: m * n })
        .map((xs) => Array.from({ length: m }, (_r, i) => xs.slice(i * n, (i + 1) * n).map((x) => x / 10))),
    );

  it("the gradient of Σ (r² + r), r = f(X, axis=k), agrees with central differences (f = sum, mean, max)", () => {
    fc.assert(
      fc.property(distinctMatrix, fc.constantFrom("sum", "mean", "max"), fc.integer({ min: -2, max: 1 }), (X, f, axis) => {
        const source = `input X[${X.length},${X[0]!.length}]\nr = ${f}(X, axis=${axis})\nL = sum(r * r + r)\n`;
        const result = evaluateSource(source, { at: { X } }).evaluated;
        const flat = Float64Array.from(X.flat());
        const f0 = (x: Float64Array) => {
          const rows = X.map((row, i) => Array.from(x.subarray(i * row.length, (i + 1) * row.length)));
          return evaluateSource(source, { at: { X: rows } }).evaluated.outputValue.data[0]!;
        };
        expect(result.nonDifferentiable).toEqual([]);
        expectClose(result.grad("X")!.data, numericGradient(f0, flat), 1e-5, 1e-6, `${f} axis ${axis}`);
      }),
      { numRuns: 60 },
    );
  });

  it("summing along one axis and then the other is sum(X); mean along an axis times its length is the sum", () => {
    fc.assert(
      fc.property(matrix, (X) => {
        const j = toEvalJson(
          evaluateSource(
            `input X[${X.length},${X[0]!.length}]\na = sum(sum(X, axis=0))\nb = sum(X)\nc = mean(X, axis=1) * ${X[0]!.length}\nd = sum(X, axis=1)\n`,
            {
              at: { X },
            },
          ).evaluated,
        );
        const n = (id: string) => j.nodes.find((x) => x.id === id)!.value;
        expectClose([n("a") as number], [n("b") as number], 1e-12, 1e-12);
        expectClose(n("c") as number[], n("d") as number[], 1e-12, 1e-12);
      }),
      { numRuns: 60 },
    );
  });
});
