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
import type { PartResult } from "@/lib/problems/grade";
import { canonicalJson } from "@/lib/problems/content-hash";
import { generateVariant, type CompiledProblem } from "@/lib/problems/variant";
import { inBatches } from "@/lib/review/batches";
import { countedOf, loadClassWork, type Attempt, type ClassProblem } from "@/lib/review/class-work";
import { mistakesOf } from "@/lib/review/scoring";
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

/** Groups counted attempts by their variant's parameters (several seeds can give the same numbers). */
async function variantGroups(db: Db, counted: readonly Attempt[]) {
  const versions = new Map<string, CompiledProblem>();
  const groups = new Map<string, { key: string; label: string; scores: number[] }>();
  // Students who drew the same seed (practice) share a variant: drawn once.
  const drawn = new Map<string, { key: string; label: string }>();
  for (const a of counted) {
    let compiled = versions.get(a.problemVersionId);
    if (!compiled) {
      const v = await db.problemVersion.findUniqueOrThrow({ where: { id: a.problemVersionId }, select: { id: true, content: true } });
      versions.set(a.problemVersionId, (compiled = compiledVersion(v)));
    }
    const seedKey = `${a.problemVersionId}\u0000${a.variantSeed}`;
    let found = drawn.get(seedKey);
    if (!found) {
      try {
        const parameters = generateVariant(compiled, a.variantSeed).parameters;
        found = { key: canonicalJson(parameters), label: formatParameters(parameters) };
      } catch {
        found = { key: `seed:${a.variantSeed}`, label: a.variantSeed };
      }
      drawn.set(seedKey, found);
    }
    const { key, label } = found;
    const g = groups.get(key) ?? { key, label, scores: [] };
    g.scores.push(a.score);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** The annotation parts on the reference graph, as the assignment's pinned version asks them. */
function referenceAnnotationParts(compiled: CompiledProblem) {
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
    const results = new Map(
      (
        await inBatches(
          counted.map((c) => c.id),
          (ids) => db.submission.findMany({ where: { id: { in: ids } }, select: { id: true, results: true } }),
        )
      ).map((r) => [r.id, r.results]),
    );
    const scores = counted.map((c) => c.score);

    const occurrences = new Map<string, { occurrences: number; students: Set<string> }>();
    for (const c of counted) {
      for (const m of mistakesOf(results.get(c.id))) {
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

    const pinned = await db.problemVersion.findUniqueOrThrow({ where: { id: p.version.id }, select: { id: true, content: true } });
    const heatmaps: HeatmapPart[] = [];
    for (const part of referenceAnnotationParts(compiledVersion(pinned))) {
      const perSubmission = counted.flatMap((c) => {
        const r = results.get(c.id);
        const found = Array.isArray(r) ? (r as unknown as PartResult[]).find((x) => x.id === part.partId && x.kind === "graph-annotation") : undefined;
        return found && found.kind === "graph-annotation" && found.graph === "reference" ? [found.results] : [];
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
