/**
 * What the problem page says, rendered as the student sees it (components rendered to HTML with the
 * real message catalogs): the formula box's live preview (typeset, and written out as read), a wrong
 * formula's message with its short test point, and unreadable answers of every kind, in both
 * languages, each saying "could not read" once.
 */
import { NextIntlClientProvider, createTranslator } from "next-intl";
import { type ReactElement, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnswerField, FeedbackLine } from "@/app/_components/problem/AnswerField";
import { ExpressionField } from "@/app/_components/problem/ExpressionField";
import { type Translate, partViews, submissionView } from "@/lib/assignments/student-view";
import type { FieldView, PartView } from "@/lib/assignments/view-types";
import { checkExpression, gradeAnnotations, gradeValue, type ExpressionCheck, type Locale } from "@/lib/grading";
import { CATALOGS } from "@/lib/i18n/messages";
import type { PartResult } from "@/lib/problems/grade";
import { ce, std } from "./grading/fixtures";

const LOCALES: Locale[] = ["en", "zh-CN"];

function translator(locale: Locale): Translate {
  const t = createTranslator({ locale, messages: CATALOGS[locale] });
  return (key, params) => t(key as never, params as never);
}

function render(locale: Locale, element: ReactElement): string {
  return renderToStaticMarkup(createElement(NextIntlClientProvider, { locale, messages: CATALOGS[locale], timeZone: "UTC", children: element }));
}

function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The text of the live preview under an answer box. */
function preview(html: string): string {
  const m = /id="[^"]*-preview"[^>]*>([\s\S]*?)<\/(?:p|div)>/.exec(html);
  if (!m) throw new Error(`no preview in ${html}`);
  return plain(m[1]!);
}

function feedbackOf(html: string): string {
  const m = /<p class="feedback[^"]*"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  if (!m) throw new Error(`no feedback in ${html}`);
  return plain(m[1]!);
}

const noop = () => {};
const answerField = (locale: Locale, value: string, compact = false) =>
  render(locale, createElement(AnswerField, { label: "x", value, onChange: noop, compact }));
const formulaField = (locale: Locale, value: string, message: string | null = null) =>
  render(locale, createElement(ExpressionField, { value, variables: ["x", "y11"], onChange: noop, message, testId: "answer-f" }));

const SEED_LOSS = "-(ln(exp(y11)/(exp(y11)+exp(y12)+exp(y13))) + ln(exp(y22)/(exp(y21)+exp(y22)+exp(y23))) + ln(exp(y33)/(exp(y31)+exp(y32)+exp(y33))))";
const Y = ["y11", "y12", "y13", "y21", "y22", "y23", "y31", "y32", "y33"];
const AT_ZERO = Y.map((y) => `${y} = 0`).join(", ");

function formulaPart(check: ExpressionCheck): PartResult {
  const verdict = !check.ok ? "invalid" : check.equivalent ? "correct" : "incorrect";
  return { id: "formula", points: 3, score: verdict === "correct" ? 1 : 0, verdict, kind: "expression", check };
}

function formulaView(check: ExpressionCheck, locale: Locale, attemptUsed: boolean) {
  return partViews([formulaPart(check)], { locale, reveal: false, t: translator(locale), attemptUsed })[0] as Extract<PartView, { kind: "expression" }>;
}

describe("the formula box's live preview", () => {
  it("shows the formula typeset with KaTeX and written out as it was read", () => {
    const html = formulaField("en", "y11*ln(2)");
    expect(preview(html)).toBe("Your answer was read as: y11 * ln(2)");
    expect(html).toContain("<code>y11 * ln(2)</code>");
    expect(html).toMatch(/data-testid="answer-f-rendered"><span class="katex-display"><span class="katex">/);
    expect(html).toContain('<annotation encoding="application/x-tex">y_{11} \\cdot \\ln\\left(2\\right)</annotation>');
    expect(preview(formulaField("en", "e^x/(e^x+e^y11)"))).toBe("Your answer was read as: e^(x) / (e^(x) + e^(y11))");
    expect(preview(formulaField("zh-CN", "-x^2"))).toBe("你的答案被识别为：-(x^2)");
  });

  it("writes out a formula of thousands of terms without typesetting it", () => {
    const long = Array.from({ length: 1500 }, () => "x").join("+");
    const html = formulaField("en", long);
    expect(preview(html)).toBe(`Your answer was read as: ${long.replace(/\+/g, " + ")}`);
    expect(html).not.toContain("katex");
  });

  it("reads what a Chinese input method types", () => {
    expect(preview(formulaField("zh-CN", "ｙ１１＊ｌｎ（２）－½"))).toBe("你的答案被识别为：y11 * ln(2) - 1 / 2");
  });

  it("shows the one located reason when the formula cannot be read, in the student's language", () => {
    expect(preview(formulaField("en", "x^^2"))).toBe("Could not read this: unexpected `^` at column 3");
    expect(preview(formulaField("zh-CN", "x^^2"))).toBe("无法读取：意外的 `^`（第 3 列）");
    expect(preview(formulaField("en", "x*z"))).toBe("Could not read this: unknown name `z` at column 3");
    expect(formulaField("en", "x*z")).toContain('aria-invalid="true"');
  });

  it("shows nothing for an empty box", () => {
    expect(preview(formulaField("en", "  "))).toBe("\u00a0");
  });
});

