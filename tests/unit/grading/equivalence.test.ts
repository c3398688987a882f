/** A student's own graph and derived formulas: equivalence at seeded random points, bans, located errors. */
import { describe, expect, it } from "vitest";
import { evaluateSource } from "@/lib/graph-lang";
import { checkExpression, checkGraphEquivalence, resolveBannedOps } from "@/lib/grading";
import { CE, STD } from "./fixtures";

const target = () => evaluateSource(CE).graph;
const DECOMPOSED = `input Y[3,3]
T = [[1,0,0],[0,1,0],[0,0,1]]
S = exp(Y) @ [1,1,1]
L = sum(log(S)) - sum(T * Y)
`;

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r as Extract<T, { ok: true }>;
}

describe("checkGraphEquivalence", () => {
  it("accepts the seed's loss decomposed by hand as equivalent and detailed, at the point and ≥ 20 more", () => {
    const r = ok(checkGraphEquivalence({ target: target(), studentSource: DECOMPOSED, ban: ["softmax", "cross_entropy", "log_softmax"] }));
    expect([r.equivalent, r.detailed, r.counterexample, r.violations]).toEqual([true, true, null, []]);
    expect(r.points).toBe(21);
    expect(r.student.output.id).toBe("L");
  });

  it("is not detailed when a banned operation is used, naming the node and line", () => {
    const r = ok(
      checkGraphEquivalence({
        target: target(),
        studentSource: "input Y[3,3]\nT = [[1,0,0],[0,1,0],[0,0,1]]\nL = sum(cross_entropy(Y, T))\n",
        ban: ["cross_entropy"],
      }),
    );
    expect(r.equivalent).toBe(true);
    expect(r.detailed).toBe(false);
    expect(r.violations).toEqual([{ node: "L.1", op: "cross_entropy", line: 3, column: 9 }]);
  });

  it("gives a counterexample for a different function (the batch mean)", () => {
    const r = ok(
      checkGraphEquivalence({ target: target(), studentSource: DECOMPOSED.replace("L = sum(log(S)) - sum(T * Y)", "L = mean(log(S)) - mean(T * Y)") }),
    );
    expect(r.equivalent).toBe(false);
    expect(r.counterexample).toMatchObject({ reason: "value" });
    expect(r.counterexample!.expected as number).toBeCloseTo(2.546916, 5);
    // mean over the 3 row log-sums, minus the mean over all 9 entries of T·Y.
    expect(r.counterexample!.given as number).toBeCloseTo((2.546916 + 1.88) / 3 - 1.88 / 9, 5);
  });

  it("finds a difference away from the problem's point", () => {
    // relu(x) and x agree at x = 0.5 but not at the negative points around it.
    const relu = evaluateSource("input x = 0.5\ny = relu(x) * 2\n").graph;
    const r = ok(checkGraphEquivalence({ target: relu, studentSource: "input x\ny = x * 2\n", seed: 3 }));
    expect(r.equivalent).toBe(false);
    expect(r.points).toBeGreaterThan(1);
    expect((r.counterexample!.at as { x: number }).x).toBeLessThan(0);
  });

  it("is deterministic for a seed", () => {
    const relu = evaluateSource("input x = 0.5\ny = relu(x) * 2\n").graph;
    const a = checkGraphEquivalence({ target: relu, studentSource: "input x\ny = x * 2\n", seed: 7 });
    const b = checkGraphEquivalence({ target: relu, studentSource: "input x\ny = x * 2\n", seed: 7 });
    expect(JSON.stringify(ok(a).counterexample)).toBe(JSON.stringify(ok(b).counterexample));
  });

  it("reports missing, extra and reshaped inputs clearly", () => {
    const std = evaluateSource(STD).graph;
    const missing = ok(checkGraphEquivalence({ target: std, studentSource: "input x1\ns = sqrt((x1 - x1) ^ 2)\n" }));
    expect(missing.counterexample).toMatchObject({ reason: "inputs", missing: ["x2"], extra: [] });
    expect(missing.counterexample!.message).toContain('your graph has no input "x2"');
    const extra = ok(checkGraphEquivalence({ target: std, studentSource: "input x1, x2, x3\ns = x1 + x2 + x3\n" }));
    expect(extra.counterexample).toMatchObject({ reason: "inputs", missing: [], extra: ["x3"] });
    const reshaped = ok(checkGraphEquivalence({ target: target(), studentSource: "input Y[3]\nL = sum(Y)\n" }));
    expect(reshaped.counterexample!.message).toContain('"Y" is [3, 3] in the reference but [3] in your graph');
  });

  it("reports a student graph undefined where the reference is defined", () => {
    const std = evaluateSource(STD).graph;
    const r = ok(checkGraphEquivalence({ target: std, studentSource: "input x1, x2\nm = (x1 + x2) / 2\ns = sqrt(x1 - m)\n" }));
    expect(r.counterexample).toMatchObject({ reason: "undefined" });
  });

  it("returns the student's syntax and compile errors located, never throwing", () => {
    const r = checkGraphEquivalence({ target: target(), studentSource: "input Y[3,3]\nL = sum(Y +)\n" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.line, r.error.column, r.error.source]).toEqual([2, 12, "student"]);
    const unknown = checkGraphEquivalence({ target: target(), studentSource: "input Y[3,3]\nL = sum(Z)\n" });
    expect(!unknown.ok && unknown.error.message).toContain('unknown name "Z"');
  });

  it("takes the problem's point from at, and rejects unknown names", () => {
    const std = evaluateSource(STD).graph;
    expect(ok(checkGraphEquivalence({ target: std, studentSource: STD, at: { x1: 5 } })).equivalent).toBe(true);
    const bad = checkGraphEquivalence({ target: std, studentSource: STD, at: { x9: 5 } });
    expect(!bad.ok && bad.error.message).toContain('"x9"');
  });

  it("bans by op name, function name or operator, and rejects unknown names", () => {
    expect([...resolveBannedOps(["t", "@", "softmax", "div"])]).toEqual(["transpose", "matmul", "softmax", "div"]);
    expect(() => resolveBannedOps(["frobnicate"])).toThrow(/cannot ban "frobnicate"/);
    expect(() => checkGraphEquivalence({ target: target(), studentSource: DECOMPOSED, samples: 5 })).toThrow();
  });
});

