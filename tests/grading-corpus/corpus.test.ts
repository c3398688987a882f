/**
 * Grades every submission of the labelled corpus (corpus.json, made by generate.ts) and measures:
 * correct answers rejected, wrong answers accepted, injected mistakes named correctly, carried entries
 * credited. Prints the figures; the README quotes them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EvaluatedGraph } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { type FieldResult, type ProblemAlternative, gradeAnnotations, gradeValue, parseAnswerFile } from "@/lib/grading";
import { CORPUS_GRAPHS } from "./graphs";
import type { CorpusItem, LabelledField } from "./generate";

const corpus = JSON.parse(readFileSync(path.join(import.meta.dirname, "corpus.json"), "utf8")) as { items: CorpusItem[] };

interface Graded {
  item: CorpusItem;
  label: LabelledField["label"];
  code: string | null;
  result: FieldResult;
}

function gradeAll(): Graded[] {
  const graphs = new Map<string, { evaluated: EvaluatedGraph; alternatives: ProblemAlternative[] }>();
  for (const g of CORPUS_GRAPHS) {
    const { evaluated } = evaluateSource(g.source);
    const alternatives = g.alternative
      ? [{ code: g.alternative.code, message: { en: g.alternative.en }, evaluated: evaluateSource(g.alternative.source).evaluated }]
      : [];
    graphs.set(g.name, { evaluated, alternatives });
  }
  const out: Graded[] = [];
  for (const item of corpus.items) {
    const { evaluated, alternatives } = graphs.get(item.graph)!;
    if (item.kind === "value") {
      const result = gradeValue({ evaluated, value: item.answer, alternatives });
      out.push({ item, label: item.label, code: item.code, result });
      continue;
    }
    const sheet = parseAnswerFile(item.answers, evaluated.graph);
    if (!sheet.ok) throw new Error(`${item.id}: ${sheet.message}`);
    const { results } = gradeAnnotations({ evaluated, entries: sheet.sheet, fields: item.fields, alternatives });
    expect(results.map((r) => [r.node, r.field, r.from])).toEqual(item.labels.map((l) => [l.node, l.field, l.from]));
    results.forEach((result, i) => out.push({ item, label: item.labels[i]!.label, code: item.labels[i]!.code, result }));
  }
  return out;
}

const ACCEPTED = new Set(["correct", "carried"]);

describe("the labelled grading corpus", () => {
  const graded = gradeAll();
  const correct = graded.filter((g) => g.label === "correct");
  const wrong = graded.filter((g) => g.label === "mistake" || g.label === "no-credit");
  const injected = graded.filter((g) => g.label === "mistake" && g.code !== null);
  const carried = graded.filter((g) => g.label === "carried");
  const rejected = correct.filter((g) => g.result.verdict !== "correct");
  const accepted = wrong.filter((g) => ACCEPTED.has(g.result.verdict));
  const named = injected.filter((g) => g.result.diagnosis?.code === g.code);
  const credited = carried.filter((g) => g.result.verdict === "carried");
  const graphs = new Set(corpus.items.map((i) => i.graph));
  const share = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)}%`;

  const perCode = new Map<string, [number, number]>();
  for (const g of injected) {
    const e = perCode.get(g.code!) ?? [0, 0];
    e[1]++;
    if (g.result.diagnosis?.code === g.code) e[0]++;
    perCode.set(g.code!, e);
  }
  console.log(
    [
      `grading corpus: ${corpus.items.length} submissions over ${graphs.size} graphs, ${graded.length} graded fields`,
      `  correct answers rejected: ${rejected.length} of ${correct.length}`,
      `  wrong answers accepted:   ${accepted.length} of ${wrong.length}`,
      `  mistakes named correctly: ${named.length} of ${injected.length} (${share(named.length, injected.length)})`,
      ...[...perCode].map(([code, [ok, all]]) => `    ${code.padEnd(28)} ${ok} of ${all}`),
      `  carried entries credited: ${credited.length} of ${carried.length}`,
      `  unreadable answers invalid: ${graded.filter((g) => g.label === "invalid" && g.result.verdict === "invalid").length} of ${graded.filter((g) => g.label === "invalid").length}`,
    ].join("\n"),
  );
  const misses = injected.filter((g) => g.result.diagnosis?.code !== g.code).slice(0, 15);
  for (const m of carried.filter((g) => g.result.verdict !== "carried")) console.log(`  uncredited ${m.item.id} ${m.item.scenario} ${m.result.node}.${m.result.field}: ${m.result.verdict} ${JSON.stringify(m.result.message)}`);
  for (const m of misses) console.log(`  miss ${m.item.id} ${m.item.scenario} ${m.result.node}.${m.result.field}: named ${m.result.diagnosis?.code ?? "nothing"}, expected ${m.code}`);

  it("has at least 300 submissions over at least 10 graphs", () => {
    expect(corpus.items.length).toBeGreaterThanOrEqual(300);
    expect(graphs.size).toBeGreaterThanOrEqual(10);
    expect(injected.length).toBeGreaterThan(100);
  });

  it("rejects no correct answer", () => {
    expect(rejected.map((g) => `${g.item.id} ${g.item.scenario} ${g.result.node}.${g.result.field}: ${g.result.verdict}`)).toEqual([]);
  });

  it("accepts no wrong answer", () => {
    expect(accepted.map((g) => `${g.item.id} ${g.item.scenario} ${g.result.node}.${g.result.field}: ${g.result.verdict}`)).toEqual([]);
  });

  it("names the injected mistake for at least 95% of them", () => {
    expect(named.length / injected.length).toBeGreaterThanOrEqual(0.95);
  });

  it("credits every carried entry and reads every unreadable answer as invalid, every blank as missing", () => {
    expect(credited.length).toBe(carried.length);
    for (const g of graded.filter((x) => x.label === "invalid" || x.label === "missing")) expect(g.result.verdict).toBe(g.label);
  });
});
