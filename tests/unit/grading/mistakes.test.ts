/** Every built-in mistake named, in a graph and for a single value; problem alternatives; messages in both languages. */
import { describe, expect, it } from "vitest";
import { toNested } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { MESSAGE_CATALOGS, MISTAKE_CODES, describe as describeResult, describeDetail, gradeAnnotations, gradeValue } from "@/lib/grading";
import { STD, ce, pick, sheet, std } from "./fixtures";

const value = (text: string, evaluated = ce()) => gradeValue({ evaluated, answerText: text });

describe("a single value: the seed's batch cross-entropy 2.54692", () => {
  it("accepts 2.54692, 2.547 and the expression, and rejects 2.55", () => {
    for (const t of ["2.54692", "2.547", "-ln(e^0.65/(e^0.65+e^0.43+e^0.11)) - ln(e^0.51/(e^0.05+e^0.51+e^0.18)) - ln(e^0.72/(e^0.33+e^0.21+e^0.72))"]) {
      expect([t, value(t).verdict]).toEqual([t, "correct"]);
    }
    expect(value("2.55").verdict).toBe("incorrect");
  });

  it("names wrong-log-base for log10 (≈1.1061) and log2", () => {
    const r = value("1.1061");
    expect([r.verdict, r.diagnosis?.code]).toEqual(["incorrect", "wrong-log-base"]);
    expect(describeResult(r)).toBe("This matches log base 10 in place of the natural logarithm ln.");
    expect(describeDetail(r)).toBe("matched log10 in place of ln (everywhere in the graph)");
    expect(value(String(2.546916 / Math.LN2)).diagnosis?.code).toBe("wrong-log-base");
    expect(describeResult(value(String(2.546916 / Math.LN2)))).toContain("base 2");
  });

  it("names mean-vs-sum for the batch mean (≈0.84897)", () => {
    const r = value("0.84897");
    expect(r.diagnosis?.code).toBe("mean-vs-sum");
    // What the student did: the graph sums over the batch, and this took the mean.
    expect(describeResult(r)).toBe(
      "You took the mean where the graph sums: this matches the mean in place of the sum, which does not divide by the number of elements.",
    );
  });

  it("names no-softmax for the logits used as probabilities", () => {
    const noSoftmax = -(Math.log(0.65) + Math.log(0.51) + Math.log(0.72));
    expect(value(String(noSoftmax)).diagnosis?.code).toBe("no-softmax");
  });

  it("names sign-flip and early-rounding, and nothing for a far-off number", () => {
    expect(value("-2.54692").diagnosis?.code).toBe("sign-flip");
    // Every intermediate rounded to 2 significant figures gives 2.54 (truncated, 2.53).
    const rounded = value("2.54");
    expect(rounded.diagnosis?.code).toBe("early-rounding");
    expect(describeDetail(rounded)).toMatch(/every intermediate rounded to 2 significant figures/);
    const far = value("7");
    expect([far.verdict, far.diagnosis]).toEqual(["incorrect", null]);
    expect(describeResult(far)).toBe("Not correct.");
  });

  it("reports missing, invalid and a shape error", () => {
    expect(value("").verdict).toBe("missing");
    expect(value("2.5.4")).toMatchObject({ verdict: "invalid", given: "2.5.4" });
    expect(gradeValue({ evaluated: ce(), value: [2.54692] })).toMatchObject({ verdict: "incorrect", diagnosis: null, message: { key: "incorrect-shape" } });
    expect(gradeValue({ evaluated: ce(), value: 2.54692 }).verdict).toBe("correct");
  });

  it("grades any node's value, tensors included", () => {
    const evaluated = ce();
    const rows = evaluated.node("L.1").value;
    expect(gradeValue({ evaluated, nodeId: "L.1", value: Array.from(rows.data) }).verdict).toBe("correct");
    expect(gradeValue({ evaluated, nodeId: "L.1", value: Array.from(rows.data, (x) => x / Math.LN10) }).diagnosis?.code).toBe("wrong-log-base");
  });

  it("uses a problem's own alternative first: sample-vs-population on the seed's standard deviation", () => {
    const alt = evaluateSource(STD.replace("v = (a + b) / 2", "v = (a + b) / 1")).evaluated;
    const alternatives = [{ code: "sample-vs-population", message: { en: "You divided by N − 1.", "zh-CN": "你除以了 N − 1。" }, evaluated: alt }];
    const r = gradeValue({ evaluated: std(), answerText: "sqrt(8)", alternatives });
    expect(r.diagnosis?.code).toBe("sample-vs-population");
    expect(describeResult(r)).toBe("You divided by N − 1.");
    expect(describeResult(r, "zh-CN")).toBe("你除以了 N − 1。");
    expect(describeDetail(r)).toBe('matched the problem\'s alternative "sample-vs-population"');
    const noChinese = gradeValue({ evaluated: std(), answerText: "sqrt(8)", alternatives: [{ ...alternatives[0]!, message: { en: "N − 1." } }] });
    expect(describeResult(noChinese, "zh-CN")).toBe("N − 1.");
  });
});

