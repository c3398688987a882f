/**
 * A wrong formula's feedback: one test point with short numbers (with the expected and the student's
 * value there), and the named mistake behind it when a rewrite of the expected formula matches.
 */
import { describe, expect, it } from "vitest";
import { checkExpression, formulaAlternatives, parseExpression, readAsText } from "@/lib/grading";

const SEED_LOSS = "-(ln(exp(y11)/(exp(y11)+exp(y12)+exp(y13))) + ln(exp(y22)/(exp(y21)+exp(y22)+exp(y23))) + ln(exp(y33)/(exp(y31)+exp(y32)+exp(y33))))";
const Y = ["y11", "y12", "y13", "y21", "y22", "y23", "y31", "y32", "y33"];
const SEED_DOMAIN = Object.fromEntries(Y.map((y) => [y, [-3, 3] as [number, number]]));

function wrong(expected: string, given: string, domain?: Record<string, [number, number]>) {
  const r = checkExpression({ expected, given, ...(domain ? { domain } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.equivalent).toBe(false);
  return r;
}

describe("the counterexample shown", () => {
  it("is a point of small integers where both sides are defined and differ", () => {
    // All logits 0: every softmax probability is 1/3, the loss 3 ln 3; the batch mean gives ln 3.
    const mean = wrong(SEED_LOSS, `(${SEED_LOSS})/3`, SEED_DOMAIN);
    expect(mean.counterexample!.at).toEqual(Object.fromEntries(Y.map((y) => [y, 0])));
    expect(mean.counterexample!.expected).toBeCloseTo(3 * Math.log(3), 14);
    expect(mean.counterexample!.given).toBeCloseTo(Math.log(3), 14);
    // x^2 and 2x agree at 0 (and at 2): the first integer where they differ is 1.
    expect(wrong("x^2", "2*x").counterexample).toEqual({ at: { x: 1 }, expected: 1, given: 2 });
    // 0 and -1 are outside ln's domain, and at 1 both logs are 0: the point is x = 2.
    const log = wrong("ln(x)", "log10(x)").counterexample!;
    expect(log.at).toEqual({ x: 2 });
    expect([log.expected, log.given]).toEqual([Math.LN2, Math.log10(2)]);
  });

  it("stays inside the domain and takes one-decimal values when no integer shows the difference", () => {
    expect(wrong("x^2", "x^3", { x: [0.1, 0.9] }).counterexample!.at).toEqual({ x: 0.1 });
    // Zero at every integer of [-2, 2]: the first one-decimal value, 0.1.
    const c = wrong("x*(x-1)*(x+1)*(x-2)*(x+2)", "0").counterexample!;
    expect(c.at).toEqual({ x: 0.1 });
    expect(c.expected).toBeCloseTo(0.1 * -0.9 * 1.1 * -1.9 * 2.1, 14);
    expect(wrong("x", "abs(x)", { x: [-3, -0.5] }).counterexample!.at).toEqual({ x: -1 });
  });

  it("lists only the variables the formulas use", () => {
    const c = wrong("a + b", "a - b", { a: [-2, 2], b: [-2, 2], unused: [0, 1] }).counterexample!;
    expect(c).toEqual({ at: { a: 0, b: 1 }, expected: 1, given: -1 });
  });

  it("is one that shows the difference at 4 significant figures, else the random point that proved it", () => {
    // 1/x and 1/x + 1e-5 differ by more than the tolerance, but not visibly at any short point.
    const c = wrong("1/x", "1/x + 0.00001", { x: [1, 2] }).counterexample!;
    expect(c.given as number).toBeCloseTo((c.expected as number) + 1e-5, 12);
    expect(String(c.at.x).length).toBeGreaterThan(6); // the raw random point
    // With no short value in the domain, the random point rounded to as few decimals as stay inside it.
    const a = wrong("abs(x)", "x", { x: [-0.09, -0.01] });
    expect(Math.round(a.counterexample!.at.x! * 100) / 100).toBe(a.counterexample!.at.x);
    expect(a.counterexample!.given).toBe(-(a.counterexample!.expected as number));
  });

  it("does not depend on the seed when a short point exists", () => {
    const [a, b] = [1, 2].map((seed) => checkExpression({ expected: "abs(x)", given: "x", seed }));
    expect(a!.ok && a!.counterexample).toEqual({ at: { x: -1 }, expected: 1, given: -1 });
    expect(b!.ok && b!.counterexample).toEqual({ at: { x: -1 }, expected: 1, given: -1 });
  });
});

describe("named mistakes in formulas", () => {
  const diagnosis = (expected: string, given: string, domain?: Record<string, [number, number]>) => wrong(expected, given, domain).diagnosis;

  it("names log10 or log2 in place of ln, everywhere or at one log", () => {
    expect(diagnosis(SEED_LOSS, SEED_LOSS.replace(/ln\(/g, "log10("), SEED_DOMAIN)).toEqual({ code: "wrong-log-base", params: { base: 10 } });
    expect(diagnosis(SEED_LOSS, SEED_LOSS.replace(/ln\(/g, "log2("), SEED_DOMAIN)).toEqual({ code: "wrong-log-base", params: { base: 2 } });
    expect(diagnosis("ln(a) + log(b)", "log10(a) + ln(b)", { a: [0.5, 3], b: [0.5, 3] })).toEqual({ code: "wrong-log-base", params: { base: 10 } });
    expect(diagnosis("y11*ln(2)", "y11*log2(2)")).toEqual({ code: "wrong-log-base", params: { base: 2 } });
  });

  it("names a missing minus (the whole formula negated)", () => {
    expect(diagnosis(SEED_LOSS, SEED_LOSS.slice(1), SEED_DOMAIN)).toEqual({ code: "sign-flip", params: {} });
    expect(diagnosis("-x*ln(y)", "x*ln(y)", { y: [0.5, 2] })).toEqual({ code: "sign-flip", params: {} });
  });

  it("names the softmax left out: exp(x)/Σexp → x, and log-softmax → ln x", () => {
    const positive = Object.fromEntries(Y.map((y) => [y, [0.1, 3] as [number, number]]));
    expect(diagnosis(SEED_LOSS, "-(ln(y11) + ln(y22) + ln(y33))", positive)).toEqual({ code: "no-softmax", params: {} });
    expect(diagnosis("e^y1/(e^y1+e^y2)", "y1")).toEqual({ code: "no-softmax", params: {} });
    expect(diagnosis("y1 - ln(exp(y1)+exp(y2))", "ln(y1)", { y1: [0.1, 2] })).toEqual({ code: "no-softmax", params: {} });
    expect(diagnosis("ln(exp(y1)+exp(y2)) - y1", "-ln(y1)", { y1: [0.1, 2] })).toEqual({ code: "no-softmax", params: {} });
    // one softmax of two left out
    expect(diagnosis("exp(a)/(exp(a)+exp(b)) + exp(c)/(exp(c)+exp(d))", "a + exp(c)/(exp(c)+exp(d))")).toEqual({ code: "no-softmax", params: {} });
  });

  it("names the mean taken for the sum and the sum for the mean", () => {
    expect(diagnosis(SEED_LOSS, `(${SEED_LOSS})/3`, SEED_DOMAIN)).toEqual({ code: "mean-vs-sum", params: { used: "mean", n: 3 } });
    expect(diagnosis(`(${SEED_LOSS.slice(1)})/3`, SEED_LOSS.slice(1), SEED_DOMAIN)).toEqual({ code: "mean-vs-sum", params: { used: "sum", n: 3 } });
    expect(diagnosis("1/2*((a-b)^2 + (c-d)^2)", "(a-b)^2 + (c-d)^2")).toEqual({ code: "mean-vs-sum", params: { used: "sum", n: 2 } });
    // Each sample's loss written as two terms: the mean is over the 2 samples, not the 4 terms.
    expect(diagnosis("ln(e^a+e^b) - a + ln(e^c+e^d) - d", "(ln(e^a+e^b) - a + ln(e^c+e^d) - d)/2")).toEqual({
      code: "mean-vs-sum",
      params: { used: "mean", n: 2 },
    });
  });

  it("names nothing for an unrelated mistake", () => {
    expect(diagnosis("x^2", "2*x")).toBeNull();
    expect(diagnosis(SEED_LOSS, SEED_LOSS.replace("exp(y22)/", "exp(y21)/"), SEED_DOMAIN)).toBeNull();
  });

  it("keeps the check result plain JSON, diagnosis included", () => {
    const r = wrong(SEED_LOSS, SEED_LOSS.replace(/ln\(/g, "log10("), SEED_DOMAIN);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(checkExpression({ expected: "2*x", given: "x+x" })).toMatchObject({ ok: true, equivalent: true, diagnosis: null });
  });

  it("rewrites the expected tree into each mistake, in the order tried", () => {
    const parsed = parseExpression("-ln(exp(a)/(exp(a)+exp(b))) - ln(exp(d)/(exp(c)+exp(d)))");
    if (!parsed.ok) throw new Error(parsed.error.message);
    const rewrites = formulaAlternatives(parsed.value.expr).map((a) => [
      a.diagnosis.code,
      a.diagnosis.params.base ?? a.diagnosis.params.n ?? null,
      readAsText(a.expr),
    ]);
    expect(rewrites).toEqual([
      ["wrong-log-base", 10, "-log10(exp(a) / (exp(a) + exp(b))) - log10(exp(d) / (exp(c) + exp(d)))"],
      ["wrong-log-base", 10, "-log10(exp(a) / (exp(a) + exp(b))) - ln(exp(d) / (exp(c) + exp(d)))"],
      ["wrong-log-base", 10, "-ln(exp(a) / (exp(a) + exp(b))) - log10(exp(d) / (exp(c) + exp(d)))"],
      ["wrong-log-base", 2, "-log2(exp(a) / (exp(a) + exp(b))) - log2(exp(d) / (exp(c) + exp(d)))"],
      ["wrong-log-base", 2, "-log2(exp(a) / (exp(a) + exp(b))) - ln(exp(d) / (exp(c) + exp(d)))"],
      ["wrong-log-base", 2, "-ln(exp(a) / (exp(a) + exp(b))) - log2(exp(d) / (exp(c) + exp(d)))"],
      ["mean-vs-sum", 2, "(-ln(exp(a) / (exp(a) + exp(b))) - ln(exp(d) / (exp(c) + exp(d)))) / 2"],
      ["no-softmax", null, "-ln(a) - ln(d)"],
      ["no-softmax", null, "-ln(a) - ln(exp(d) / (exp(c) + exp(d)))"],
      ["no-softmax", null, "-ln(exp(a) / (exp(a) + exp(b))) - ln(d)"],
      ["sign-flip", null, "-(-ln(exp(a) / (exp(a) + exp(b))) - ln(exp(d) / (exp(c) + exp(d))))"],
    ]);
  });
});
