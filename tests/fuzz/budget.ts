/**
 * How much fuzzing to do and the rules every fuzz target shares: `FUZZ_RUNS` runs per property
 * (`npm run fuzz` sets 10,000; `npm test` runs a smaller default), each run under one second, and
 * only structured failures. The counts are printed so the README can quote them.
 */
import fc from "fast-check";

export const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 200));
/** Vitest's time for one property: generous, since each run is bounded by HANG_MS anyway. */
export const TEST_TIMEOUT = 30_000 + RUNS * 100;
/** A run that takes longer than this is a hang. */
export const HANG_MS = 1000;

export interface Tally {
  readonly target: string;
  runs: number;
  /** Inputs refused with a structured error (what we want for garbage). */
  refused: number;
  accepted: number;
  slowest: number;
}

const tallies: Tally[] = [];

export function tally(target: string): Tally {
  const t: Tally = { target, runs: 0, refused: 0, accepted: 0, slowest: 0 };
  tallies.push(t);
  return t;
}

/** Times one run and counts it; throws (failing the property) on a hang. */
export function timed<T>(t: Tally, fn: () => T): T {
  const start = performance.now();
  const out = fn();
  const ms = performance.now() - start;
  t.runs++;
  t.slowest = Math.max(t.slowest, ms);
  if (ms > HANG_MS) throw new Error(`${t.target}: one run took ${ms.toFixed(0)} ms (over ${HANG_MS} ms)`);
  return out;
}

export async function timedAsync<T>(t: Tally, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const out = await fn();
  const ms = performance.now() - start;
  t.runs++;
  t.slowest = Math.max(t.slowest, ms);
  if (ms > HANG_MS) throw new Error(`${t.target}: one run took ${ms.toFixed(0)} ms (over ${HANG_MS} ms)`);
  return out;
}

export function report(): string {
  return tallies
    .map(
      (t) =>
        `  ${t.target.padEnd(44)} ${String(t.runs).padStart(6)} runs, ${String(t.refused).padStart(6)} refused, ${String(t.accepted).padStart(6)} accepted, 0 crashes, slowest ${t.slowest.toFixed(1)} ms`,
    )
    .join("\n");
}

export const params = (): fc.Parameters<unknown> => ({ numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261127) });

/** Any JSON value a client could send, nested a little. */
export const anyJson = fc.jsonValue({ maxDepth: 4 });
