import { describe, expect, it } from "vitest";
import { DEFAULTS, parseFlags, UsageError } from "../bench/http/flags";
import { buildReport, cellOf, formatTable, parseSubmitAnswer, peakRssMb, percentile, ROUTES, type LoadRun, type Route } from "../bench/http/report";
import { encodeActionArgs } from "../bench/http/students";

describe("bench:http flags", () => {
  it("defaults to SQLite, 10 s cells, 16 students, 1/16/64 connections and the crash trial", () => {
    expect(parseFlags([])).toEqual({
      json: false,
      db: "sqlite",
      durationS: 10,
      students: 16,
      connections: [1, 16, 64],
      crash: true,
      workers: null,
      help: false,
    });
    expect(DEFAULTS.connections).toEqual([1, 16, 64]);
  });

  it("reads every flag, with a space or an equals sign", () => {
    expect(parseFlags(["--json", "--db", "postgres", "--duration", "3", "--students=4", "--connections", "2,8", "--no-crash", "--workers", "3"])).toEqual({
      json: true,
      db: "postgres",
      durationS: 3,
      students: 4,
      connections: [2, 8],
      crash: false,
      workers: 3,
      help: false,
    });
    expect(parseFlags(["--duration=0.5"]).durationS).toBe(0.5);
  });

  it.each([
    [["--db", "mysql"], '--db must be "sqlite" or "postgres", got "mysql"'],
    [["--db"], "--db needs a value"],
    [["--duration", "--json"], "--duration needs a value"],
    [["--duration", "0"], '--duration must be a number of seconds above 0 and at most 3600, got "0"'],
    [["--duration", "ten"], '--duration must be a number of seconds above 0 and at most 3600, got "ten"'],
    [["--students", "0"], '--students must be a whole number from 1 to 1000, got "0"'],
    [["--students", "2.5"], '--students must be a whole number from 1 to 1000, got "2.5"'],
    [["--connections", "1,,64"], '--connections must be a whole number from 1 to 1024, got ""'],
    [["--connections", "16,16"], '--connections lists a count twice: "16,16"'],
    [["--json=yes"], '--json takes no value, got "--json=yes"'],
    [["--workers", "0"], '--workers must be a whole number from 1 to 64, got "0"'],
    [["--workers", "many"], '--workers must be a whole number from 1 to 64, got "many"'],
    [["--fast"], 'unknown argument "--fast"'],
  ])("refuses %j: %s", (argv, message) => {
    expect(() => parseFlags(argv)).toThrow(UsageError);
    expect(() => parseFlags(argv)).toThrow(message);
  });
});

describe("bench:http figures", () => {
  it("percentile is nearest-rank over unsorted values", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
    expect(() => percentile(values, 101)).toThrow(RangeError);
  });

  it("a cell counts non-2xx, transport errors and refused submissions as errors, and rounds", () => {
    const run: LoadRun = { durationS: 3, latenciesMs: [1.234, 2.345, 100.5], responses: 100, non2xx: 2, transportErrors: 1, refused: 3 };
    expect(cellOf(run)).toEqual({ rps: 33.3, p50_ms: 2.35, p99_ms: 100.5, errors: 6 });
  });

  it("peak RSS is the largest sample, in MB", () => {
    expect(peakRssMb([100 * 1024, 350 * 1024 + 512, 200 * 1024])).toBe(350.5);
    expect(peakRssMb([])).toBe(0);
  });
});

/** A fake autocannon run: `rps` responses a second for 10 s, all in `ms`. */
const fake = (rps: number, ms: number): LoadRun => ({
  durationS: 10,
  latenciesMs: Array.from({ length: 50 }, () => ms),
  responses: rps * 10,
  non2xx: 0,
  transportErrors: 0,
  refused: 0,
});

describe("bench:http --json object", () => {
  const connections = [1, 16, 64];
  const runs = Object.fromEntries(ROUTES.map((r) => [r, new Map(connections.map((c) => [c, fake(r === "health" ? 1000 : 20, 5)]))])) as Record<
    Route,
    Map<number, LoadRun>
  >;
  const stored = new Map(connections.map((c) => [c, { before: 100, after: 100 + 10 * c, durationS: 10 }]));
  const report = buildReport({
    db: "sqlite",
    connections,
    runs,
    stored,
    rssSamplesKb: [300 * 1024],
    crashTrials: [
      { acked: 40, missing: 0, integrity: "ok" },
      { acked: 38, missing: 0, integrity: "ok" },
      { acked: 41, missing: 0, integrity: "ok" },
    ],
  });

  it("has exactly the documented keys and types", () => {
    const parsed = JSON.parse(JSON.stringify(report));
    expect(Object.keys(parsed).sort()).toEqual(["crash_trials", "db", "graded_per_s", "ratio_graded_to_health", "routes", "rss_mb_peak"]);
    expect(parsed.db).toBe("sqlite");
    expect(Object.keys(parsed.routes).sort()).toEqual(["dashboard", "health", "submit"]);
    for (const route of ROUTES) {
      expect(Object.keys(parsed.routes[route]).sort()).toEqual(["1", "16", "64"]);
      for (const cell of Object.values<Record<string, unknown>>(parsed.routes[route])) {
        expect(Object.keys(cell).sort()).toEqual(["errors", "p50_ms", "p99_ms", "rps"]);
        for (const v of Object.values(cell)) expect(typeof v).toBe("number");
      }
    }
    expect(Object.keys(parsed.graded_per_s).sort()).toEqual(["1", "16", "64"]);
    expect(Object.keys(parsed.ratio_graded_to_health).sort()).toEqual(["16", "64"]);
    expect(typeof parsed.rss_mb_peak).toBe("number");
    expect(parsed.crash_trials).toHaveLength(3);
    for (const t of parsed.crash_trials) {
      expect(Object.keys(t).sort()).toEqual(["acked", "integrity", "missing"]);
      expect(typeof t.acked).toBe("number");
      expect(typeof t.missing).toBe("number");
      expect(typeof t.integrity).toBe("string");
    }
  });

  it("computes graded/s from the stored counts and the ratio against health at the same concurrency", () => {
    expect(report.routes.health["16"]).toEqual({ rps: 1000, p50_ms: 5, p99_ms: 5, errors: 0 });
    expect(report.graded_per_s).toEqual({ "1": 1, "16": 16, "64": 64 });
    expect(report.ratio_graded_to_health).toEqual({ "16": 0.016, "64": 0.064 });
    expect(report.rss_mb_peak).toBe(300);
  });

  it("refuses to build a report with a missing cell", () => {
    const partial = { ...runs, dashboard: new Map([[1, fake(1, 1)]]) };
    expect(() => buildReport({ db: "sqlite", connections, runs: partial, stored, rssSamplesKb: [], crashTrials: [] })).toThrow(
      "no dashboard run at 16 connections",
    );
  });
});

