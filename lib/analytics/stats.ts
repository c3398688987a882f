/**
 * The numbers behind the class analytics, as pure functions: a score histogram, mean and standard
 * deviation, per-variant means with a flag for a variant that scores much lower, and per-field shares
 * of students who got a graph's field wrong.
 */
import { fieldKey } from "@/lib/graph-view/fields";
import type { FieldName } from "@/lib/assignments/view-types";

export type Bin = { from: number; to: number; count: number };

/** Scores (fractions 0..1) in `bins` equal bins of percent; the last bin includes 100 %. */
export function histogram(scores: readonly number[], bins = 10): Bin[] {
  const width = 100 / bins;
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }));
  for (const s of scores) {
    const pct = Math.min(100, Math.max(0, s * 100));
    // A hair of float noise (79.99999…) must not drop a score into the bin below.
    const i = Math.min(bins - 1, Math.floor((pct + 1e-9) / width));
    out[i]!.count += 1;
  }
  return out;
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

/** Population standard deviation (the class is the whole population here). */
export function standardDeviation(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}

export type VariantGroup = { key: string; label: string; scores: number[] };
export type VariantStat = { key: string; label: string; count: number; mean: number; flagged: boolean };

/** The minimum number of students on a variant before it can be flagged. */
export const MIN_FLAG_COUNT = 2;

/**
 * Per-variant count and mean; a variant is flagged when at least MIN_FLAG_COUNT students had it and
 * its mean is more than one standard deviation (of all the problem's scores) below the problem's mean.
 */
export function variantStats(groups: readonly VariantGroup[]): { mean: number; sd: number; variants: VariantStat[] } {
  const all = groups.flatMap((g) => g.scores);
  const m = mean(all);
  const sd = standardDeviation(all);
  const variants = groups
    .map((g) => {
      const gm = mean(g.scores);
      return { key: g.key, label: g.label, count: g.scores.length, mean: gm, flagged: g.scores.length >= MIN_FLAG_COUNT && sd > 1e-12 && gm < m - sd - 1e-12 };
    })
    .sort((a, b) => a.mean - b.mean || a.label.localeCompare(b.label));
  return { mean: m, sd, variants };
}

export const WRONG_VERDICTS: ReadonlySet<string> = new Set(["incorrect", "invalid", "missing"]);

export type HeatCell = { key: string; node: string; field: FieldName; from: string | null; wrong: number; total: number; share: number };

/** For each field key: how many of the given submissions' results got it wrong, of how many that had it. */
export function heatShares(submissions: readonly (readonly { node: string; field: string; from: string | null; verdict: string }[])[]): HeatCell[] {
  const cells = new Map<string, HeatCell>();
  for (const results of submissions) {
    for (const r of results) {
      const key = fieldKey(r.node, r.field as FieldName, r.from);
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { key, node: r.node, field: r.field as FieldName, from: r.from, wrong: 0, total: 0, share: 0 }));
      c.total += 1;
      if (WRONG_VERDICTS.has(r.verdict)) c.wrong += 1;
    }
  }
  return [...cells.values()].map((c) => ({ ...c, share: c.total ? c.wrong / c.total : 0 }));
}
