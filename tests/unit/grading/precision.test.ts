/**
 * Precision students can see: the digits an answer states, "too few digits" said as such (before any
 * mistake is named), answers rounded correctly to the stated precision accepted, and a problem that
 * asks for 2 decimal places accepting the CS231n figure's own numbers.
 */
import { describe, expect, it } from "vitest";
import { evaluateSource } from "@/lib/graph-lang";
import { describe as describeResult, describePrecision, gradeAnnotations, gradeValue, literalDigits, statedPrecision, tooFewDigits } from "@/lib/grading";
import { tensor } from "@/lib/autograd";
import { loadProblem } from "@/lib/problems/load";
import { gradeSubmission } from "@/lib/problems/grade";
import { generateVariant } from "@/lib/problems/variant";
import { precisionText } from "@/lib/problems/precision";

const SIG4 = { mode: "sigfigs", digits: 4 } as const;

describe("the digits an answer states", () => {
  it("counts significant figures and decimal places of plain numbers, trailing zeros included", () => {
    expect(literalDigits("2.55")).toEqual({ sig: 3, decimals: 2 });
    expect(literalDigits("2.550")).toEqual({ sig: 4, decimals: 3 });
    expect(literalDigits("-0.0250")).toEqual({ sig: 3, decimals: 4 });
    expect(literalDigits("2.5e-3")).toEqual({ sig: 2, decimals: 4 });
    expect(literalDigits("1200")).toEqual({ sig: 4, decimals: 0 });
    expect(literalDigits("0")).toEqual({ sig: 1, decimals: 0 });
    expect(literalDigits("\u22120.5")).toEqual({ sig: 1, decimals: 1 });
    expect(literalDigits("\uff0d\uff10\uff0e\uff15\uff10")).toEqual({ sig: 2, decimals: 2 });
    expect(literalDigits("1/4")).toBeNull();
  });

  it("states nothing for exact expressions, and per element for vectors", () => {
    expect(statedPrecision("1/4")).toBeNull();
    expect(statedPrecision("-ln(2)")).toBeNull();
    expect(statedPrecision("[0.25, -1.500]")).toEqual([
      { sig: 2, decimals: 2 },
      { sig: 4, decimals: 3 },
    ]);
    expect(statedPrecision(2.5)).toEqual([{ sig: 2, decimals: 1 }]);
    expect(statedPrecision([[1, "0.50"]])).toEqual([
      { sig: 1, decimals: 0 },
      { sig: 2, decimals: 2 },
    ]);
  });

  it("too few digits: short of the asked precision and right to the digits given", () => {
    const expected = tensor([], [2.54692]);
    const stated = (text: string) => statedPrecision(text);
    expect(tooFewDigits(expected, tensor([], [2.55]), stated("2.55"), SIG4)).toBe(true);
    expect(tooFewDigits(expected, tensor([], [2.54]), stated("2.54"), SIG4)).toBe(true);
    expect(tooFewDigits(expected, tensor([], [2.7]), stated("2.7"), SIG4)).toBe(false);
    expect(tooFewDigits(expected, tensor([], [2.551]), stated("2.551"), SIG4)).toBe(false);
    expect(tooFewDigits(expected, tensor([], [2.55]), null, SIG4)).toBe(false);
    expect(tooFewDigits(expected, tensor([], [2.55]), stated("2.55"), { mode: "default" })).toBe(false);
  });
});