describe("checkGraphEquivalence: required quantities", () => {
  const std = () => evaluateSource(STD).graph;
  const MEAN = { en: "the mean of x1 and x2", "zh-CN": "x1 与 x2 的均值" };
  const REQUIRE = [{ node: "m", label: MEAN }, { node: "a" }, { node: "b" }, { node: "v" }, { node: "s" }];
  const SHORTCUT = "input x1, x2\nd = (x1 - x2) / 2\ns = sqrt(d ^ 2)\n";
  const missingOf = (r: { missing: { node: string }[] }) => r.missing.map((m) => m.node);

  it("finds the mean missing from the shortcut, and the squares it computes once instead of in two branches", () => {
    const r = ok(checkGraphEquivalence({ target: std(), studentSource: SHORTCUT, require: REQUIRE }));
    expect([r.equivalent, r.detailed, r.violations]).toEqual([true, false, []]);
    // Both squared deviations and the variance are the same function ((x1 − x2)/2)²: d ^ 2 stands for one of them.
    expect(r.missing).toEqual([
      { node: "m", label: MEAN },
      { node: "b", label: null },
      { node: "v", label: null },
    ]);
    // Without a list nothing is required, as before.
    expect(ok(checkGraphEquivalence({ target: std(), studentSource: SHORTCUT })).detailed).toBe(true);
  });

  it("asks for each quantity its own node: a mean with a single branch is still missing one square and the variance", () => {
    const oneBranch = "input x1, x2\nm = (x1 + x2) / 2\nd = x1 - m\ns = sqrt(d * d)\n";
    expect(missingOf(ok(checkGraphEquivalence({ target: std(), studentSource: oneBranch, require: REQUIRE })))).toEqual(["b", "v"]);
  });

  it("accepts a legitimate decomposition written differently, whatever its names", () => {
    const mine = "input x1, x2\nmu = x1 / 2 + x2 / 2\nd1 = x1 - mu\nsq1 = d1 * d1\nd2 = x2 - mu\nsq2 = d2 * d2\nvar = sq1 / 2 + sq2 / 2\nsd = sqrt(var)\n";
    const r = ok(checkGraphEquivalence({ target: std(), studentSource: mine, require: REQUIRE }));
    expect([r.equivalent, r.detailed, r.missing]).toEqual([true, true, []]);
    // The quantities may also hide inside one long expression: they are nodes all the same.
    const oneLine = "input x1, x2\ns = sqrt(((x1 - (x1 + x2) / 2) ^ 2 + (x2 - (x1 + x2) / 2) ^ 2) / 2)\n";
    expect(ok(checkGraphEquivalence({ target: std(), studentSource: oneLine, require: REQUIRE })).missing).toEqual([]);
  });

  it("compares at every point, not only the problem's: x ^ 3 is not x * x, although both are 1 at x = 1", () => {
    const target = evaluateSource("input x = 1\ny = x * x\nL = y + x\n").graph;
    const r = ok(checkGraphEquivalence({ target, studentSource: "input x\nc = x ^ 3\nL = x * (x + 1)\n", require: [{ node: "y" }] }));
    expect([r.equivalent, missingOf(r)]).toEqual([true, ["y"]]);
  });

  it("compares shapes and tensors: a shifted exponential is not exp(z), a [1]-vector is not a number", () => {
    const softmax = evaluateSource("input z[3] = [0.6, -0.9, -0.4], g[3] = [-2, 2, -2]\ne = exp(z)\np = e / sum(e)\nL = sum(g * p)\n").graph;
    const shifted = "input z[3], g[3]\ne = exp(z - 2)\np = e / sum(e)\nL = dot(g, p)\n";
    const r = ok(checkGraphEquivalence({ target: softmax, studentSource: shifted, require: [{ node: "e" }, { node: "p" }] }));
    expect([r.equivalent, missingOf(r)]).toEqual([true, ["e"]]);
    const square = evaluateSource("input x = 1.5\ny = x * 2\nL = y * y\n").graph;
    // w is [2x], a vector of one element: the same number, another shape.
    const asVector = ok(checkGraphEquivalence({ target: square, studentSource: "input x\nw = [2] * x\nL = sum(w * w)\n", require: [{ node: "y" }] }));
    expect([asVector.equivalent, missingOf(asVector)]).toEqual([true, ["y"]]);
    expect(missingOf(ok(checkGraphEquivalence({ target: square, studentSource: "input x\nL = (2 * x) ^ 2\n", require: [{ node: "y" }] })))).toEqual([]);
  });

  it("looks for them only in an equivalent graph, and keeps the result JSON", () => {
    const r = ok(checkGraphEquivalence({ target: std(), studentSource: "input x1, x2\ns = x1 - x2\n", require: REQUIRE }));
    expect([r.equivalent, r.missing]).toEqual([false, []]);
    const { student: _student, ...stored } = ok(checkGraphEquivalence({ target: std(), studentSource: SHORTCUT, require: REQUIRE }));
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
  });

  it("refuses to require what the reference does not compute", () => {
    expect(() => checkGraphEquivalence({ target: std(), studentSource: SHORTCUT, require: [{ node: "q" }] })).toThrow(/cannot require "q": not a node/);
    expect(() => checkGraphEquivalence({ target: std(), studentSource: SHORTCUT, require: [{ node: "x1" }] })).toThrow(/"x1": it is an input/);
    expect(() => checkGraphEquivalence({ target: std(), studentSource: SHORTCUT, require: [{ node: "m.2" }] })).toThrow(/"m.2": it is a constant/);
  });
});

