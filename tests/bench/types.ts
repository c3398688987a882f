/**
 * A benchmark module is a file `tests/bench/<name>.bench.ts` exporting `benchmarks: Benchmark[]`.
 * `npm run bench` runs every case in its own child process (so each case's peak memory is its own)
 * and prints the figures the case returns plus that process's peak resident memory.
 */
export interface Figure {
  readonly value: number;
  readonly unit: string;
  /** e.g. "target < 200" */
  readonly note?: string;
}

export interface Benchmark {
  readonly name: string;
  run(): Promise<Record<string, Figure>> | Record<string, Figure>;
}

/** Median and minimum wall time of `fn` in milliseconds, after warm-up runs. */
export function timeIt(fn: () => void, options: { warmup?: number; runs?: number } = {}): { median: number; min: number } {
  const warmup = options.warmup ?? 3;
  const runs = options.runs ?? 10;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]! };
}

/** Deterministic pseudo-random numbers in [0, 1), so every run measures the same graph: the grader's own generator. */
export { seededRandom } from "../../lib/grading/random";
