/**
 * Class analytics of one assignment, per problem, over each student's counted attempt: the score
 * distribution, the most frequent named mistakes, per-variant statistics, and for annotation parts
 * on the reference graph the share of students who got each field wrong (the heatmap).
 */
import type { FieldName } from "@/lib/assignments/view-types";
import { compiledVersion } from "@/lib/assignments/workspace";
import type { Db } from "@/lib/db/client";
import { askedNodes } from "@/lib/graph-view/fields";
import { structureOf, type GraphStructure } from "@/lib/graph-view/structure";
import { canonicalJson } from "@/lib/problems/content-hash";
import { generateVariant, type CompiledProblem } from "@/lib/problems/variant";
import { countedOf, loadClassWork, type Attempt, type ClassProblem } from "@/lib/review/class-work";
import { resultFacts } from "@/lib/review/snapshot";
import { heatShares, histogram, variantStats, type Bin, type HeatCell, type VariantStat } from "./stats";

export type HeatmapPart = {
  partId: string;
  structure: GraphStructure;
  fields: FieldName[];
  asked: string[];
  /** Submissions whose results have this part. */
  submissions: number;
  cells: HeatCell[];
};

export type ProblemAnalytics = ClassProblem & {
  submitted: number;
  students: number;
  mean: number;
  sd: number;
  distribution: Bin[];
  mistakes: { code: string; occurrences: number; students: number }[];
  variants: VariantStat[];
  heatmaps: HeatmapPart[];
};

function formatParameters(parameters: Record<string, unknown>): string {
  const round = (v: unknown): unknown => (typeof v === "number" ? Number(v.toPrecision(6)) : Array.isArray(v) ? v.map(round) : v);
  return Object.entries(parameters)
    .map(([k, v]) => `${k} = ${JSON.stringify(round(v))}`)
    .join(", ");
}

/** A bounded map, the least recently used dropped first: for what is a pure function of rows that never change. */
class Kept<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: V): V {
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }
}

/**
 * A variant's parameters as a grouping key and a label, per (version, seed). A version never changes
 * and a variant is a pure function of it and the seed, so each is drawn once per process (a class of
 * 500 with their own seeds on 20 problems is 10,000 draws).
 */
const variantLabels = new Kept<{ key: string; label: string }>(50_000);

/** Groups counted attempts by their variant's parameters (several seeds can give the same numbers). */
async function variantGroups(db: Db, counted: readonly Attempt[]) {
  const versions = new Map<string, CompiledProblem>();
  const groups = new Map<string, { key: string; label: string; scores: number[] }>();
  for (const a of counted) {
    const seedKey = `${a.problemVersionId}\u0000${a.variantSeed}`;
    let found = variantLabels.get(seedKey);
    if (!found) {
      let compiled = versions.get(a.problemVersionId);
      if (!compiled) {
        const v = await db.problemVersion.findUniqueOrThrow({ where: { id: a.problemVersionId }, select: { id: true, content: true } });
        versions.set(a.problemVersionId, (compiled = compiledVersion(v)));
      }
      try {
        const parameters = generateVariant(compiled, a.variantSeed).parameters;
        found = variantLabels.set(seedKey, { key: canonicalJson(parameters), label: formatParameters(parameters) });
      } catch {
        found = variantLabels.set(seedKey, { key: `seed:${a.variantSeed}`, label: a.variantSeed });
      }
    }
    const { key, label } = found;
    const g = groups.get(key) ?? { key, label, scores: [] };
    g.scores.push(a.score);
    groups.set(key, g);
  }
  return [...groups.values()];
}

type AnnotationPart = { partId: string; structure: GraphStructure; fields: FieldName[]; asked: string[] };

/** The reference annotation parts per version id (a version never changes). */
const annotationParts = new Kept<AnnotationPart[]>(500);

/** The annotation parts on the reference graph, as the assignment's pinned version asks them. */
function referenceAnnotationParts(compiled: CompiledProblem): AnnotationPart[] {
  const parts = compiled.file.parts.filter((p) => p.kind === "graph-annotation" && p.graph === "reference");
  if (parts.length === 0) return [];
  // The drawing needs only the structure, which every variant shares; the first draw of any seed will do.
  const structure = structureOf(generateVariant(compiled, "analytics").graph);
  return parts.map((p) => {
    const spec = p as Extract<typeof p, { kind: "graph-annotation" }>;
    return { partId: spec.id, structure, fields: [...spec.fields] as FieldName[], asked: askedNodes(structure, spec.nodes).map((n) => n.id) };
  });
}

export async function loadAssignmentAnalytics(db: Db, args: { assignmentId: string; locale?: string }) {
  const work = await loadClassWork(db, args.assignmentId, args.locale);
  if (!work) return null;
  const problems: ProblemAnalytics[] = [];
  for (const p of work.problems) {
    const counted = work.students.map((s) => countedOf(work, s.id, p.id)).filter((c) => c !== null);
    const facts = await resultFacts(
      db,
      work.assignment.id,
      work.stamp,
      counted.map((c) => c.id),
    );
    const scores = counted.map((c) => c.score);

    const occurrences = new Map<string, { occurrences: number; students: Set<string> }>();
    for (const c of counted) {
      for (const m of facts.get(c.id)?.mistakes ?? []) {
        const e = occurrences.get(m.code) ?? { occurrences: 0, students: new Set<string>() };
        e.occurrences += 1;
        e.students.add(c.userId);
        occurrences.set(m.code, e);
      }
    }
    const mistakes = [...occurrences]
      .map(([code, e]) => ({ code, occurrences: e.occurrences, students: e.students.size }))
      .sort((a, b) => b.occurrences - a.occurrences || b.students - a.students || a.code.localeCompare(b.code));

    const stats = variantStats(await variantGroups(db, counted));

    let parts = annotationParts.get(p.version.id);
    if (!parts) {
      const pinned = await db.problemVersion.findUniqueOrThrow({ where: { id: p.version.id }, select: { id: true, content: true } });
      parts = annotationParts.set(p.version.id, referenceAnnotationParts(compiledVersion(pinned)));
    }
    const heatmaps: HeatmapPart[] = [];
    for (const part of parts) {
      const perSubmission = counted.flatMap((c) => {
        const found = facts.get(c.id)?.referenceAnnotations.get(part.partId);
        return found ? [found] : [];
      });
      heatmaps.push({ ...part, submissions: perSubmission.length, cells: heatShares(perSubmission) });
    }

    problems.push({
      ...p,
      submitted: counted.length,
      students: work.students.length,
      mean: stats.mean,
      sd: stats.sd,
      distribution: histogram(scores),
      mistakes,
      variants: stats.variants,
      heatmaps,
    });
  }
  return { work, problems };
}
