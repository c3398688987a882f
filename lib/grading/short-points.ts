/**
 * Points with short numbers, for showing a student where their formula goes wrong: "at y11 = 1,
 * y12 = 0" rather than nine variables at 16 digits. Small integers of each variable's range first
 * (0, 1, −1, 2, −2 …), then one-decimal values (0.1, −0.1, 0.2 …), simplest combinations first.
 * Deterministic for a seed; bounded, so a formula in many variables costs a few hundred evaluations.
 */
import { seededRandom } from "./random";
import { FLOAT_SLACK } from "./tolerance";

/** Integers of a range offered per variable (the smallest in size). */
const INTEGERS_PER_VARIABLE = 5;
/** One-decimal values offered per variable. */
const DECIMALS_PER_VARIABLE = 10;
/** Up to this many combinations are all tried, simplest first; beyond, a seeded sample of this many. */
const COMBINATIONS = 300;

/** Values of [lo, hi] that are k/scale for integers k, smallest in size first (positive before negative). */
function steps(lo: number, hi: number, scale: number, count: number, skipIntegers: boolean): number[] {
  const out: number[] = [];
  const from = Math.ceil(lo * scale - FLOAT_SLACK);
  const to = Math.floor(hi * scale + FLOAT_SLACK);
  if (to < from) return out;
  // Walk outwards from the value of the range nearest 0.
  const start = Math.min(Math.max(0, from), to);
  for (let d = 0; out.length < count && (start - d >= from || start + d <= to); d++) {
    for (const k of d === 0 ? [start] : [start + d, start - d]) {
      if (k < from || k > to || out.length >= count) continue;
      if (skipIntegers && k % scale === 0) continue;
      out.push(Math.round(k) / scale);
    }
  }
  return out;
}

/** Small integers of a range, then its one-decimal values. */
export function shortValues(lo: number, hi: number): { integers: number[]; decimals: number[] } {
  return { integers: steps(lo, hi, 1, INTEGERS_PER_VARIABLE, false), decimals: steps(lo, hi, 10, DECIMALS_PER_VARIABLE, true) };
}

/** Combinations of one value per list, by index: simplest (smallest index sum) first, or a seeded sample. */
function* combinations(lists: readonly (readonly number[])[], seed: number): Generator<number[]> {
  if (lists.some((l) => l.length === 0)) return;
  const total = lists.reduce((n, l) => n * l.length, 1);
  if (total <= COMBINATIONS) {
    const all: number[][] = [];
    const walk = (prefix: number[]) => {
      if (prefix.length === lists.length) all.push(prefix);
      else for (let i = 0; i < lists[prefix.length]!.length; i++) walk([...prefix, i]);
    };
    walk([]);
    all.sort((a, b) => a.reduce((s, x) => s + x, 0) - b.reduce((s, x) => s + x, 0));
    for (const idx of all) yield idx.map((i, v) => lists[v]![i]!);
    return;
  }
  const seen = new Set<string>();
  const longest = Math.max(...lists.map((l) => l.length));
  // Every variable at its k-th value, then random picks.
  for (let k = 0; k < longest; k++) {
    const idx = lists.map((l) => Math.min(k, l.length - 1));
    seen.add(idx.join(","));
    yield idx.map((i, v) => lists[v]![i]!);
  }
  const random = seededRandom(seed);
  for (let drawn = 0; drawn < COMBINATIONS * 4 && seen.size < COMBINATIONS; drawn++) {
    const idx = lists.map((l) => Math.floor(random() * l.length));
    const key = idx.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    yield idx.map((i, v) => lists[v]![i]!);
  }
}

/**
 * Candidate points, as one value per range: first with small integers (a variable whose range holds
 * none takes one-decimal values), then with one-decimal values mixed in.
 */
export function* shortPoints(ranges: readonly (readonly [number, number])[], seed: number): Generator<number[]> {
  const values = ranges.map(([lo, hi]) => shortValues(lo, hi));
  yield* combinations(
    values.map((v) => (v.integers.length > 0 ? v.integers : v.decimals)),
    seed,
  );
  if (values.every((v) => v.decimals.length === 0)) return;
  yield* combinations(
    values.map((v) => [...v.integers, ...v.decimals]),
    seed + 1,
  );
}
