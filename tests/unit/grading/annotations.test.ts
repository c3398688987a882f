/** Grading an annotated graph: every verdict, carried credit along chains and fan-outs, anti-gaming. */
import { describe, expect, it } from "vitest";
import { evaluateSource } from "@/lib/graph-lang";
import { describe as describeResult, gradeAnnotations } from "@/lib/grading";
import { pick, sheet, std, verdicts } from "./fixtures";

const ALL = ["value", "grad", "local", "downstream"] as const;

describe("the seed's standard deviation at x1 = -1, x2 = 3", () => {
  it("accepts the solution's numbers: grads -0.5 and 0.5, and ds/dm = 0", () => {
    const evaluated = std();
    const { score, results } = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"]) });
    expect(score).toBe(1);
    expect(results).toHaveLength(22); // 11 nodes that are not constants, value and grad each
    expect(pick(results, "x1.grad")).toMatchObject({ verdict: "correct", expected: -0.5, given: -0.5, diagnosis: null, credit: 1 });
    expect(pick(results, "x2.grad").expected).toBe(0.5);
    expect(pick(results, "m.grad").expected).toBe(0);
    expect(results.some((r) => r.node.endsWith(".2"))).toBe(false); // constants are not asked
  });

  it("asks one local and one downstream per edge from a non-constant, and accepts them as answer texts", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ALL, { "a.1<-m.local": "-1", "a.1<-m.downstream": "1/2", "m.grad": "-0", "s.value": "sqrt(4)" });
    const { score, results } = gradeAnnotations({ evaluated, entries, fields: ALL });
    expect(results).toHaveLength(22 + 26); // 13 edges from non-constants
    expect(score).toBe(1);
    expect(pick(results, "a.1<-m.downstream")).toMatchObject({ verdict: "correct", expected: 0.5, given: 0.5 });
  });

  it("names missing-fanout-sum at m (one branch, 0.5) and carries it to m.1, x1 and x2", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ["value", "grad"], { "m.grad": 0.5, "m.1.grad": 0.25, "x1.grad": -0.25, "x2.grad": 0.75 });
    const { score, results } = gradeAnnotations({ evaluated, entries });
    const m = pick(results, "m.grad");
    expect(m).toMatchObject({ verdict: "incorrect", given: 0.5, expected: 0 });
    expect(m.diagnosis?.code).toBe("missing-fanout-sum");
    for (const key of ["m.1.grad", "x1.grad", "x2.grad"]) expect(pick(results, key).verdict).toBe("carried");
    expect(pick(results, "x1.grad").carriedExpected).toBe(-0.25);
    expect(score).toBeCloseTo(21 / 22, 12);
  });

  it("says which wrong entry a carried one follows from, through carried ones, in both languages", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ["value", "grad"], { "m.grad": 0.5, "m.1.grad": 0.25, "x1.grad": -0.25, "x2.grad": 0.75 });
    const { results } = gradeAnnotations({ evaluated, entries });
    // m.1 follows from m directly; x1 and x2 from m.1's carried number, whose chain starts at m.
    for (const key of ["m.1.grad", "x1.grad", "x2.grad"]) {
      expect([key, pick(results, key).message]).toMatchObject([key, { key: "carried-from", params: { node: "m", field: "grad" } }]);
    }
    expect(describeResult(pick(results, "x1.grad"))).toBe(
      "Not the reference value, but right given your gradient of m (-0.25 follows from it): that earlier mistake is not counted again.",
    );
    expect(describeResult(pick(results, "x1.grad"), "zh-CN")).toContain("m 的梯度");
    // A result stored before carried results named their source keeps the generic message.
    const old = { message: { key: "carried", params: { carried: "-0.25" } } };
    expect(describeResult(old)).toBe("Not the reference value, but right given your own earlier answers (-0.25): the earlier mistake is not counted again.");
  });

  it("names the edge a carried entry follows from when the wrong entry is on an edge", () => {
    const evaluated = std();
    // m = m.1 / 2 sends one more than the reference down to m.1; m.1's gradient, that sum, is carried.
    const base = sheet(evaluated, ALL);
    const ref = gradeAnnotations({ evaluated, entries: base, fields: ALL }).results;
    const down = pick(ref, "m<-m.1.downstream").expected as number;
    const entries = sheet(evaluated, ALL, { "m<-m.1.downstream": down + 1, "m.1.grad": down + 1 });
    const { results } = gradeAnnotations({ evaluated, entries, fields: ALL });
    expect(pick(results, "m<-m.1.downstream").verdict).toBe("incorrect");
    expect(pick(results, "m.1.grad").message).toMatchObject({ key: "carried-from", params: { node: "m.1 → m", field: "downstream" } });
  });

  it("names nothing at m.grad = -1 (∂a.1/∂m alone, or the sign of a.1's edge to m lost) and carries the fan-out sums at x1 and x2", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ["value", "grad"], { "m.grad": -1, "m.1.grad": -0.5, "x1.grad": -1, "x2.grad": 0 });
    const { results } = gradeAnnotations({ evaluated, entries });
    // Two mistakes give -1 here and the edges are not asked, so neither is named (a wrong name is worse than none).
    expect(pick(results, "m.grad")).toMatchObject({ verdict: "incorrect", diagnosis: null });
    expect(pick(results, "x1.grad").verdict).toBe("carried");
    // x2 = -0.5 + 0.5 cancels to 0 honestly (no wrong zero above it), so it is carried too.
    expect(pick(results, "x2.grad")).toMatchObject({ verdict: "carried", carriedExpected: 0 });
  });

  it("carries a wrong forward value through every later value and gradient that follows from it", () => {
    const evaluated = std();
    // m = 1.5 instead of 1: a.1 = -2.5, a = 6.25, b.1 = 1.5, b = 2.25, v.1 = 8.5, v = 4.25, s = sqrt(4.25).
    const s = Math.sqrt(4.25);
    const entries = sheet(evaluated, ["value", "grad"], {
      "m.value": 1.5,
      "a.1.value": -2.5,
      "a.value": 6.25,
      "b.1.value": 1.5,
      "b.value": 2.25,
      "v.1.value": 8.5,
      "v.value": 4.25,
      "s.value": s,
      "v.grad": 1 / (2 * s),
      "v.1.grad": 1 / (4 * s),
      "a.grad": 1 / (4 * s),
      "b.grad": 1 / (4 * s),
      "a.1.grad": (-5 / (4 * s)).toPrecision(6),
      "b.1.grad": (3 / (4 * s)).toPrecision(6),
      "m.grad": (2 / (4 * s)).toPrecision(6),
      "m.1.grad": (1 / (4 * s)).toPrecision(6),
      "x1.grad": (-4 / (4 * s)).toPrecision(6),
      "x2.grad": (4 / (4 * s)).toPrecision(6),
    });
    const { results, score } = gradeAnnotations({ evaluated, entries });
    const v = verdicts(results);
    expect(v["m.value"]).toBe("incorrect");
    for (const key of [
      "a.1.value",
      "a.value",
      "b.1.value",
      "b.value",
      "v.1.value",
      "v.value",
      "s.value",
      "v.grad",
      "a.1.grad",
      "m.grad",
      "x1.grad",
      "x2.grad",
    ]) {
      expect([key, v[key]]).toEqual([key, "carried"]);
    }
    expect(score).toBeCloseTo(21 / 22, 12);
    // 4 correct (x1, x2, m.1 values and the output gradient), 17 carried, m.value wrong.
    expect(gradeAnnotations({ evaluated, entries, carriedCredit: 0.5 }).score).toBeCloseTo((4 + 17 * 0.5) / 22, 12);
  });

  it("carries along local and downstream: downstream = own grad × own local, grad = sum of own downstreams", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ALL, {
      "a<-a.1.local": -3, // wrong (should be -4)
      "a<-a.1.downstream": -0.375, // 0.125 × -3: carried
      "a.1.grad": -0.375, // carried
      "a.1<-x1.downstream": -0.375,
      "a.1<-m.downstream": 0.375,
      "m.grad": -0.125, // 0.375 + (-0.5)
      "m<-m.1.downstream": -0.0625,
      "m.1.grad": -0.0625,
      "m.1<-x1.downstream": -0.0625,
      "m.1<-x2.downstream": -0.0625,
      "x1.grad": -0.4375,
      "x2.grad": 0.4375,
    });
    const { results } = gradeAnnotations({ evaluated, entries, fields: ALL });
    expect(pick(results, "a<-a.1.local").verdict).toBe("incorrect");
    for (const key of ["a<-a.1.downstream", "a.1.grad", "a.1<-m.downstream", "m.grad", "m<-m.1.downstream", "m.1.grad", "x1.grad", "x2.grad"]) {
      expect([key, pick(results, key).verdict]).toEqual([key, "carried"]);
    }
  });

  it("lets the reference stand in for a blank earlier entry", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ["value", "grad"], { "m.grad": null, "m.1.grad": 0 });
    const { results } = gradeAnnotations({ evaluated, entries });
    expect(pick(results, "m.grad")).toMatchObject({ verdict: "missing", given: null, credit: 0 });
    expect(pick(results, "m.1.grad").verdict).toBe("correct");
    expect(describeResult(pick(results, "m.grad"))).toBe("No answer given.");
  });

  it("reports unreadable entries as invalid with the raw text, and the reference stands in below them", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ["value", "grad"], { "a.value": "4..", "v.1.value": 8 });
    const { results } = gradeAnnotations({ evaluated, entries });
    const a = pick(results, "a.value");
    expect(a).toMatchObject({ verdict: "invalid", given: "4..", credit: 0 });
    expect(describeResult(a)).toBe("Could not read `4..`: unexpected `.` at column 3. This does not count as an attempt.");
    expect(describeResult(a, "zh-CN")).toBe("无法识别 `4..`：意外的 `.`（第 3 列）。这不计为一次作答。");
    expect(pick(results, "v.1.value").verdict).toBe("correct");
  });

  it("reads a scalar given as a one-element vector as a shape error", () => {
    const evaluated = std();
    const { results } = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"], { "s.value": [2] }) });
    const s = pick(results, "s.value");
    expect(s).toMatchObject({ verdict: "incorrect", diagnosis: null, given: [2] });
    expect(describeResult(s)).toBe("Wrong shape: the answer should be a single number, but this is a vector of length 1.");
  });

  it("counts answers that follow from the student's own correctly rounded entries as correct", () => {
    const { evaluated } = evaluateSource("input x = 0.123456\ny = x * 1000\nz = y - 123\n");
    // y written as 123.5 (3.6e-4 off: correct), so z = 0.5, 10% off the reference 0.456 but right from y.
    const entries = { x: { value: 0.123456 }, y: { value: 123.5 }, z: { value: 0.5 } };
    const { results } = gradeAnnotations({ evaluated, entries, fields: ["value"] });
    expect(verdicts(results)).toEqual({ "x.value": "correct", "y.value": "correct", "z.value": "correct" });
    const strict = gradeAnnotations({ evaluated, entries, fields: ["value"], tolerance: { mode: "relative", rtol: 1e-4 } });
    // y is now wrong (3.6e-4 off), and z follows from it: carried, not correct.
    expect(verdicts(strict.results)).toEqual({ "x.value": "correct", "y.value": "incorrect", "z.value": "carried" });
    expect(describeResult(pick(results, "z.value"))).toBe("Correct: it follows from your own (correctly rounded) earlier answers.");
  });

  it("weights fields as asked", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ["value", "grad"], { "s.value": 3 });
    const { score } = gradeAnnotations({ evaluated, entries, weights: { value: 0, grad: 1 } });
    expect(score).toBe(1);
    expect(gradeAnnotations({ evaluated, entries }).score).toBeCloseTo(21 / 22, 12);
  });

  it("rejects bad options", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ["value"]);
    expect(() => gradeAnnotations({ evaluated, entries, carriedCredit: 1.5 })).toThrow();
    expect(() => gradeAnnotations({ evaluated, entries, fields: [] })).toThrow();
    expect(() => gradeAnnotations({ evaluated, entries, graph: evaluateSource("input x = 1\ny = x * 2\n").graph })).toThrow(RangeError);
  });
});

