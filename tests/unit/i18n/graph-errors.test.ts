/** Graph errors and graph-check counterexamples as the pages show them: by key, in the reader's language. */
import { describe, expect, it } from "vitest";
import { checkGraphEquivalence } from "@/lib/grading/graph-equivalence";
import { evaluateSource, renderGraphMessage } from "@/lib/graph-lang";
import { structureFromSource } from "@/lib/graph-lang/structure";
import { graphErrorMessage, graphErrorText } from "@/lib/i18n/graph-errors";

const at = (v: { line: number; column: number; message: string }) => `第 ${v.line} 行第 ${v.column} 列：${v.message}`;

describe("graphErrorText", () => {
  it("shows the live check's error (structureFromSource) in Chinese, at its line and column", () => {
    const r = structureFromSource("input x\ny = x +\n");
    if (r.ok) return expect.fail("expected an error");
    expect(r.error.message).toBe("expected an expression, found the end of the line");
    expect(graphErrorText(r.error, "zh-CN", at)).toBe("第 2 行第 8 列：这里应为表达式，却是行尾");
    expect(graphErrorText(r.error, "en", (v) => `Line ${v.line}, column ${v.column}: ${v.message}`)).toBe(
      "Line 2, column 8: expected an expression, found the end of the line",
    );
  });

  it("falls back to the English text for an error stored without a key, or with one it does not know", () => {
    expect(graphErrorMessage({ message: "old text" }, "zh-CN")).toBe("old text");
    expect(graphErrorMessage({ message: "old text", ref: { key: "nope", params: {} } }, "zh-CN")).toBe("old text");
  });
});

describe("graph check messages by key", () => {
  const target = () => evaluateSource("input x = 0.5\ny = x * 2\n").graph;

  it("a student graph that does not compile: the error's key travels with the check", () => {
    const r = checkGraphEquivalence({ target: target(), studentSource: "input x\ny = x * zeta\n" });
    if (r.ok) return expect.fail("expected an error");
    expect(r.error.message).toBe('unknown name "zeta"');
    expect(graphErrorMessage(r.error, "zh-CN")).toBe("未知名称“zeta”");
  });

  it("a different value: English unchanged, Chinese from the catalog", () => {
    const r = checkGraphEquivalence({ target: target(), studentSource: "input x\ny = x * 3\n" });
    if (!r.ok) return expect.fail(r.error.message);
    expect(r.counterexample!.message).toBe("your graph computes a different value here");
    expect(renderGraphMessage(r.counterexample!.ref!, "zh-CN")).toBe("你的图在这里算出的值不同");
  });

  it("missing and extra inputs: each part translated, joined in the language's own way", () => {
    const r = checkGraphEquivalence({ target: target(), studentSource: "input w\ny = w * 2\n" });
    if (!r.ok) return expect.fail(r.error.message);
    expect(r.counterexample!.message).toBe(
      'your graph has no input "x", which the reference uses; your graph has the input "w", which the reference does not have',
    );
    expect(renderGraphMessage(r.counterexample!.ref!, "zh-CN")).toBe('你的图没有输入 "x"，而参考图用到了它；你的图有输入 "w"，而参考图没有');
  });

  it("undefined where the reference is not: the engine's reason translated", () => {
    const r = checkGraphEquivalence({ target: evaluateSource("input x = 0.5\ny = x * 2\n").graph, studentSource: "input x\ny = log(x - 0.5)\n" });
    if (!r.ok) return expect.fail(r.error.message);
    expect(r.counterexample!.message).toMatch(/^your graph is undefined here: node "y" \(line 2\): log of a non-positive number/);
    expect(renderGraphMessage(r.counterexample!.ref!, "zh-CN")).toMatch(/^你的图在这里没有定义：节点“y”（第 2 行）：对非正数取对数/);
  });
});
