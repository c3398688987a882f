/**
 * The browser editor's live preview of a problem file: what is wrong with it (each with its line),
 * and for each chosen seed what a student would see (the statement with that seed's numbers) next to
 * what staff need (the parameters, the graph with every node's value and gradient, the reference
 * answer of every part), plus the author tests' results. Pure: no database, nothing saved.
 */
import { toNested, type NestedNumbers } from "@/lib/autograd";
import { FULL_DRAWING_MAX_NODES } from "@/lib/graph-view/drawing";
import type { AnnotationEntries } from "@/lib/graph-view/fields";
import { structureOf, type GraphStructure } from "@/lib/graph-view/structure";
import { loadProblem } from "@/lib/problems/load";
import { referenceAnswer } from "@/lib/problems/reference";
import { textIn, type PartKind } from "@/lib/problems/schema";
import type { ProblemIssue } from "@/lib/problems/source";
import { formatNumber, interpolate, renderMarkdown } from "@/lib/problems/statement";
import { formatNumber as displayText } from "@/lib/grading/format";
import { validateLoaded, type VariantCount } from "@/lib/problems/validate";
import { drawVariant, VariantError, type CompiledProblem } from "@/lib/problems/variant";

/** Seeds the live preview vets (saving vets the full 1,000). */
export const PREVIEW_VALIDATION_SEEDS = 50;
/** Reference fields listed per annotation part: a 10,000-node graph has 20,000, which no one reads in a list. */
export const LISTED_FIELDS = 500;

export type PartPreview = {
  id: string;
  kind: PartKind;
  points: number;
  promptHtml: string;
  /** The reference answer as text: a number, a vector, a formula, a graph's source, or how many fields an annotation asks. */
  answer: string;
  /** For annotation parts: the asked fields with their reference values, the first LISTED_FIELDS of them (`answer` has the count). */
  fields?: { node: string; field: string; from: string | null; value: string }[];
};

export type SeedPreview =
  | {
      seed: string;
      ok: true;
      statementHtml: string;
      parameters: { name: string; value: string }[];
      structure: GraphStructure;
      /** Every node's value and gradient as text, for drawing on the graph. */
      entries: AnnotationEntries;
      parts: PartPreview[];
      /** Which draw of the seed's stream was kept, and why earlier ones were rejected. */
      draw: number;
      rejected: string[];
    }
  | { seed: string; ok: false; message: string };

export type ProblemPreview = {
  valid: boolean;
  slug: string | null;
  title: string | null;
  issues: ProblemIssue[];
  variants: VariantCount | null;
  tests: { name: string; passed: boolean; failures: string[] }[];
  seeds: SeedPreview[];
};

/** A computed value (a node's value or gradient, a reference answer) as the display rule shows it (lib/grading/format.ts). */
export function formatValue(v: NestedNumbers | null | undefined, number: (x: number) => string = displayText): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") return number(v);
  return `[${v.map((x) => formatValue(x, number)).join(", ")}]`;
}

function previewSeed(problem: CompiledProblem, seed: string, locale: string): SeedPreview {
  let drawn: ReturnType<typeof drawVariant>;
  try {
    drawn = drawVariant(problem, seed);
  } catch (e) {
    if (e instanceof VariantError) return { seed, ok: false, message: e.message };
    throw e;
  }
  const { variant, rejected } = drawn;
  const { file } = problem;
  const render = (text: Parameters<typeof textIn>[0]) => {
    try {
      return renderMarkdown(interpolate(textIn(text, locale), variant.parameters));
    } catch (e) {
      return `<p class="field-error">${String(e instanceof Error ? e.message : e).replace(/[<>&]/g, "")}</p>`;
    }
  };
  // Numbers are drawn on the graph only when it is drawn node by node (lib/graph-view/drawing.ts).
  const entries: AnnotationEntries = { nodes: {} };
  for (const n of variant.graph.nodes.length <= FULL_DRAWING_MAX_NODES ? variant.evaluated.nodes : []) {
    if (n.op === "const") continue;
    entries.nodes[n.id] = { value: formatValue(toNested(n.value)), grad: formatValue(n.grad ? toNested(n.grad) : null) };
  }
  const parts: PartPreview[] = file.parts.map((part) => {
    const base = { id: part.id, kind: part.kind, points: part.points, promptHtml: render(part.prompt) };
    let ref: ReturnType<typeof referenceAnswer>;
    try {
      ref = referenceAnswer(problem, variant, part);
    } catch (e) {
      return { ...base, answer: e instanceof Error ? e.message : String(e) };
    }
    switch (ref.kind) {
      case "numeric":
      case "vector":
        return { ...base, answer: formatValue(ref.value) };
      case "expression":
        return { ...base, answer: ref.expression };
      case "graph-construction":
        return { ...base, answer: ref.graph.trim() };
      case "graph-annotation": {
        const fields: NonNullable<PartPreview["fields"]> = [];
        for (const [node, entry] of Object.entries(ref.answer.nodes)) {
          if (entry.value !== undefined) fields.push({ node, field: "value", from: null, value: formatValue(entry.value as NestedNumbers | null) });
          if (entry.grad !== undefined) fields.push({ node, field: "grad", from: null, value: formatValue(entry.grad as NestedNumbers | null) });
          for (const [from, edge] of Object.entries(entry.edges ?? {})) {
            if (edge.local !== undefined) fields.push({ node, field: "local", from, value: formatValue(edge.local as NestedNumbers | null) });
            if (edge.downstream !== undefined) fields.push({ node, field: "downstream", from, value: formatValue(edge.downstream as NestedNumbers | null) });
          }
        }
        return { ...base, answer: String(fields.length), fields: fields.slice(0, LISTED_FIELDS) };
      }
    }
  });
  return {
    seed,
    ok: true,
    statementHtml: render(file.statement),
    parameters: Object.entries(variant.parameters).map(([name, value]) => ({ name, value: formatValue(value, formatNumber) })),
    structure: structureOf(variant.graph),
    entries,
    parts,
    draw: variant.draw,
    rejected,
  };
}

/**
 * Validates the text (with fewer seeds than saving does) and shows each seed's variant when it loads.
 * `budgetMs` bounds the vetting (validateLoaded says when it stopped early).
 */
export function previewProblem(
  source: string,
  seeds: readonly string[],
  locale: string,
  validationSeeds = PREVIEW_VALIDATION_SEEDS,
  budgetMs?: number,
): ProblemPreview {
  const loaded = loadProblem(source);
  const report = validateLoaded(loaded, { seeds: validationSeeds, ...(budgetMs !== undefined ? { budgetMs } : {}) });
  const problem = report.problem;
  return {
    valid: report.ok,
    slug: problem?.file.id ?? null,
    title: problem ? textIn(problem.file.title, locale) : null,
    issues: [...report.issues].sort((a, b) => a.line - b.line),
    variants: report.variants,
    tests: report.tests,
    seeds: problem ? seeds.map((s) => previewSeed(problem, s, locale)) : [],
  };
}
