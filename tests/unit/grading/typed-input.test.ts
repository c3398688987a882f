/**
 * What a Chinese input method types: full-width digits and operators, the ideographic full stop,
 * 【】 brackets, the minus sign, vulgar fractions. Read as their ASCII forms by every reader of answers
 * (numbers, vectors, annotation fields, formulas) and by the graph language, with every error column
 * still pointing at the character the student typed.
 */
import { describe, expect, it } from "vitest";
import { gradeAnnotations, gradeValue, parseAnswer, parseExpression, readAnswer } from "@/lib/grading";
import { type GraphError, evaluateSource, parseGraph, toAsciiTyped } from "@/lib/graph-lang";
import { std } from "./fixtures";

function value(text: string): number | number[] {
  const r = parseAnswer(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.shape.length === 0 ? r.value.data[0]! : Array.from(r.value.data);
}

function error(text: string) {
  const r = parseAnswer(text);
  if (r.ok) throw new Error(`"${text}" was read`);
  return r.error;
}

describe("full-width and typeset characters in answers", () => {
  it("reads full-width digits, point, signs, slash and parentheses", () => {
    expect(value("－０．５")).toBe(-0.5);
    expect(value("１／２")).toBe(0.5);
    expect(value("（１＋２）")).toBe(3);
    expect(value("＋２．５ｅ－３")).toBe(0.0025);
    expect(value("２＊３＾２")).toBe(18);
    expect(value("２＊＊３")).toBe(8);
    expect(value("ｌｎ（ｅ）")).toBe(1);
  });

  it("reads the minus sign U+2212, the ideographic full stop and the ideographic space", () => {
    expect(value("\u22120.5")).toBe(-0.5);
    expect(value("0。25")).toBe(0.25);
    expect(value("1\u3000+\u30002")).toBe(3);
  });

  it("reads vulgar fractions as a parenthesized division", () => {
    expect(value("½")).toBe(0.5);
    expect(value("-½")).toBe(-0.5);
    expect(value("¾")).toBe(0.75);
    expect(value("⅓")).toBeCloseTo(1 / 3, 15);
    expect(value("2^½")).toBeCloseTo(Math.SQRT2, 15); // (1/2) stays one exponent
    expect(value("1/½")).toBe(2);
  });

  it("reads vectors and matrices with full-width brackets and commas", () => {
    expect(value("［１，２］")).toEqual([1, 2]);
    expect(value("【０．２，－０．５】")).toEqual([0.2, -0.5]);
    expect(value("［［１，２］，［３，４］］")).toEqual([1, 2, 3, 4]);
    expect(value("[½, ¼]")).toEqual([0.5, 0.25]);
  });

  it("keeps a full-width comma between digits the 'write decimals with a point' error, at its column", () => {
    const e = error("１，５");
    expect([e.issue.key, e.column]).toEqual(["decimal-comma", 2]);
    expect(e.message).toBe("could not read `１，５`: unexpected `,` (write decimals with a point, as in 0.5) at column 2");
  });

  it("points every error at the character typed, also after a vulgar fraction", () => {
    // ½ is read as five characters; the column of ＠ is still 5.
    expect([error("½ ＋ ＠").issue, error("½ ＋ ＠").column]).toEqual([{ key: "unexpected", params: { token: "＠" } }, 5]);
    expect([error("０．５．３").column, error("０．５．３").issue.params.token]).toEqual([4, "．"]);
    expect([error("２（３）").issue.key, error("２（３）").column, error("２（３）").issue.params.token]).toEqual(["multiply-explicitly", 2, "（"]);
    expect([error("½½").issue.key, error("½½").column]).toEqual(["multiply-explicitly", 2]);
    expect([error("（１＋２").issue, error("（１＋２").column]).toEqual([{ key: "unclosed", params: { bracket: "（" } }, 1]);
    expect(error("ln（０）").column).toBe(1);
    expect(error("1 + 😀").issue.params.token).toBe("😀");
  });

  it("reads answers given as arrays of texts, and annotation fields", () => {
    const read = readAnswer(["－０．５", "½", "３"]);
    expect(read.status === "given" && Array.from(read.value.data)).toEqual([-0.5, 0.5, 3]);
    // The seed's standard deviation: x1 = -1, x2 = 3, m = 1, s = 2, ∂s/∂x1 = -0.5.
    const evaluated = std();
    expect(gradeValue({ evaluated, nodeId: "s", answerText: "２．０" }).verdict).toBe("correct");
    const { results } = gradeAnnotations({ evaluated, entries: { m: { value: "１" }, x1: { grad: "－½" } }, fields: ["value", "grad"] });
    expect(results.find((r) => r.node === "m" && r.field === "value")!.verdict).toBe("correct");
    expect(results.find((r) => r.node === "x1" && r.field === "grad")!.verdict).toBe("correct");
  });

  it("reads formulas typed with a Chinese input method", () => {
    const r = parseExpression("ｙ１１ ＊ ｌｎ（２）－½", { variables: new Set(["y11"]) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.variables).toEqual(["y11"]);
    const at = r.value.evaluate({ y11: 3 });
    expect(at.ok && at.value.data[0]).toBeCloseTo(3 * Math.LN2 - 0.5, 14);
  });
});

describe("full-width characters in the graph language", () => {
  it("maps one unit to one unit, leaving ASCII and other text alone", () => {
    const typed = "ｙ　＝　（ｘ１ ＋ ３）／２ # 注释";
    expect(toAsciiTyped(typed)).toBe("y = (x1 + 3)/2 # 注释");
    expect(toAsciiTyped(typed)).toHaveLength(typed.length);
    const plain = "y = x + 1";
    expect(toAsciiTyped(plain)).toBe(plain);
  });

  it("evaluates a graph typed with full-width parentheses, operators and digits", () => {
    const { evaluated, program } = evaluateSource("input x１ = －２\ny = （x１ ＋ ３） ＊ ２\n");
    expect(evaluated.nodes.map((n) => n.id)).toEqual(["x1", "y.1", "y.2", "y.3", "y"]);
    expect(evaluated.nodes.find((n) => n.id === "y")!.value.data[0]).toBe(2);
    // Positions are those of the typed text: y = (x1 + 3) * 2 has its * at column 14, its + at column 9.
    const y = program.statements[1]!;
    expect(y.kind === "assign" && y.expr.kind === "binary" && [y.expr.op, y.expr.pos.column]).toEqual(["*", 14]);
    expect(y.kind === "assign" && y.expr.kind === "binary" && y.expr.left.kind === "binary" && y.expr.left.pos.column).toBe(9);
  });

  it("locates errors at the typed character and quotes it", () => {
    let e: GraphError | null = null;
    try {
      parseGraph("input x\ny = （x ＋ ＄）\n");
    } catch (error) {
      e = error as GraphError;
    }
    expect([e?.line, e?.column, e?.message]).toEqual([2, 10, "unexpected character '＄'"]);
    // The caret lines up under wide characters: one full-width space for each.
    expect(e?.excerpt).toBe("2 | y = （x ＋ ＄）\n  | \u0020\u0020\u0020\u0020\u3000\u0020\u0020\u3000\u0020^");
  });

  it("reports an unclosed full-width parenthesis where it was opened", () => {
    expect(() => parseGraph("input x\ny = （x + 1\n")).toThrow(/^'\(' on line 2, column 5 was never closed$/);
  });
});