describe("a wrong formula's message", () => {
  const check = checkExpression({ expected: SEED_LOSS, given: `(${SEED_LOSS})/3`, domain: Object.fromEntries(Y.map((y) => [y, [-3, 3]])) });

  it("gives the short test point, the expected value and the student's there, and the mistake, after a graded attempt", () => {
    const en = formulaView(check, "en", true);
    expect(en.message).toBe(
      `Your formula differs at ${AT_ZERO}: the expected value there is 3.296, yours gives 1.099. ` +
        "It is the expected formula divided by 3: you took a mean over 3 terms where their sum is expected.",
    );
    expect(en.counterexample).toEqual({
      at: Object.fromEntries(Y.map((y) => [y, 0])),
      given: expect.closeTo(Math.log(3), 12),
      expected: expect.closeTo(3 * Math.log(3), 12),
    });
    expect(formulaView(check, "zh-CN", true).message).toBe(
      `你的式子在 ${AT_ZERO} 处不对：该处的期望值为 3.296，你的式子给出 1.099。它是期望式子除以 3：期望的是这些项的和，而你对 3 项取了平均。`,
    );
  });

  it("keeps the expected value back when the answers were sent back unreadable (no attempt used)", () => {
    const en = formulaView(check, "en", false);
    expect(en.message).toBe(
      `Your formula differs at ${AT_ZERO}: yours gives 1.099 there. It is the expected formula divided by 3: you took a mean over 3 terms where their sum is expected.`,
    );
    expect(en.counterexample).toEqual({ at: Object.fromEntries(Y.map((y) => [y, 0])), given: expect.closeTo(Math.log(3), 12) });
    expect(JSON.stringify(en)).not.toContain("3.29");
  });

  it("shows it in a stored submission, which is always an attempt", () => {
    const view = submissionView(
      { id: "s1", attempt: 1, createdAt: new Date(0), score: 0, late: false, latePenalty: 0, results: [formulaPart(check)] },
      { locale: "en", reveal: false, t: translator("en") },
    );
    expect((view.parts[0] as Extract<PartView, { kind: "expression" }>).message).toContain("the expected value there is 3.296, yours gives 1.099.");
  });

  it("says each named mistake in both languages", () => {
    const cases: [string, string, string, string][] = [
      ["y11*ln(2)", "y11*log10(2)", "log base 10 in place of the natural logarithm", "以 10 为底的对数"],
      ["-x*y11", "x*y11", "a minus sign is missing", "少了（或多了）一个负号"],
      ["exp(x)/(exp(x)+exp(y11))", "x", "the softmax left out", "省略 softmax"],
      [
        `(${SEED_LOSS.slice(1)})/3`,
        SEED_LOSS.slice(1),
        "It is 3 times the expected formula: you took the sum of 3 terms where their mean is expected.",
        "它是期望式子的 3 倍",
      ],
    ];
    for (const [expected, given, en, zh] of cases) {
      const c = checkExpression({ expected, given });
      expect(formulaView(c, "en", true).message).toContain(en);
      expect(formulaView(c, "zh-CN", true).message).toContain(zh);
    }
  });

  it("shows values to 4 significant figures, more only when needed to tell them apart", () => {
    const c = checkExpression({ expected: "1/x", given: "1/x + 0.00001", domain: { x: [1, 2] } });
    const message = formulaView(c, "en", true).message;
    const m = /the expected value there is ([\d.]+), yours gives ([\d.]+)\./.exec(message)!;
    expect(m[1]).not.toBe(m[2]);
    expect(Number(m[2]) - Number(m[1])).toBeCloseTo(1e-5, 6);
    expect(message).toMatch(/^Your formula differs at x = 1\.\d{3}:/); // the random point, to 4 figures
  });

  it("reads results stored before mistakes and reasons were kept", () => {
    const legacy = { ok: false, error: { message: "given: could not read `x^^2`: unexpected `^` at column 3", column: 3, which: "given" } } as ExpressionCheck;
    expect(formulaView(legacy, "en", true).message).toBe("Could not read your formula: unexpected `^` at column 3");
    const { diagnosis: _d, ...old } = checkExpression({ expected: "x^2", given: "2*x" }) as Extract<ExpressionCheck, { ok: true }>;
    expect(formulaView(old as ExpressionCheck, "en", true).message).toBe("Your formula differs at x = 1: the expected value there is 1, yours gives 2.");
  });
});

