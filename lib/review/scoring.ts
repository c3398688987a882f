/**
 * What counts in a submission once staff have touched it: the latest override per part wins over
 * the grader and the rubric, applied rubric items add their points to the grader's (rules.ts
 * partScore), the late penalty is applied on top (lib/assignments/rules.ts effectiveScore), and of a
 * student's attempts the assignment's score rule picks one. Pure, so the queue, the gradebook, the
 * analytics and the override and regrade writers agree.
 */
import { effectiveScore, partScore } from "@/lib/assignments/rules";
import type { PartResult } from "@/lib/problems/grade";

export type ScoreRule = "BEST" | "LATEST";

export type PartScore = { id: string; points: number; score: number };
export type OverrideRow = { partId: string; score: number; createdAt: Date };
/** A rubric item applied to the submission: its part and its points as they are now. */
export type RubricRow = { partId: string; points: number };

/** The override that counts for each part: the latest one. */
export function latestOverrides<T extends OverrideRow>(overrides: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const o of [...overrides].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) out.set(o.partId, o);
  return out;
}

/** Points of the applied rubric items per part. */
export function rubricPointsByPart(rubric: readonly RubricRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rubric) out.set(r.partId, (out.get(r.partId) ?? 0) + r.points);
  return out;
}

/** The parts' scores after rubric items and overrides. */
export function partScores(parts: readonly PartScore[], overrides: readonly OverrideRow[], rubric: readonly RubricRow[]): PartScore[] {
  const latest = latestOverrides(overrides);
  const adjust = rubricPointsByPart(rubric);
  return parts.map((p) => ({ id: p.id, points: p.points, score: partScore(p, latest.get(p.id)?.score, adjust.get(p.id) ?? 0) }));
}

/** Submission.score: parts after rubric items and overrides, weighted by points, times (1 − late penalty). */
export function submissionScore(parts: readonly PartScore[], overrides: readonly OverrideRow[], rubric: readonly RubricRow[], latePenalty: number): number {
  return effectiveScore(partScores(parts, overrides, rubric), latePenalty);
}

/**
 * The attempt that counts under the score rule: the latest, or the best (the later one on a tie, so
 * that a re-submission of the same work is the one staff look at).
 */
export function countedAttempt<T extends { attempt: number; score: number }>(attempts: readonly T[], rule: ScoreRule): T | null {
  let pick: T | null = null;
  for (const a of attempts) {
    if (pick === null) pick = a;
    else if (
      rule === "LATEST" ? a.attempt > pick.attempt : a.score > pick.score + 1e-12 || (Math.abs(a.score - pick.score) <= 1e-12 && a.attempt > pick.attempt)
    )
      pick = a;
  }
  return pick;
}

/** One named mistake found by the grader in a stored result. */
export type NamedMistake = { code: string; partId: string; node: string; field: string; from: string | null };

/** Every named mistake (diagnosis) in a submission's stored results, in part order. */
export function mistakesOf(results: unknown): NamedMistake[] {
  if (!Array.isArray(results)) return [];
  const out: NamedMistake[] = [];
  for (const p of results as PartResult[]) {
    const fields = p.kind === "numeric" || p.kind === "vector" ? [p.result] : p.kind === "graph-annotation" ? p.results : [];
    for (const r of fields) {
      if (r?.diagnosis) out.push({ code: r.diagnosis.code, partId: p.id, node: r.node, field: r.field, from: r.from });
    }
  }
  return out;
}

/** Codes with how often each occurs, most frequent first (ties by code). */
export function countCodes(codes: readonly string[]): { code: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** The stored results as part scores (an empty list for malformed JSON). */
export function resultParts(results: unknown): PartScore[] {
  if (!Array.isArray(results)) return [];
  return (results as PartResult[]).map((p) => ({ id: p.id, points: p.points, score: p.score }));
}
