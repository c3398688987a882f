/**
 * Grades every submission of the labelled corpus (corpus.json, made by generate.ts) and measures:
 * correct answers rejected, wrong answers accepted, injected mistakes named correctly, injected mistakes
 * given a wrong name, names given to correct or carried entries, carried entries credited. Prints the
 * figures (`npx vitest run tests/grading-corpus`); the README quotes them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EvaluatedGraph } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { type FieldResult, MISTAKE_CODES, type ProblemAlternative, gradeAnnotations, gradeValue, parseAnswerFile } from "@/lib/grading";
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
    if (item.kind === "gradient") {
      // As a problem's numeric part on a gradient grades it: that node's grad field, nothing else given.
      const { results } = gradeAnnotations({ evaluated, entries: { [item.node]: { grad: item.answer } }, fields: ["grad"], alternatives });
      out.push({ item, label: item.label, code: item.code, result: results.find((r) => r.node === item.node && r.field === "grad")! });
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
  const wrong = graded.filter((g) => g.label === "mistake" || g.label === "ambiguous" || g.label === "no-credit");
  const injected = graded.filter((g) => g.label === "mistake" && g.code !== null);
  const carried = graded.filter((g) => g.label === "carried");
  const rejected = correct.filter((g) => g.result.verdict !== "correct");
  const accepted = wrong.filter((g) => ACCEPTED.has(g.result.verdict));
  const named = injected.filter((g) => g.result.diagnosis?.code === g.code);
  // A wrong name is worse than none: a name other than the injected mistake's, and any name on an entry
  // that is right (or right given the student's own earlier entries).
  // Answers that simulated students with different mistakes give alike: any name must be one of those.
  const ambiguous = graded.filter((g) => g.label === "ambiguous");
  const ambiguousNamed = ambiguous.filter((g) => g.result.diagnosis !== null);
  const ambiguousMisnamed = ambiguousNamed.filter((g) => !(g.item.kind === "gradient" && (g.item.codes ?? []).includes(g.result.diagnosis!.code)));
  const misnamed = injected.filter((g) => g.result.diagnosis !== null && g.result.diagnosis.code !== g.code);
  const namedRight = graded.filter((g) => (g.label === "correct" || g.label === "carried") && g.result.diagnosis !== null);
  // mean-vs-sum says what the student did: summed where the graph takes the mean, or the reverse.
  const reductions = new Map(
    CORPUS_GRAPHS.map((g) => [
      g.name,
      new Set(
        evaluateSource(g.source)
          .graph.nodes.map((n) => n.op.name)
          .filter((o) => o === "sum" || o === "mean"),
      ),
    ]),
  );
  const meanVsSum = named.filter((g) => g.code === "mean-vs-sum");
  const wordedWrong = meanVsSum.filter((g) => {
    const ops = reductions.get(g.item.graph)!;
    const expected = ops.size === 1 ? (ops.has("mean") ? "mistake.mean-vs-sum.summed" : "mistake.mean-vs-sum.averaged") : null;
    return expected !== null && g.result.message.key !== expected;
  });
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
      `  mistakes given a wrong name: ${misnamed.length} of ${injected.length}`,
      `  answers two mistakes give alike: ${ambiguous.length}, named ${ambiguousNamed.length} (${ambiguousMisnamed.length} with a name that does not give it)`,
      `  names on correct or carried entries: ${namedRight.length} of ${correct.length + carried.length}`,
      `  mean-vs-sum worded as what the student did: ${meanVsSum.length - wordedWrong.length} of ${meanVsSum.length}`,
      `  carried entries credited: ${credited.length} of ${carried.length}`,
      `  unreadable answers invalid: ${graded.filter((g) => g.label === "invalid" && g.result.verdict === "invalid").length} of ${graded.filter((g) => g.label === "invalid").length}`,
    ].join("\n"),
  );
  const misses = injected.filter((g) => g.result.diagnosis?.code !== g.code).slice(0, 80);
  for (const m of carried.filter((g) => g.result.verdict !== "carried"))
    console.log(`  uncredited ${m.item.id} ${m.item.scenario} ${m.result.node}.${m.result.field}: ${m.result.verdict} ${JSON.stringify(m.result.message)}`);
  for (const m of misses)
    console.log(
      `  miss ${m.item.id} ${m.item.scenario} ${m.result.node}.${m.result.field}: named ${m.result.diagnosis?.code ?? "nothing"}, expected ${m.code}`,
    );

  it("has at least 300 submissions over at least 10 graphs, micrograd's example among them, and every built-in mistake", () => {
    expect(graphs.has("micrograd")).toBe(true);
    for (const code of MISTAKE_CODES) expect([code, perCode.has(code)]).toEqual([code, true]);
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

  it("names the injected mistake for at least 98% of them", () => {
    expect(named.length / injected.length).toBeGreaterThanOrEqual(0.98);
  });

  it("gives no wrong name: none other than the injected mistake, none on a correct or carried entry", () => {
    expect(misnamed.map((g) => `${g.item.id} ${g.item.scenario} ${g.result.node}.${g.result.field}: ${g.result.diagnosis!.code}, expected ${g.code}`)).toEqual(
      [],
    );
    expect(ambiguousMisnamed.map((g) => `${g.item.id} ${g.item.scenario}: ${g.result.diagnosis!.code}`)).toEqual([]);
    expect(
      namedRight.map((g) => `${g.item.id} ${g.item.scenario} ${g.result.node}.${g.result.field}: ${g.result.diagnosis!.code} on a ${g.label} entry`),
    ).toEqual([]);
  });

  it("words mean-vs-sum as what the student did", () => {
    expect(meanVsSum.length).toBeGreaterThan(0);
    expect(wordedWrong.map((g) => `${g.item.id} ${g.item.scenario}: ${g.result.message.key}`)).toEqual([]);
  });

  it("credits every carried entry and reads every unreadable answer as invalid, every blank as missing", () => {
    expect(credited.length).toBe(carried.length);
    for (const g of graded.filter((x) => x.label === "invalid" || x.label === "missing")) expect(g.result.verdict).toBe(g.label);
  });
});
