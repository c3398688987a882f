/** Graph errors and graph-check counterexamples as the pages show them: by key, in the reader's language. */
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { type Translate, partViews, unreadableViews } from "@/lib/assignments/student-view";
import { checkGraphEquivalence } from "@/lib/grading/graph-equivalence";
import { evaluateSource, renderGraphMessage } from "@/lib/graph-lang";
import { structureFromSource } from "@/lib/graph-lang/structure";
import { graphErrorMessage, graphErrorText } from "@/lib/i18n/graph-errors";
import { CATALOGS } from "@/lib/i18n/messages";
import type { PartResult } from "@/lib/problems/grade";

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

describe("a graph on the student's page", () => {
  const translator = (locale: "en" | "zh-CN"): Translate => {
    const t = createTranslator({ locale, messages: CATALOGS[locale] });
    return (key, params) => t(key as never, params as never);
  };
  const check = checkGraphEquivalence({ target: evaluateSource("input x = 0.5\ny = x * 2\n").graph, studentSource: "input x\ny = (x * 2\n" });

  it("Check my graph's feedback on a graph that does not parse is in the student's language", () => {
    if (check.ok) return expect.fail("expected an error");
    const part = { id: "g", kind: "graph-construction", points: 1, score: 0, verdict: "invalid", check } as unknown as PartResult;
    const [zh] = partViews([part], { locale: "zh-CN", reveal: false, t: translator("zh-CN") });
    expect(zh).toMatchObject({ message: "第 2 行第 5 列：第 2 行第 5 列的“(”没有闭合", error: { message: "第 2 行第 5 列的“(”没有闭合", line: 2, column: 5 } });
    const [en] = partViews([part], { locale: "en", reveal: false, t: translator("en") });
    expect(en).toMatchObject({ message: "Line 2, column 5: '(' on line 2, column 5 was never closed" });
  });

  it("an unreadable graph with its key is told in Chinese; one stored without a key keeps its English text", () => {
    if (check.ok) return expect.fail("expected an error");
    const base = { part: "g", kind: "graph" as const, message: check.error.message, line: check.error.line, column: check.error.column };
    const [keyed, bare] = unreadableViews([{ ...base, key: check.error.ref!.key, params: check.error.ref!.params }, base], {
      locale: "zh-CN",
      t: translator("zh-CN"),
    });
    expect(keyed!.message).toBe("第 2 行第 5 列：第 2 行第 5 列的“(”没有闭合");
    expect(bare!.message).toBe("第 2 行第 5 列：'(' on line 2, column 5 was never closed");
  });
});

describe("a submission whose graph cannot be read", () => {
  it("carries the error's key from grading to the page, so the student reads it in Chinese", async () => {
    const { default: fs } = await import("node:fs");
    const { loadProblem } = await import("@/lib/problems/load");
    const { gradeSubmission } = await import("@/lib/problems/grade");
    const { generateVariant } = await import("@/lib/problems/variant");
    const loaded = loadProblem(fs.readFileSync("problems/seed/std-dev.yaml", "utf8"));
    if (!loaded.ok) return expect.fail("the seed problem loads");
    const graded = gradeSubmission(loaded.problem, generateVariant(loaded.problem, "1"), { graph: "input x1, x2\nm = (x1 + x2 / 2\n" });
    expect(graded.invalid).toBe(true);
    const [u] = graded.unreadable;
    expect(u).toMatchObject({ part: "graph", kind: "graph", key: expect.any(String) });
    const t = createTranslator({ locale: "zh-CN", messages: CATALOGS["zh-CN"] });
    const [view] = unreadableViews(graded.unreadable, { locale: "zh-CN", t: (key, params) => t(key as never, params as never) });
    expect(view!.message).toMatch(/^第 2 行第 \d+ 列：/);
    expect(view!.message).toMatch(/[\u4e00-\u9fff]/);
    expect(view!.message).not.toMatch(/never closed|expected/);
  });
});