describe("bench:http submit answers", () => {
  it("finds the graded SubmitResult and its submission id in the flight response", () => {
    const body =
      '0:{"a":"$@1","f":"","b":"abc"}\n1:{"ok":true,"status":"graded","attemptsLeft":null,"view":{"id":"cmsub123","attempt":4,"score":10,"parts":[]}}\n';
    expect(parseSubmitAnswer(body)).toEqual({ graded: true, submissionId: "cmsub123" });
  });

  it("says why a submission was not graded", () => {
    expect(parseSubmitAnswer('0:{"a":"$@1"}\n1:{"ok":false,"status":"refused","reason":"rate-limited","limit":30}\n')).toEqual({
      graded: false,
      reason: "rate-limited",
    });
    expect(parseSubmitAnswer('1:{"ok":true,"status":"invalid","unreadable":[]}\n')).toEqual({ graded: false, reason: "invalid" });
    expect(parseSubmitAnswer('0:{"a":"$@1"}\n1:E{"digest":"123"}\n')).toEqual({ graded: false, reason: "the action threw" });
    expect(parseSubmitAnswer("<html>sign in</html>")).toEqual({ graded: false, reason: "no result in the response" });
  });

  it("encodes action arguments as React does for plain JSON: strings starting with $ are escaped", () => {
    expect(encodeActionArgs([{ a: "$x", b: "y", c: [1, "$"] }])).toBe('[{"a":"$$x","b":"y","c":[1,"$$"]}]');
  });
});

describe("bench:http table", () => {
  /** A report of one 16-connection cell per route, 30 graded submissions stored in 3 s. */
  const reportOf = (runs: Record<Route, Map<number, LoadRun>>, crashTrials: { acked: number; missing: number; integrity: string }[]) =>
    buildReport({ db: "sqlite", connections: [16], runs, stored: new Map([[16, { before: 0, after: 30, durationS: 3 }]]), rssSamplesKb: [1024], crashTrials });

  it("shows every cell, the ratios, the RSS peak and the crash trials; no latency for a cell without responses", () => {
    const silent: LoadRun = { durationS: 3, latenciesMs: [], responses: 0, non2xx: 0, transportErrors: 0, refused: 0 };
    const runs = Object.fromEntries(ROUTES.map((r) => [r, new Map([[16, r === "submit" ? silent : fake(100, 5)]])])) as Record<Route, Map<number, LoadRun>>;
    const report = reportOf(runs, [{ acked: 5, missing: 0, integrity: "ok" }]);
    const table = formatTable(report, { durationS: 3, students: 4, workers: 2, workerRssPeakMb: 0.6 });
    expect(table).toContain("Chainrule HTTP benchmark: sqlite, 3 s per cell, 4 students, 2 server processes");
    expect(table).toContain("submit        16       0.0         -         -       0        10");
    expect(table).toContain("graded submissions per health request at 16 connections: 0.1");
    expect(table).toContain("server RSS peak (every process of the server): 1 MB");
    expect(table).toContain("server RSS peak of the largest worker (one next-server process): 0.6 MB");
    expect(table).toContain("crash trial 1: 5 acknowledged, 0 missing after SIGKILL, integrity ok");
    expect(table).not.toContain("floor");
  });

  it("shows the floor (the action refused at its first line) as its own rows, outside the JSON", () => {
    const runs = Object.fromEntries(ROUTES.map((r) => [r, new Map([[16, fake(100, 5)]])])) as Record<Route, Map<number, LoadRun>>;
    const report = reportOf(runs, []);
    const table = formatTable(report, { durationS: 3, students: 4, floor: { "16": { rps: 812.5, p50_ms: 18.25, p99_ms: 47.5, errors: 0 } } });
    expect(table).toContain("floor         16     812.5     18.25     47.50       0");
    expect(table).toContain("floor: the same submit action refused at its first line (invalid input)");
    expect(Object.keys(report.routes)).toEqual(["health", "dashboard", "submit"]);
  });
});
