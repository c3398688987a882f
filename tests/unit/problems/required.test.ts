/**
 * Required quantities of construction parts: the default list and its labels, the errors an author
 * gets (at their line, in `problem validate` and in the browser editor), grading a submission on the
 * seed's standard deviation, and the message the student reads in both languages.
 */
import fs from "node:fs";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { previewProblem } from "@/lib/authoring/preview";
import { partViews, type Translate } from "@/lib/assignments/student-view";
import type { PartView } from "@/lib/assignments/view-types";
import { CATALOGS } from "@/lib/i18n/messages";
import { gradeSubmission, type PartResult } from "@/lib/problems/grade";
import { requiredQuantities } from "@/lib/problems/required";
import { formatIssue } from "@/lib/problems/source";
import { validateSource } from "@/lib/problems/validate";
import { generateVariant } from "@/lib/problems/variant";
import { compile, problemYaml } from "./helpers";

const STD_GRAPH = "graph: |\n  input x1, x2\n  m = (x1 + x2) / 2\n  a = (x1 - m) ^ 2\n  b = (x2 - m) ^ 2\n  v = (a + b) / 2\n  s = sqrt(v)";
const SHORTCUT = "input x1, x2\nd = (x1 - x2) / 2\ns = sqrt(d ^ 2)\n";
const DECOMPOSED = "input x1, x2\nm = x1 / 2 + x2 / 2\nd1 = x1 - m\na = d1 * d1\nd2 = x2 - m\nb = d2 * d2\nv = a / 2 + b / 2\ns = sqrt(v)\n";

/** A two-sample standard deviation with one construction part, its `require` lines given (or none). */
function stdProblem(require: string[] | null): string {
  return problemYaml({
    statement: "statement: The standard deviation at $x_1 = {{x1}}$, $x_2 = {{x2}}$.",
    parameters: "parameters:\n  x1: { type: int, min: -6, max: 6 }\n  x2: { type: int, min: -6, max: 6 }",
    constraints: 'constraints: [ "x1 != x2" ]',
    graph: STD_GRAPH,
    parts: ["parts:", "  - id: g", "    kind: graph-construction", "    prompt: p", "    points: 1", ...(require ? ["    require:", ...require] : [])].join(
      "\n",
    ),
  });
}

const seedStd = () => compile(fs.readFileSync("problems/seed/std-dev.yaml", "utf8"));

function construction(parts: readonly PartResult[], id = "graph") {
  const part = parts.find((p) => p.id === id)!;
  if (part.kind !== "graph-construction" || !part.check?.ok) throw new Error(`part ${id}: ${JSON.stringify(part)}`);
  return { ...part, check: part.check };
}

function translator(locale: "en" | "zh-CN"): Translate {
  const t = createTranslator({ locale, messages: CATALOGS[locale] });
  return (key, params) => t(key as never, params as never);
}

describe("the default list", () => {
  it("is every named node that depends on an input, labelled with its definition", () => {
    const problem = compile(stdProblem(null));
    expect(requiredQuantities(problem.program, {})).toEqual([
      { node: "m", label: { en: "m = (x1 + x2) / 2" } },
      { node: "a", label: { en: "a = (x1 - m) ^ 2" } },
      { node: "b", label: { en: "b = (x2 - m) ^ 2" } },
      { node: "v", label: { en: "v = (a + b) / 2" } },
      { node: "s", label: { en: "s = sqrt(v)" } },
    ]);
  });

  it("leaves out constants and what depends on no input; require: [] asks for nothing", () => {
    const problem = compile(problemYaml({ graph: "graph: |\n  input x\n  k = 2 * 3\n  T = [1, 2]\n  y = x * k + sum(T)" }));
    expect(requiredQuantities(problem.program, {}).map((q) => q.node)).toEqual(["y"]);
    expect(requiredQuantities(problem.program, { require: [] })).toEqual([]);
  });

  it("takes the author's list, with the author's labels, and a sub-expression's own text where none is given", () => {
    const problem = compile(stdProblem(["      - m", "      - { node: m.1 }", '      - { node: v, label: { en: "the variance", zh-CN: "方差" } }']));
    const part = problem.file.parts[0]!;
    expect(part.kind === "graph-construction" && requiredQuantities(problem.program, part)).toEqual([
      { node: "m", label: { en: "m = (x1 + x2) / 2" } },
      { node: "m.1", label: { en: "x1 + x2" } },
      { node: "v", label: { en: "the variance", "zh-CN": "方差" } },
    ]);
  });
});

describe("authors' mistakes in require", () => {
  it("names an unknown node, an input, a constant and a repeat at their lines", () => {
    const text = stdProblem(["      - { node: mean }", "      - x1", "      - m.2", "      - s", "      - { node: s, label: again }"]);
    const r = validateSource(text, { seeds: 5 });
    expect(r.ok).toBe(false);
    const line = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(r.issues.map((i) => formatIssue("f.yaml", i))).toEqual([
      `f.yaml:${line("node: mean")}: parts[0].require[0]: "mean" is not a node of the graph (its named nodes are m, a, b, v, s; sub-expressions are name.1, name.2, ...)`,
      `f.yaml:${line("- x1")}: parts[0].require[1]: "x1" is an input: every graph has its inputs, there is nothing to require`,
      `f.yaml:${line("- m.2")}: parts[0].require[2]: "m.2" depends on no input: it is the same number in every graph, there is nothing to require`,
      `f.yaml:${line("label: again")}: parts[0].require[4]: "s" is listed twice`,
    ]);
  });

  it("shows the same error at its line in the browser editor's preview", () => {
    const text = stdProblem(["      - m", "      - { node: mean, label: the mean }"]);
    const preview = previewProblem(text, ["0"], "en", 5);
    expect(preview.valid).toBe(false);
    expect(preview.issues).toContainEqual({
      severity: "error",
      line: text.split("\n").findIndex((l) => l.includes("node: mean")) + 1,
      message: expect.stringContaining('parts[0].require[1]: "mean" is not a node of the graph'),
    });
  });
});