describe("anti-gaming", () => {
  it("gives no carried credit below an output gradient of 0", () => {
    const evaluated = std();
    const zeros = Object.fromEntries(evaluated.nodes.filter((n) => n.op !== "const").map((n) => [`${n.id}.grad`, 0]));
    const { results, score } = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"], zeros) });
    const grads = results.filter((r) => r.field === "grad" && r.node !== "m" && r.node !== "m.1");
    expect(grads.every((r) => r.verdict === "incorrect" && r.credit === 0)).toBe(true);
    // m's and m.1's references are 0 themselves: 0 is correct there.
    expect(pick(results, "m.grad").verdict).toBe("correct");
    expect(pick(results, "m.1.grad").verdict).toBe("correct");
    expect(pick(results, "v.grad").message.key).toBe("no-carry-zero");
    expect(pick(results, "x1.grad")).toMatchObject({ message: { key: "no-carry-zero" }, carriedExpected: 0 });
    expect(score).toBeCloseTo(13 / 22, 12);
  });

  it("gives carried credit for an honest non-zero wrong output gradient", () => {
    const evaluated = std();
    const doubled = Object.fromEntries(evaluated.nodes.filter((n) => n.op !== "const" && n.grad !== null).map((n) => [`${n.id}.grad`, 2 * n.grad!.data[0]!]));
    const { results } = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"], doubled) });
    expect(pick(results, "s.grad").verdict).toBe("incorrect");
    expect(pick(results, "x1.grad").verdict).toBe("carried");
    expect(pick(results, "v.grad").verdict).toBe("carried");
  });

  it("gives no carried credit for a number copied through a step that changes it", () => {
    // With x written as 1 (wrong: 2), ∂z/∂w = x = 1 makes the gradient of w a copy of z's, which it is not in the reference.
    const { evaluated } = evaluateSource("input x = 2, w = 3\nz = w * x\nL = z * z\n");
    const entries = {
      x: { value: 1, grad: 6 },
      w: { value: 3, grad: 6 },
      z: { value: 3, grad: 6 },
      L: { value: 9, grad: 1 },
    };
    const { results } = gradeAnnotations({ evaluated, entries });
    expect(pick(results, "x.value").verdict).toBe("incorrect");
    expect(pick(results, "z.value").verdict).toBe("carried");
    expect(pick(results, "z.grad").verdict).toBe("carried");
    expect(pick(results, "w.grad")).toMatchObject({ verdict: "incorrect", message: { key: "no-carry-copied", params: { source: "z (grad)" } } });
    // The reference copies too across an addition (local 1): no objection there.
    const add = evaluateSource("input x = 2, w = 3\nz = w + x\nL = z * z\n").evaluated;
    const honest = gradeAnnotations({
      evaluated: add,
      entries: { x: { value: 2, grad: 8 }, w: { value: 3, grad: 8 }, z: { value: 5, grad: 8 }, L: { value: 25, grad: 1 } },
    });
    expect(pick(honest.results, "z.grad").verdict).toBe("incorrect");
    expect(pick(honest.results, "w.grad").verdict).toBe("carried");
  });
});

describe("tensors", () => {
  it("grades the seed's cross-entropy gradient as a matrix, carried through a wrong upstream", () => {
    const { evaluated } = evaluateSource(
      "input Y[3,3] = [[0.65,0.43,0.11],[0.05,0.51,0.18],[0.33,0.21,0.72]]\nT = [[1,0,0],[0,1,0],[0,0,1]]\nL = sum(cross_entropy(Y, T))\n",
    );
    const ce = evaluated.node("L.1");
    const g = evaluated.node("Y").grad!;
    const half = Array.from({ length: 3 }, (_, i) => Array.from(g.data.subarray(3 * i, 3 * i + 3), (x) => x / 2));
    const entries = { "L.1": { value: Array.from(ce.value.data), grad: [0.5, 0.5, 0.5] }, Y: { grad: half }, L: { grad: 1 } };
    const { results } = gradeAnnotations({ evaluated, entries });
    expect(pick(results, "L.1.grad").verdict).toBe("incorrect");
    expect(pick(results, "Y.grad").verdict).toBe("carried");
    expect(pick(results, "Y.value").verdict).toBe("missing");
  });
});
