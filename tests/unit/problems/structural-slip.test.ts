/**
 * A structural slip: the student's graph computes one of the problem's own mistakes (the seed standard
 * deviation divided by N − 1). The graph part names that mistake and earns nothing; the annotation part is
 * graded on the student's own graph with carried credit, never full credit by itself; a different function
 * that is no known mistake, or the mistake built as a shortcut, leaves the annotation blocked.
 */
import fs from "node:fs";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { evaluate } from "@/lib/autograd";
import { partViews, type Translate } from "@/lib/assignments/student-view";
import { compileGraph, parseGraph } from "@/lib/graph-lang";
import { render } from "@/lib/grading";
import { CATALOGS } from "@/lib/i18n/messages";
import { gradeSubmission, type PartResult } from "@/lib/problems/grade";
import { generateVariant } from "@/lib/problems/variant";
import { compile } from "./helpers";

const seedStd = () => compile(fs.readFileSync("problems/seed/std-dev.yaml", "utf8"));

// The sample standard deviation, with names of the student's own: every step a node of its own.
const SAMPLE_STD = "input x1, x2\n# the mean\nmu = (x1 + x2) / 2\nsq1 = (x1 - mu) ^ 2\nsq2 = (x2 - mu) ^ 2\nvar = (sq1 + sq2) / 1\nsd = sqrt(var)\n";

/** Every field of the student's own graph as the engine computes it there (what a careful student writes). */
function ownAnnotations(source: string, at: Record<string, number>) {
  const evaluated = evaluate(compileGraph(parseGraph(source), { at }));
  const nodes: Record<string, { value: number; grad?: number; edges?: Record<string, { downstream: number }> }> = {};
  for (const n of evaluated.nodes) {
    if (n.op === "const") continue;
    const edges: Record<string, { downstream: number }> = {};
    for (const e of n.edges) {
      const from = evaluated.nodes.find((m) => m.id === e.from)!;
      if (from.op !== "const") edges[e.from] = { downstream: e.downstream!.data[0]! };
    }
    nodes[n.id] = { value: n.value.data[0]!, ...(n.grad ? { grad: n.grad.data[0]! } : {}), ...(Object.keys(edges).length ? { edges } : {}) };
  }
  return { nodes };
}

function part<K extends PartResult["kind"]>(parts: readonly PartResult[], id: string, kind: K): PartResult & { kind: K } {
  const p = parts.find((q) => q.id === id);
  if (!p || p.kind !== kind) throw new Error(`part ${id}: ${JSON.stringify(p)}`);
  return p as PartResult & { kind: K };
}

function translator(locale: "en" | "zh-CN"): Translate {
  const t = createTranslator({ locale, messages: CATALOGS[locale] });
  return (key, params) => t(key as never, params as never);
}

