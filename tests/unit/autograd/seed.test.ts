/** The seed homework's numbers, built directly as engine graphs (the language tests repeat them from text). */
import { describe, expect, it } from "vitest";
import { scalar } from "@/lib/autograd";
import { expectClose, run, t } from "./helpers";

const stdSpecs = (x1: number, x2: number) => [
  { id: "x1", op: "input" as const, value: scalar(x1) },
  { id: "x2", op: "input" as const, value: scalar(x2) },
  { id: "m.1", op: "add" as const, inputs: ["x1", "x2"] },
  { id: "m.2", op: "const" as const, value: scalar(2) },
  { id: "m", op: "div" as const, inputs: ["m.1", "m.2"] },
  { id: "a.1", op: "sub" as const, inputs: ["x1", "m"] },
  { id: "a.2", op: "const" as const, value: scalar(2) },
  { id: "a", op: "pow" as const, inputs: ["a.1", "a.2"] },
  { id: "b.1", op: "sub" as const, inputs: ["x2", "m"] },
  { id: "b.2", op: "const" as const, value: scalar(2) },
  { id: "b", op: "pow" as const, inputs: ["b.1", "b.2"] },
  { id: "v.1", op: "add" as const, inputs: ["a", "b"] },
  { id: "v.2", op: "const" as const, value: scalar(2) },
  { id: "v", op: "div" as const, inputs: ["v.1", "v.2"] },
  { id: "s", op: "sqrt" as const, inputs: ["v"] },
];

describe("standard deviation of x1 = -1, x2 = 3", () => {
  const result = run(stdSpecs(-1, 3), "s");
  const num = (id: string) => result.value(id).data[0];
  const grad = (id: string) => result.grad(id)?.data[0];

  it("is 2 (population std)", () => {
    expect(num("s")).toBe(2);
    expect(num("m")).toBe(1);
    expect(num("v")).toBe(4);
  });

  it("has gradients -0.5 and 0.5 for x1 and x2, and 0 for the mean (the branches cancel)", () => {
    expect(grad("x1")).toBe(-0.5);
    expect(grad("x2")).toBe(0.5);
    expect(grad("m")).toBe(0);
  });

  it("annotates every edge with its local derivative and downstream gradient", () => {
    const m = result.node("m");
    // (+ 0 folds IEEE -0, which 0 · -0.5 gives and JSON prints as 0, into 0.)
    expect(m.edges.map((e) => [e.from, e.local!.data[0]! + 0, e.downstream!.data[0]! + 0])).toEqual([
      ["m.1", 0.5, 0],
      ["m.2", -0.5, 0],
    ]);
    // m fans out to a.1 and b.1: its gradient is the sum of what both send back (0.5 + -0.5).
    expect(result.node("a.1").edges[1]!.downstream!.data[0]).toBe(0.5);
    expect(result.node("b.1").edges[1]!.downstream!.data[0]).toBe(-0.5);
    expect(result.node("s").edges[0]!.local!.data[0]).toBe(0.25);
    expect(result.node("a").edges[0]!.local!.data[0]).toBe(-4);
  });

  it("reports the exponent's derivative as missing where the base is negative, and only for that constant", () => {
    const a = result.node("a");
    expect(a.edges[1]).toEqual({ from: "a.2", local: null, downstream: null });
    expect(result.grad("a.2")).toBeNull();
    // b.1 = 2 > 0: the derivative in the exponent exists, 4·ln 2 · ∂s/∂b.
    expectClose(result.grad("b.2")!.data, [0.125 * 4 * Math.log(2)]);
  });
});

describe("batch cross-entropy of the seed", () => {
  const Y = [
    [0.65, 0.43, 0.11],
    [0.05, 0.51, 0.18],
    [0.33, 0.21, 0.72],
  ];
  const T = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const result = run(
    [
      { id: "Y", op: "input", value: t(Y) },
      { id: "T", op: "const", value: t(T) },
      { id: "L.1", op: "cross_entropy", inputs: ["Y", "T"] },
      { id: "L", op: "sum", inputs: ["L.1"] },
    ],
    "L",
  );

  it("sums to 2.546916… (natural log, summed over the batch)", () => {
    expect(result.outputValue.data[0]).toBeCloseTo(2.546916, 6);
    expect(result.value("L.1").shape).toEqual([3]);
  });

  it("has gradient softmax(Y) − T", () => {
    const expected = Y.flatMap((row, i) => {
      const z = row.reduce((acc, v) => acc + Math.exp(v), 0);
      return row.map((v, j) => Math.exp(v) / z - T[i]![j]!);
    });
    expectClose(result.grad("Y")!.data, expected, 1e-12, 1e-15);
    expect(result.grad("Y")!.shape).toEqual([3, 3]);
  });

  it("matches the per-sample formula −log softmax(y_i)_i", () => {
    const perSample = Y.map((row, i) => Math.log(row.reduce((acc, v) => acc + Math.exp(v), 0)) - row[i]!);
    expectClose(result.value("L.1").data, perSample, 1e-14);
  });
});