describe("in an annotated graph", () => {
  it("names local-not-chained for a downstream that is the local derivative alone", () => {
    const evaluated = std();
    const entries = sheet(evaluated, ["value", "grad", "local", "downstream"], { "a<-a.1.downstream": -4, "a.1.grad": -4 });
    const { results } = gradeAnnotations({ evaluated, entries, fields: ["value", "grad", "local", "downstream"] });
    expect(pick(results, "a<-a.1.downstream").diagnosis?.code).toBe("local-not-chained");
    expect(pick(results, "a.1.grad").verdict).toBe("carried");
  });

  it("names upstream-downstream-swapped both ways", () => {
    const evaluated = std();
    const fields = ["value", "grad", "local", "downstream"] as const;
    const down = gradeAnnotations({ evaluated, entries: sheet(evaluated, fields, { "a<-a.1.downstream": 0.125 }), fields });
    expect(pick(down.results, "a<-a.1.downstream").diagnosis?.code).toBe("upstream-downstream-swapped");
    // v's gradient written as what v sends to v.1 (0.125 instead of 0.25).
    const up = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"], { "v.grad": 0.125 }) });
    const v = pick(up.results, "v.grad");
    expect(v.diagnosis?.code).toBe("upstream-downstream-swapped");
    expect(describeDetail(v)).toBe("matched what v sends back to v.1 instead of the gradient arriving at v");
  });

  it("names sign-flip on a value and on a gradient, and the chain below carries", () => {
    const evaluated = std();
    const { results } = gradeAnnotations({
      evaluated,
      entries: sheet(evaluated, ["value", "grad"], {
        "v.grad": -0.25,
        "v.1.grad": -0.125,
        "a.grad": -0.125,
        "b.grad": -0.125,
        "a.1.grad": 0.5,
        "b.1.grad": -0.5,
        "x1.grad": 0.5,
        "x2.grad": -0.5,
      }),
    });
    expect(pick(results, "v.grad").diagnosis?.code).toBe("sign-flip");
    for (const k of ["v.1.grad", "a.grad", "a.1.grad", "x1.grad", "x2.grad"]) expect([k, pick(results, k).verdict]).toEqual([k, "carried"]);
    const flipped = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value"], { "a.1.value": 2 }), fields: ["value"] });
    expect(pick(flipped.results, "a.1.value").diagnosis?.code).toBe("sign-flip");
  });

  it("names wrong-log-base at the log node and in the gradient below it, carrying the rest", () => {
    const { evaluated } = evaluateSource("input p = 0.3\nL = -log(p)\n");
    const entries = { p: { value: 0.3, grad: -1 / (0.3 * Math.LN10) }, "L.1": { value: Math.log10(0.3), grad: -1 }, L: { value: -Math.log10(0.3), grad: 1 } };
    const { results } = gradeAnnotations({ evaluated, entries });
    expect(pick(results, "L.1.value").diagnosis?.code).toBe("wrong-log-base");
    expect(pick(results, "L.value").verdict).toBe("carried");
    expect(pick(results, "p.grad").diagnosis?.code).toBe("wrong-log-base");
  });

  it("names mean-vs-sum and no-softmax on the seed's cross-entropy graph", () => {
    const evaluated = ce();
    const rows = Array.from(evaluated.node("L.1").value.data);
    const meanRows = { "L.1": { value: rows, grad: [1 / 3, 1 / 3, 1 / 3] }, L: { value: rows.reduce((a, b) => a + b) / 3, grad: 1 } };
    const mean = gradeAnnotations({ evaluated, entries: meanRows });
    expect(pick(mean.results, "L.value").diagnosis?.code).toBe("mean-vs-sum");
    expect(pick(mean.results, "L.1.grad").diagnosis?.code).toBe("mean-vs-sum");
    const logits = [0.65, 0.51, 0.72].map((z) => -Math.log(z));
    const noSoftmax = gradeAnnotations({ evaluated, entries: { "L.1": { value: logits } } });
    expect(pick(noSoftmax.results, "L.1.value").diagnosis?.code).toBe("no-softmax");
  });

  it("names early-rounding when intermediates were rounded to 2–3 significant figures", () => {
    const { evaluated } = evaluateSource("input x = 0.7, y = 2.45\nz = exp(x) * y\nL = z * z\n");
    const z = Math.exp(0.7) * 2.45; // 4.9336...
    const { results } = gradeAnnotations({ evaluated, entries: { z: { value: 4.9 }, L: { value: 24 } }, fields: ["value"] });
    // exp(0.7) carried on as 2.0 gives z = 2.0 × 2.45 = 4.9.
    expect(pick(results, "z.value").diagnosis?.code).toBe("early-rounding");
    // 4.9² = 24.01: right from the student's own rounded z, so it carries (the rounding costs once).
    expect(pick(results, "L.value").verdict).toBe("carried");
    expect(z).toBeGreaterThan(4.93);
    const alone = gradeValue({ evaluated, answerText: "24" });
    expect(alone.diagnosis?.code).toBe("early-rounding");
  });

  it("has a message and a detail for every built-in mistake in both languages", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const catalog = MESSAGE_CATALOGS[locale];
      for (const code of MISTAKE_CODES) expect([locale, code, typeof catalog[`mistake.${code}`]]).toEqual([locale, code, "string"]);
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(MESSAGE_CATALOGS.en).sort());
    }
    const r = gradeValue({ evaluated: ce(), answerText: "0.84897" });
    expect(describeResult(r, "zh-CN")).toBe("你在图中求和的地方取了平均：这与用求平均代替求和的结果一致，而求和不除以元素个数。");
    expect(describeDetail(r, "zh-CN")).toBe("与求和与求平均互换的结果一致（仅在节点 L）");
  });

  it("never names a mistake for a correct or carried entry", () => {
    const evaluated = std();
    const { results } = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"], { "m.grad": 0.5, "m.1.grad": 0.25 }) });
    expect(results.filter((r) => r.diagnosis !== null).map((r) => r.node)).toEqual(["m"]);
    expect(toNested(evaluated.node("m").value)).toBe(1);
  });
});