describe("unreadable answers say 'could not read' once", () => {
  const PHRASE: Record<Locale, RegExp> = { en: /could not read|unreadable/gi, "zh-CN": /无法读取|无法识别/g };
  const once = (locale: Locale, text: string) => {
    expect((text.match(PHRASE[locale]) ?? []).length, text).toBe(1);
    if (locale === "zh-CN") expect(text, text).not.toMatch(/could not|unexpected|column/i);
  };

  function fieldFeedback(locale: Locale, field: FieldView): string {
    return plain(render(locale, createElement(FeedbackLine, { fb: field })));
  }

  for (const locale of LOCALES) {
    it(`in the live previews (${locale}): number, vector, annotation field, formula`, () => {
      const texts = [
        preview(answerField(locale, "0.5.3")),
        preview(answerField(locale, "[1, 2")),
        preview(answerField(locale, "1,5", true)),
        preview(formulaField(locale, "x^^2")),
      ];
      for (const text of texts) once(locale, text);
      if (locale === "en") {
        expect(texts).toEqual([
          "Could not read this: unexpected `.` at column 4",
          "Could not read this: `[` is never closed at column 1",
          "Could not read this: unexpected `,` (write decimals with a point, as in 0.5) at column 2",
          "Could not read this: unexpected `^` at column 3",
        ]);
      }
    });

    it(`in the feedback after submitting (${locale}): number, vector, annotation field, formula`, () => {
      const t = translator(locale);
      const parts: PartResult[] = [];
      const numeric = gradeValue({ evaluated: std(), nodeId: "s", answerText: "0.5.3" });
      parts.push({ id: "n", points: 1, score: 0, verdict: numeric.verdict, kind: "numeric", result: numeric });
      const vector = gradeValue({ evaluated: ce(), nodeId: "L.1", answerText: "[1, 2" });
      parts.push({ id: "v", points: 1, score: 0, verdict: vector.verdict, kind: "vector", result: vector });
      const { results } = gradeAnnotations({ evaluated: std(), entries: { m: { value: "1,5" } }, fields: ["value"] });
      parts.push({ id: "a", points: 1, score: 0, verdict: "invalid", kind: "graph-annotation", results, graph: "reference", structure: null });
      parts.push(formulaPart(checkExpression({ expected: "x^2", given: "x^^2" })));
      const views = partViews(parts, { locale, reveal: false, t });

      const fields = [
        (views[0] as Extract<PartView, { kind: "numeric" | "vector" }>).field,
        (views[1] as Extract<PartView, { kind: "numeric" | "vector" }>).field,
        (views[2] as Extract<PartView, { kind: "graph-annotation" }>).fields.find((f) => f.node === "m")!,
      ];
      expect(fields.map((f) => f.verdict)).toEqual(["invalid", "invalid", "invalid"]);
      const texts = [
        ...fields.map((f) => fieldFeedback(locale, f)),
        feedbackOf(formulaField(locale, "x^^2", (views[3] as Extract<PartView, { kind: "expression" }>).message)),
      ];
      for (const text of texts) once(locale, text);
      if (locale === "en") {
        expect(texts).toEqual([
          "? Could not read `0.5.3`: unexpected `.` at column 4. This does not count as an attempt.",
          "? Could not read `[1, 2`: `[` is never closed at column 1. This does not count as an attempt.",
          "? Could not read `1,5`: unexpected `,` (write decimals with a point, as in 0.5) at column 2. This does not count as an attempt.",
          "Could not read your formula: unexpected `^` at column 3",
        ]);
      } else {
        expect(texts[3]).toBe("无法读取你的式子：意外的 `^`（第 3 列）");
      }
    });
  }
});
