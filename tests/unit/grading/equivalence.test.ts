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
    const r = ok(checkGraphEquivalence({ target: target(), studentSource: "input Y[3,3]\nT = [[1,0,0],[0,1,0],[0,0,1]]\nL = sum(cross_entropy(Y, T))\n", ban: ["cross_entropy"] }));
    expect(r.equivalent).toBe(true);
    expect(r.detailed).toBe(false);
    expect(r.violations).toEqual([{ node: "L.1", op: "cross_entropy", line: 3, column: 9 }]);
  });

  it("gives a counterexample for a different function (the batch mean)", () => {
    const r = ok(checkGraphEquivalence({ target: target(), studentSource: DECOMPOSED.replace("L = sum(log(S)) - sum(T * Y)", "L = mean(log(S)) - mean(T * Y)") }));
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
