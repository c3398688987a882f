/** Zero-based indexing and slicing (`v[i]`, `X[i]`, `X[i, j]`, `X[:, j]`, `v[a:b]`, `X[i, a:b]`): values, scattered gradients, errors. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graphErrorOf } from "./graph-error";
import { toEvalJson } from "@/lib/autograd";
import { evaluateSource, parseGraph, structureFromSource } from "@/lib/graph-lang";
import { expectClose, numericGradient } from "../autograd/helpers";

const json = (source: string) => toEvalJson(evaluateSource(source).evaluated);
const node = (j: ReturnType<typeof json>, id: string) => j.nodes.find((n) => n.id === id)!;

const errorOf = graphErrorOf;

const X = "input X[3,4] = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]\ninput v[4] = [1, -2, 3, -4]\n";

describe("indexing and slicing", () => {
  it.each([
    ["v[1]", [], -2],
    ["v[-1]", [], -4],
    ["X[1]", [4], [4, 5, 6, 7]],
    ["X[-1]", [4], [8, 9, 10, 11]],
    ["X[1, 2]", [], 6],
    ["X[:, 1]", [3], [1, 5, 9]],
    ["v[1:3]", [2], [-2, 3]],
    ["v[:2]", [2], [1, -2]],
    ["v[-2:]", [2], [3, -4]],
    ["X[2, 1:3]", [2], [9, 10]],
    [
      "X[0:2]",
      [2, 4],
      [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
      ],
    ],
    [
      "X[:, 1:3]",
      [3, 2],
      [
        [1, 2],
        [5, 6],
        [9, 10],
      ],
    ],
    ["X[1:, -1]", [2], [7, 11]],
    ["X[1][2]", [], 6],
  ])("%s has shape %j and value %j (as in PyTorch)", (expr, shape, value) => {
    const j = json(`${X}y = ${expr}\n`);
    expect(node(j, "y").shape).toEqual(shape);
    expect(node(j, "y").value).toEqual(value);
  });

  it("scatters the gradient back into a zero tensor shaped like the input", () => {
    const j = json(`${X}L = sum(X[:, 1] * [1, 2, 3]) + X[0, 0] + X[0, 0] + sum(v[1:3])\n`);
    expect(node(j, "X").grad).toEqual([
      [2, 1, 0, 0],
      [0, 2, 0, 0],
      [0, 3, 0, 0],
    ]);
    expect(node(j, "v").grad).toEqual([0, 1, 1, 0]);
  });

  it('shows the index as attrs in the eval JSON: numbers pick, strings such as ":" and "1:3" slice', () => {
    const j = json(`${X}a = X[:, 1]\nb = v[1:3]\nc = X[-1, :2]\nL = sum(a) + sum(b) + sum(c)\n`);
    expect(node(j, "a").attrs).toEqual({ index: [":", 1] });
    expect(node(j, "b").attrs).toEqual({ index: ["1:3"] });
    expect(node(j, "c").attrs).toEqual({ index: [-1, ":2"] });
    expect(node(j, "a").op).toBe("index");
  });

  it("indexes calls and parenthesised expressions; keeps [1, 2] an array literal and input X[2,3] a declaration", () => {
    const j = json(`${X}a = (X * 2)[1, 1]\nb = sum(X, axis=0)[3]\nc = [10, 20]\nL = a + b + sum(c)\n`);
    expect(node(j, "a").value).toBe(10);
    expect(node(j, "b").value).toBe(21);
    expect(node(j, "c").op).toBe("const");
  });

  it("reports an index out of range at its line and column, naming the shape and the index", () => {
    const e = errorOf(`${X}\ny = X[3, 0]\n`);
    expect([e.line, e.column]).toEqual([4, 6]);
    expect(e.message).toMatch(/index 3 is out of range for axis 0 of shape \[3, 4\]: it has 3 positions, 0 to 2 \(or -3 to -1\)/);
    expect(errorOf(`${X}y = v[-5]\n`).message).toMatch(/index -5 is out of range for axis 0 of shape \[4\]/);
    expect(errorOf(`${X}y = v[1:9]\n`).message).toMatch(/slice 1:9 is out of range for axis 0 of shape \[4\]/);
    expect(errorOf(`${X}y = v[2:2]\n`).message).toMatch(/slice 2:2 of axis 0 of shape \[4\] is empty/);
    expect(errorOf(`${X}y = v[1, 2]\n`).message).toMatch(/too many indices: \[1, 2\] has 2 but shape \[4\] has 1 dimension/);
    expect(errorOf(`${X}y = X[0][0][0]\n`).message).toMatch(/cannot index a scalar/);
    expect(errorOf(`${X}y = v[0.5]\n`).message).toMatch(/expected a whole number as an index/);
    expect(errorOf(`${X}y = v[]\n`).message).toMatch(/expected an index \(a whole number such as 0\) or a slice/);
    expect(errorOf(`${X}y = X[1, 2, 3]\n`).message).toMatch(/at most 2 dimensions/);
  });

  it("parses the index into entries", () => {
    const p = parseGraph("y = X[1, -2:]\n");
    const s = p.statements[0]!;
    expect(s.kind === "assign" && s.expr.kind === "index" ? s.expr.entries : null).toEqual([
      { kind: "pick", value: 1 },
      { kind: "slice", start: -2, stop: null },
    ]);
  });
});

describe("property: indexing gathers, its gradient scatters", () => {
  const drawn = fc.record({ m: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 4 }) }).chain(({ m, n }) =>
    fc.record({
      X: fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
      row: fc.oneof(
        fc.integer({ min: -m, max: m - 1 }).map(String),
        fc
          .tuple(fc.integer({ min: 0, max: m - 1 }), fc.integer({ min: 1, max: m }))
          .filter(([a, b]) => a < b)
          .map(([a, b]) => `${a}:${b}`),
        fc.constant(":"),
      ),
      col: fc.oneof(
        fc.integer({ min: -n, max: n - 1 }).map(String),
        fc
          .tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n }))
          .filter(([a, b]) => a < b)
          .map(([a, b]) => `${a}:${b}`),
        fc.constant(":"),
      ),
    }),
  );

  it("matches a reference gather, and the gradient of Σ (y² + y) agrees with central differences", () => {
    fc.assert(
      fc.property(drawn, ({ X, row, col }) => {
        const m = X.length;
        const n = X[0]!.length;
        const source = `input X[${m},${n}]\ny = X[${row}, ${col}]\nL = sum(y * y + y)\n`;
        const run = (x: number[][]) => evaluateSource(source, { at: { X: x } }).evaluated;
        const result = run(X);
        const pick = (e: string, len: number) => {
          if (!e.includes(":")) return [(Number(e) + len) % len];
          const [a, b] = e.split(":");
          const start = a === "" ? 0 : Number(a);
          const stop = b === "" ? len : Number(b);
          return Array.from({ length: stop - start }, (_v, k) => start + k);
        };
        const expected = pick(row, m).flatMap((i) => pick(col, n).map((j) => X[i]![j]!));
        expect(Array.from(result.value("y").data)).toEqual(expected);
        const f = (x: Float64Array) => run(X.map((r, i) => Array.from(x.subarray(i * n, (i + 1) * n)))).outputValue.data[0]!;
        expectClose(result.grad("X")!.data, numericGradient(f, Float64Array.from(X.flat())), 1e-5, 1e-6);
      }),
      { numRuns: 60 },
    );
  });
});

describe("the drawing's labels", () => {
  it("show an index node's index and an axis reduction's axis", () => {
    const r = structureFromSource("input X[2,3]\na = X[:, 1]\nb = sum(X, axis=0)\nL = sum(a) + sum(b)\n");
    expect(r.ok && r.structure.nodes.filter((n) => n.id === "a" || n.id === "b" || n.id === "L.1").map((n) => n.label)).toEqual([
      "[:, 1]",
      "sum, axis 0",
      "sum",
    ]);
  });
});
