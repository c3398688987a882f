/** The graph language's messages by key: both languages for every key, the same placeholders, English unchanged. */
import { describe, expect, it } from "vitest";
import { type CompileOptions, GraphError, evaluateSource } from "@/lib/graph-lang";
import { GRAPH_MESSAGES, type GraphMessageKey, isGraphMessage, renderGraphMessage } from "@/lib/graph-lang/messages";

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const CJK = /[\u3400-\u9fff]/;

function error(source: string, options?: CompileOptions): GraphError {
  try {
    evaluateSource(source, options);
  } catch (e) {
    if (e instanceof GraphError) return e;
    throw e;
  }
  return expect.fail("expected a GraphError");
}

describe("the graph message catalogs", () => {
  const en = GRAPH_MESSAGES.en;
  const zh = GRAPH_MESSAGES["zh-CN"];

  it("have the same keys in English and Chinese", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it("use the same placeholders in both languages", () => {
    const differing = (Object.keys(en) as GraphMessageKey[]).filter((k) => placeholders(en[k]).join() !== placeholders(zh[k]).join());
    expect(differing).toEqual([]);
  });

  it("translate every sentence (only placeholders, punctuation and code may stay as in English)", () => {
    const untranslated = (Object.keys(en) as GraphMessageKey[]).filter((k) => /[a-z]{3,}/i.test(en[k].replace(/\{\w+\}/g, "")) && !CJK.test(zh[k]));
    expect(untranslated).toEqual([]);
  });
});

describe("graph errors by key", () => {
  const cases: Array<{ source: string; options?: CompileOptions; key: GraphMessageKey; en: string; zh: string }> = [
    {
      source: "# only a comment",
      key: "no-assignment",
      en: "the graph has no assignment to evaluate (write name = expression)",
      zh: "图中没有可计算的赋值语句",
    },
    {
      source: "input x1 = 1, x2 = 2\nm = (x1 + x3) / 2",
      key: "unknown-name",
      en: 'unknown name "x3" (did you mean "x1"?)',
      zh: "未知名称“x3”（是不是想写“x1”？）",
    },
    { source: "input x = 1\ny = (x + 1", key: "never-closed", en: "'(' on line 2, column 5 was never closed", zh: "第 2 行第 5 列的“(”没有闭合" },
    {
      source: "input x = 1\ny = x +",
      key: "expected-expression",
      en: "expected an expression, found the end of the input",
      zh: "这里应为表达式，却是输入的末尾",
    },
    { source: "input x = 1\ny = sin(x, x)", key: "arity.one", en: "sin takes 1 argument, got 2", zh: "sin 需要 1 个参数，实际给了 2 个" },
    {
      source: "input x = 0\ny = log(x)",
      key: "engine.at-node-line",
      en: 'node "y" (line 2): log of a non-positive number: log(0)',
      zh: "节点“y”（第 2 行）：对非正数取对数：log(0)",
    },
  ];
  for (const c of cases) {
    it(`${c.key}: English exactly as before, Chinese from the catalog`, () => {
      const e = error(c.source, c.options);
      expect(e.ref.key).toBe(c.key);
      expect(e.message).toBe(c.en);
      expect(renderGraphMessage(e.ref, "en")).toBe(c.en);
      expect(e.messageIn("zh-CN")).toContain(c.zh);
      expect(e.messageIn("zh-CN")).not.toMatch(/\b(the|of|is|found|expected)\b/);
    });
  }

  it("keeps toJSON's shape (the eval JSON contract) and gives the key alongside in toView", () => {
    const e = error("input x = 1\ny = x +");
    expect(e.toJSON()).toEqual({ message: "expected an expression, found the end of the input", line: 2, column: 8 });
    const view = JSON.parse(JSON.stringify(e.toView())) as unknown;
    expect(view).toMatchObject({ message: e.message, line: 2, column: 8 });
    expect(isGraphMessage((view as { ref: unknown }).ref)).toBe(true);
  });

  it("refuses anything else as a message (a key it does not know, a parameter that is not text)", () => {
    expect(isGraphMessage({ key: "no-such-key", params: {} })).toBe(false);
    expect(isGraphMessage({ key: "text", params: { text: ["x"] } })).toBe(false);
    expect(isGraphMessage(null)).toBe(false);
  });
});