describe("grading a construction part on the seed's standard deviation", () => {
  const problem = seedStd();
  const variant = generateVariant(problem, "0");

  it("gives the shortcut half credit, names the mean and the missing branch, and blocks annotating it", () => {
    const grade = gradeSubmission(problem, variant, { graph: SHORTCUT });
    const part = construction(grade.parts);
    expect([part.score, part.verdict, part.check.equivalent, part.check.detailed]).toEqual([0.5, "incorrect", true, false]);
    expect(part.check.missing).toEqual([
      { node: "m", label: { en: "the mean of x1 and x2", "zh-CN": "x1 与 x2 的均值" } },
      { node: "b", label: { en: "the squared deviation of x2 from the mean", "zh-CN": "x2 与均值之差的平方" } },
      { node: "v", label: { en: "the variance (the average of the two squares)", "zh-CN": "方差（两个平方的平均）" } },
    ]);
    expect(grade.parts.find((p) => p.id === "annotate")).toMatchObject({ verdict: "blocked", score: 0 });
    // Stored as JSON with the submission, and read back the same.
    expect(JSON.parse(JSON.stringify(grade))).toEqual(grade);
  });

  it("gives a legitimate decomposition written differently full credit, and lets it be annotated", () => {
    const grade = gradeSubmission(problem, variant, { graph: DECOMPOSED });
    const part = construction(grade.parts);
    expect([part.score, part.verdict, part.check.missing]).toEqual([1, "correct", []]);
    expect(grade.parts.find((p) => p.id === "annotate")!.verdict).not.toBe("blocked");
  });

  it("requires every named node by default, labelled with its definition", () => {
    const defaults = compile(stdProblem(null));
    const grade = gradeSubmission(defaults, generateVariant(defaults, "3"), { g: SHORTCUT });
    expect(construction(grade.parts, "g").check.missing.map((m) => m.label)).toEqual([
      { en: "m = (x1 + x2) / 2" },
      { en: "b = (x2 - m) ^ 2" },
      { en: "v = (a + b) / 2" },
    ]);
    const none = compile(stdProblem(null).replace("    prompt: p\n    points: 1", "    prompt: p\n    points: 1\n    require: []"));
    expect(construction(gradeSubmission(none, generateVariant(none, "3"), { g: SHORTCUT }).parts, "g").score).toBe(1);
  });
});

describe("what the student reads", () => {
  const problem = seedStd();
  const variant = generateVariant(problem, "0");
  const view = (answers: Record<string, string>, locale: "en" | "zh-CN") =>
    partViews(gradeSubmission(problem, variant, answers).parts, { locale, reveal: false, t: translator(locale) }).find((p) => p.id === "graph") as Extract<
      PartView,
      { kind: "graph-construction" }
    >;

  it("names every missing quantity, in English and in Chinese", () => {
    const en = view({ graph: SHORTCUT }, "en");
    expect(en.message).toBe(
      "Your graph computes the right function, but never computes the mean of x1 and x2, the squared deviation of x2 from the mean, and the variance (the average of the two squares) as its own node: this part asks for each of these as a step of its own.",
    );
    expect(en.missing).toEqual([
      { node: "m", label: "the mean of x1 and x2" },
      { node: "b", label: "the squared deviation of x2 from the mean" },
      { node: "v", label: "the variance (the average of the two squares)" },
    ]);
    const zh = view({ graph: SHORTCUT }, "zh-CN");
    expect(zh.message).toContain("x1 与 x2 的均值、x2 与均值之差的平方和方差（两个平方的平均）");
    expect(zh.missing.map((m) => m.label)).toEqual(["x1 与 x2 的均值", "x2 与均值之差的平方", "方差（两个平方的平均）"]);
  });

  it("says both when a banned operation is used and a quantity is missing", () => {
    const en = view({ graph: "input x1, x2\ns = abs(x1 - x2) / 2\n" }, "en");
    expect(en.message).toBe(
      "Your graph computes the right function, but uses abs, which this part asks you to break down into simpler steps. It also never computes the mean of x1 and x2, the squared deviation of x1 from the mean, the squared deviation of x2 from the mean, and the variance (the average of the two squares) as its own node.",
    );
  });

  it("reads a result stored before required quantities existed", () => {
    const grade = gradeSubmission(problem, variant, { graph: SHORTCUT });
    // Then the shortcut was detailed, and nothing was missing.
    const old = grade.parts.map((p) =>
      p.kind === "graph-construction" && p.check?.ok ? { ...p, score: 1, verdict: "correct", check: { ...p.check, missing: undefined, detailed: true } } : p,
    );
    const part = partViews(old as PartResult[], { locale: "en", reveal: false, t: translator("en") }).find((p) => p.id === "graph");
    expect(part).toMatchObject({ kind: "graph-construction", missing: [], message: "Your graph computes the right function and is detailed." });
  });
});