describe("grading with a stated precision", () => {
  const { evaluated } = evaluateSource(
    "input Y[3,3] = [[0.65,0.43,0.11],[0.05,0.51,0.18],[0.33,0.21,0.72]]\nT = [[1,0,0],[0,1,0],[0,0,1]]\nL = sum(cross_entropy(Y, T))\n",
  );
  const grade = (answerText: string) => gradeValue({ evaluated, answerText, tolerance: SIG4 });

  it("accepts an answer correctly rounded to 4 significant figures (2.547 for 2.54692), and more digits", () => {
    expect(grade("2.547").verdict).toBe("correct");
    expect(grade("2.5469").verdict).toBe("correct");
    expect(grade("2.546").verdict).toBe("incorrect");
  });

  it("says 'give at least 4 significant figures' for 2.55, and names no mistake (not early rounding)", () => {
    const r = grade("2.55");
    expect(r).toMatchObject({ verdict: "incorrect", diagnosis: null, credit: 0, message: { key: "too-few-digits", params: { digits: 4 } } });
    expect(describeResult(r, "en")).toBe("Give at least 4 significant figures: this answer has fewer, so it cannot be accepted.");
    expect(describeResult(r, "zh-CN")).toContain("4 位有效数字");
    expect(grade("2.54").message.key).toBe("too-few-digits");
  });

  it("still names a mistake made with enough digits (log base 10)", () => {
    expect(grade("1.106").diagnosis?.code).toBe("wrong-log-base");
  });

  it("says too few digits on a graph's numbers too, with no carried credit and no mistake named", () => {
    const g = evaluateSource("input x = 3\ny = exp(x)\n").evaluated;
    const { results } = gradeAnnotations({
      evaluated: g,
      entries: { y: { value: "20.1", grad: "1" }, x: { grad: "20.0855" } },
      fields: ["value", "grad"],
      tolerance: SIG4,
    });
    const y = results.find((r) => r.node === "y" && r.field === "value")!;
    expect(y).toMatchObject({ verdict: "incorrect", diagnosis: null, message: { key: "too-few-digits" } });
    expect(results.find((r) => r.node === "x" && r.field === "grad")!.verdict).toBe("correct");
  });

  it("states the precision in the student's language", () => {
    expect(describePrecision(SIG4, "en")).toBe("Give at least 4 significant figures.");
    expect(describePrecision({ mode: "decimals", places: 2 }, "en")).toBe("Give numbers to 2 decimal places.");
    expect(describePrecision({ mode: "decimals", places: 2 }, "zh-CN")).toBe("数值请保留 2 位小数。");
    expect(describePrecision({ mode: "relative", rtol: 0.01 }, "en")).toBe("Numbers within 1% of the exact value are accepted.");
  });
});

const CS231N = `
id: cs231n-sigmoid-neuron
title: The sigmoid neuron of the CS231n backpropagation notes
topic: backpropagation
statement: Compute $f$ and every gradient at the figure's point.
decimals: 2
parameters: { w0: 2, x0: -1, w1: -3, x1: -2, w2: -3 }
graph: |
  input w0, x0, w1, x1, w2
  z = w0 * x0 + w1 * x1 + w2
  f = 1 / (1 + exp(-z))
parts:
  - { id: f, kind: numeric, prompt: f, points: 1, answer: { node: f } }
  - { id: dw0, kind: numeric, prompt: dw0, points: 1, answer: { node: w0, field: grad } }
  - { id: dx0, kind: numeric, prompt: dx0, points: 1, answer: { node: x0, field: grad } }
  - { id: dw1, kind: numeric, prompt: dw1, points: 1, answer: { node: w1, field: grad } }
  - { id: dx1, kind: numeric, prompt: dx1, points: 1, answer: { node: x1, field: grad } }
  - { id: dw2, kind: numeric, prompt: dw2, points: 1, answer: { node: w2, field: grad } }
solution: see the notes
`;

describe("a problem that asks for 2 decimal places", () => {
  const loaded = loadProblem(CS231N);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const problem = loaded.problem;
  const variant = generateVariant(problem, "0");

  it("accepts the CS231n figure's own numbers: 0.73, −0.20, 0.39, −0.39, −0.59, 0.20", () => {
    const answers = { f: "0.73", dw0: "-0.20", dx0: "0.39", dw1: "-0.39", dx1: "-0.59", dw2: "0.20" };
    const grade = gradeSubmission(problem, variant, answers);
    expect(grade.parts.map((p) => [p.id, p.verdict])).toEqual(Object.keys(answers).map((k) => [k, "correct"]));
    expect(grade.score).toBe(1);
  });

  it("says 'give 2 decimal places' to an answer with one, and refuses a wrong second decimal", () => {
    const grade = gradeSubmission(problem, variant, { dx1: "-0.6", dx0: "0.38" });
    const part = (id: string) => grade.parts.find((p) => p.id === id)!;
    expect(part("dx1")).toMatchObject({ verdict: "incorrect", result: { message: { key: "too-few-decimals", params: { places: 2 } } } });
    expect(part("dx0")).toMatchObject({ verdict: "incorrect" });
  });

  it("states it on every numeric part, and a problem without `decimals` asks for 4 significant figures", () => {
    expect(problem.file.parts.map((p) => precisionText(problem.file, p, "en"))).toEqual(Array(6).fill("Give numbers to 2 decimal places."));
    const noDecimals = loadProblem(CS231N.replace("decimals: 2\n", ""));
    if (!noDecimals.ok) throw new Error("load");
    expect(precisionText(noDecimals.problem.file, noDecimals.problem.file.parts[0]!, "zh-CN")).toBe("请至少给出 4 位有效数字。");
  });
});