describe("a graph that computes one of the problem's mistakes", () => {
  const problem = seedStd();
  const variant = generateVariant(problem, "1");
  const at = { x1: -1, x2: 3 };

  it("names the mistake on the graph part, which earns nothing", () => {
    const graded = gradeSubmission(problem, variant, { graph: SAMPLE_STD });
    const graph = part(graded.parts, "graph", "graph-construction");
    expect(graph.verdict).toBe("incorrect");
    expect(graph.score).toBe(0);
    expect(graph.slip).toMatchObject({ code: "sample-vs-population", detailed: true });
  });

  it("grades the annotation on the student's own graph with carried credit", () => {
    const annotate = ownAnnotations(SAMPLE_STD, at);
    // Hand-derived: the sample standard deviation of -1 and 3 is |x1 - x2| / √2 = 2√2, and ∂s/∂x1 = -1/√2.
    expect(annotate.nodes.sd!.value).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(annotate.nodes.x1!.grad).toBeCloseTo(-Math.SQRT1_2, 12);
    const graded = gradeSubmission(problem, variant, { graph: SAMPLE_STD, annotate, "grad-x1": String(-Math.SQRT1_2), "grad-x2": String(Math.SQRT1_2) });
    const ann = part(graded.parts, "annotate", "graph-annotation");
    expect(ann.verdict).toBe("carried");
    expect(ann.structure?.nodes.map((n) => n.id)).toContain("sd");
    expect(ann.results.length).toBeGreaterThan(10);
    expect(new Set(ann.results.map((r) => r.verdict))).toEqual(new Set(["carried"]));
    expect(ann.score).toBe(1);
    const message = render(ann.results.find((r) => r.node === "sd" && r.field === "value")!.message, "en");
    expect(message).toMatch(/^Right for the graph you built/);
    expect(message).toContain("You divided by N − 1");
    expect(render(ann.results[0]!.message, "zh-CN")).toMatch(/^对你所画的计算图是对的/);
    // The total gradients asked again on their own are right for the student's graph too: carried.
    expect(part(graded.parts, "grad-x1", "numeric").result.verdict).toBe("carried");
    expect(part(graded.parts, "grad-x1", "numeric").score).toBe(1);
    // 0 of 2 for the graph, 6 + 1 + 1 carried: the slip costs the graph part once.
    expect(graded.score).toBeCloseTo(8 / 10, 12);
  });

  it("earns only the part's carried credit, never full credit, and a wrong number stays wrong", () => {
    const lowCarry = compile(
      fs
        .readFileSync("problems/seed/std-dev.yaml", "utf8")
        .replace("    fields: [value, grad, downstream]", "    fields: [value, grad, downstream]\n    carried: 0.5"),
    );
    const annotate = ownAnnotations(SAMPLE_STD, at);
    annotate.nodes.sd!.value = 2; // the reference's value: wrong on the student's own graph
    const graded = gradeSubmission(lowCarry, generateVariant(lowCarry, "1"), { graph: SAMPLE_STD, annotate });
    const ann = part(graded.parts, "annotate", "graph-annotation");
    expect(ann.results.find((r) => r.node === "sd" && r.field === "value")!.verdict).toBe("incorrect");
    const carried = ann.results.filter((r) => r.verdict === "carried");
    expect(carried.length).toBe(ann.results.length - 1);
    expect(carried.every((r) => r.credit === 0.5)).toBe(true);
    expect(ann.score).toBeLessThan(0.5);
  });

  it("stays blocked for a different function that is no known mistake, and for the mistake built as a shortcut", () => {
    const other = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 3\ns = sqrt(v)\n";
    const shortcut = "input x1, x2\ns = sqrt((x1 - x2) ^ 2 / 2)\n";
    for (const [source, slip] of [
      [other, undefined],
      [shortcut, { code: "sample-vs-population", detailed: false }],
    ] as const) {
      const graded = gradeSubmission(problem, variant, { graph: source, annotate: ownAnnotations(source, at) });
      expect(part(graded.parts, "graph", "graph-construction").slip ?? undefined).toEqual(slip && expect.objectContaining(slip));
      const ann = part(graded.parts, "annotate", "graph-annotation");
      expect(ann.verdict).toBe("blocked");
      expect(ann.score).toBe(0);
    }
  });

  it("tells the student the mistake once an attempt was used, and only that the graph can be annotated before", () => {
    const graded = gradeSubmission(problem, variant, { graph: SAMPLE_STD });
    const graph = graded.parts.filter((p) => p.id === "graph");
    for (const locale of ["en", "zh-CN"] as const) {
      const [submitted] = partViews(graph, { locale, reveal: false, t: translator(locale), attemptUsed: true, answers: { graph: SAMPLE_STD } });
      const [checked] = partViews(graph, { locale, reveal: false, t: translator(locale) });
      if (submitted!.kind !== "graph-construction" || checked!.kind !== "graph-construction") throw new Error("not a construction part");
      expect(submitted!.annotatable).toBe(true);
      expect(checked!.annotatable).toBe(true);
      expect(submitted!.identity).toBeTruthy();
      if (locale === "en") {
        expect(submitted!.message).toContain("You divided by N − 1");
        expect(submitted!.message).toContain("You can still annotate your own graph");
        expect(checked!.message).not.toContain("N − 1");
        expect(checked!.message).toContain("You can still annotate your own graph");
      } else {
        expect(submitted!.message).toContain("你的计算图计算的是另一个函数");
        expect(checked!.message).toContain("你仍可以标注自己的计算图");
      }
    }
  });
});