describe("checkExpression", () => {
  const seedLoss = "-ln(exp(y11)/(exp(y11)+exp(y12)+exp(y13))) - ln(exp(y22)/(exp(y21)+exp(y22)+exp(y23))) - ln(exp(y33)/(exp(y31)+exp(y32)+exp(y33)))";

  it("accepts an equivalent rewriting of the seed's loss in y11…y33", () => {
    const given = "ln(exp(y11)+exp(y12)+exp(y13)) - y11 + ln(exp(y21)+exp(y22)+exp(y23)) - y22 + ln(exp(y31)+exp(y32)+exp(y33)) - y33";
    const r = ok(checkExpression({ expected: seedLoss, given }));
    expect([r.equivalent, r.counterexample, r.points]).toEqual([true, null, 20]);
    expect(r.variables).toHaveLength(9);
  });

  it("gives a counterexample for the batch mean and for log10", () => {
    const mean = ok(checkExpression({ expected: seedLoss, given: `(${seedLoss})/3` }));
    expect(mean.equivalent).toBe(false);
    expect(Object.keys(mean.counterexample!.at)).toHaveLength(9);
    expect(mean.counterexample!.given as number).toBeCloseTo((mean.counterexample!.expected as number) / 3, 12);
    expect(ok(checkExpression({ expected: "ln(x)", given: "log10(x)", domain: { x: [0.5, 3] } })).equivalent).toBe(false);
  });

  it("skips points where either side is undefined, and reports too few valid points as an error", () => {
    const r = ok(checkExpression({ expected: "ln(x^2)", given: "2*ln(abs(x))", domain: { x: [-1, 1] } }));
    expect(r.equivalent).toBe(true);
    const few = checkExpression({ expected: "sqrt(x)", given: "x^0.5", domain: { x: [-10, -1] } });
    expect(few.ok).toBe(false);
    if (!few.ok) expect(few.error.message).toMatch(/only 0 of 20 random points with x in \[-10, -1\]/);
  });

  it("locates unreadable formulas and names unknown in the given one", () => {
    const bad = checkExpression({ expected: "x^2", given: "x^" });
    expect(!bad.ok && [bad.error.which, bad.error.column]).toEqual(["given", 3]);
    const unknown = checkExpression({ expected: "x^2", given: "x*z" });
    expect(!unknown.ok && unknown.error.message).toBe("given: could not read `x*z`: unknown name `z` at column 3");
  });

  it("is deterministic for a seed and draws other points with another", () => {
    // No short number lies in [-0.09, -0.01]: the point shown is the random one, rounded.
    const domain = { x: [-0.09, -0.01] as [number, number] };
    const a = ok(checkExpression({ expected: "abs(x)", given: "x", domain, seed: 1 }));
    const b = ok(checkExpression({ expected: "abs(x)", given: "x", domain, seed: 1 }));
    const c = ok(checkExpression({ expected: "abs(x)", given: "x", domain, seed: 2 }));
    expect(a.counterexample).toEqual(b.counterexample);
    expect(a.counterexample).not.toEqual(c.counterexample);
    expect(() => checkExpression({ expected: "x", given: "x", samples: 10 })).toThrow();
  });
});
