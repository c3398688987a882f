/**
 * The pure half of the HTTP benchmark: figures from raw measurements, the one JSON object other
 * tools read (its keys are a contract: see README "Load benchmark"), the readable table, and reading
 * the submit action's answer. No I/O here, so all of it is unit-tested.
 */
import type { BenchDatabase } from "./flags";

export const ROUTES = ["health", "dashboard", "submit"] as const;
export type Route = (typeof ROUTES)[number];

/** What one autocannon run of one route at one connection count measured. */
export type LoadRun = {
  /** Wall-clock seconds the load ran. */
  durationS: number;
  /** Every response's latency (ms), as autocannon timed it. */
  latenciesMs: number[];
  /** Responses of any status. */
  responses: number;
  /** Responses with a status outside 2xx. */
  non2xx: number;
  /** Connection errors and timeouts (no response at all). */
  transportErrors: number;
  /** 2xx responses whose body says the request failed (a submit that was not graded). */
  refused: number;
};

export type Cell = { rps: number; p50_ms: number; p99_ms: number; errors: number };

export type CrashTrial = { acked: number; missing: number; integrity: string };

/** The `--json` object, exactly. */
export type BenchReport = {
  db: BenchDatabase;
  routes: Record<Route, Record<string, Cell>>;
  graded_per_s: Record<string, number>;
  ratio_graded_to_health: Record<string, number>;
  rss_mb_peak: number;
  crash_trials: CrashTrial[];
};

export const round = (x: number, digits: number): number => {
  if (!Number.isFinite(x)) return 0;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (p < 0 || p > 100) throw new RangeError(`percentile must be from 0 to 100, got ${p}`);
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function cellOf(run: LoadRun): Cell {
  return {
    rps: round(run.durationS > 0 ? run.responses / run.durationS : 0, 1),
    p50_ms: round(percentile(run.latenciesMs, 50), 2),
    p99_ms: round(percentile(run.latenciesMs, 99), 2),
    errors: run.non2xx + run.transportErrors + run.refused,
  };
}

/** Graded submissions stored per second: the database's count before and after a submit cell. */
export function gradedPerSecond(storedBefore: number, storedAfter: number, durationS: number): number {
  return round(durationS > 0 ? (storedAfter - storedBefore) / durationS : 0, 1);
}

/** The peak of summed RSS samples (kB, one sample = every process of the server at one moment), in MB. */
export function peakRssMb(samplesKb: readonly number[]): number {
  return round(samplesKb.reduce((peak, kb) => Math.max(peak, kb), 0) / 1024, 1);
}

export type Measurements = {
  db: BenchDatabase;
  connections: readonly number[];
  runs: Record<Route, Map<number, LoadRun>>;
  /** Submissions stored in the database before and after each submit cell. */
  stored: Map<number, { before: number; after: number; durationS: number }>;
  rssSamplesKb: readonly number[];
  crashTrials: readonly CrashTrial[];
};

export function buildReport(m: Measurements): BenchReport {
  const routes = Object.fromEntries(ROUTES.map((route) => [route, {}])) as Record<Route, Record<string, Cell>>;
  const graded: Record<string, number> = {};
  const ratio: Record<string, number> = {};
  for (const c of m.connections) {
    for (const route of ROUTES) {
      const run = m.runs[route].get(c);
      if (!run) throw new Error(`no ${route} run at ${c} connections`);
      routes[route][String(c)] = cellOf(run);
    }
    const s = m.stored.get(c);
    if (!s) throw new Error(`no stored count for the submit run at ${c} connections`);
    graded[String(c)] = gradedPerSecond(s.before, s.after, s.durationS);
    // A single connection is a latency figure, not a throughput one: the ratio is asked at concurrency.
    if (c > 1) {
      const health = routes.health[String(c)]!.rps;
      ratio[String(c)] = round(health > 0 ? graded[String(c)]! / health : 0, 4);
    }
  }
  return {
    db: m.db,
    routes,
    graded_per_s: graded,
    ratio_graded_to_health: ratio,
    rss_mb_peak: peakRssMb(m.rssSamplesKb),
    crash_trials: m.crashTrials.map((t) => ({ acked: t.acked, missing: t.missing, integrity: t.integrity })),
  };
}

// The submit action's answer is read by the same code as the browser tests' (tests/setup/http-client.ts).
export { parseSubmitAnswer, type SubmitAnswer } from "../../setup/http-client";

const pad = (s: string, n: number) => s.padStart(n);

/**
 * The readable default output. `floor`, when measured: the submit action refused at its first line
 * (input that fails validation), by connection count: what a server action costs before any of
 * Chainrule's work, the framework's own share. Not in the JSON, whose keys are a contract.
 */
export function formatTable(
  r: BenchReport,
  notes: { durationS: number; students: number; workers?: number; workerRssPeakMb?: number; floor?: Record<string, Cell> },
): string {
  const out: string[] = [];
  const workers = notes.workers === undefined ? "" : `, ${notes.workers} server process${notes.workers === 1 ? "" : "es"}`;
  out.push(`Chainrule HTTP benchmark: ${r.db}, ${notes.durationS} s per cell, ${notes.students} students${workers}`);
  out.push("");
  out.push(`${"route".padEnd(10)}${pad("conns", 6)}${pad("req/s", 10)}${pad("p50 ms", 10)}${pad("p99 ms", 10)}${pad("errors", 8)}${pad("graded/s", 10)}`);
  const rows: [string, Record<string, Cell>][] = ROUTES.map((route) => [route, r.routes[route]]);
  if (notes.floor) rows.push(["floor", notes.floor]);
  for (const [route, cells] of rows) {
    for (const [c, cell] of Object.entries(cells)) {
      const graded = route === "submit" ? String(r.graded_per_s[c] ?? "") : "";
      // No response inside the cell (the server's latency exceeded it): there is no latency to show.
      const ms = (x: number) => (cell.rps === 0 ? "-" : x.toFixed(2));
      out.push(
        `${route.padEnd(10)}${pad(c, 6)}${pad(cell.rps.toFixed(1), 10)}${pad(ms(cell.p50_ms), 10)}${pad(ms(cell.p99_ms), 10)}${pad(String(cell.errors), 8)}${pad(graded, 10)}`,
      );
    }
  }
  out.push("");
  if (notes.floor) out.push("floor: the same submit action refused at its first line (invalid input): a server action's cost before any grading");
  for (const [c, ratio] of Object.entries(r.ratio_graded_to_health)) out.push(`graded submissions per health request at ${c} connections: ${ratio}`);
  out.push(`server RSS peak (every process of the server): ${r.rss_mb_peak} MB`);
  if (notes.workerRssPeakMb !== undefined) out.push(`server RSS peak of the largest worker (one next-server process): ${notes.workerRssPeakMb} MB`);
  if (r.crash_trials.length === 0) out.push("crash trial: skipped (--no-crash)");
  r.crash_trials.forEach((t, i) => {
    out.push(`crash trial ${i + 1}: ${t.acked} acknowledged, ${t.missing} missing after SIGKILL, integrity ${t.integrity}`);
  });
  return out.map((line) => line.trimEnd()).join("\n") + "\n";
}
