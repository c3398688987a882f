/**
 * Problem files at the graph language's size limit (tests/fixtures/large-problem.ts, 9,990 nodes):
 * how long `problem validate` takes with 1,000 vetted variants, how a server's event loop fares while
 * a TA's preview of it runs in the worker pool (an HTTP health endpoint in the same process, sampled
 * every 20 ms), and what the browser's drawing worker spends on graphs of 2,000 and 9,990 nodes.
 */
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { previewProblem } from "../../lib/authoring/preview";
import { drawingOf } from "../../lib/graph-view/drawing";
import { structureFromSource } from "../../lib/graph-view/structure";
import { runAuthorTests } from "../../lib/problems/author-tests";
import { loadProblem } from "../../lib/problems/load";
import { validateLoaded } from "../../lib/problems/validate";
import { createProblemPool, previewInWorker, workerLimits } from "../../lib/authoring/workers/problem-pool";
import { largeGraphSource, largeProblemSource } from "../fixtures/large-problem";
import type { Benchmark, Figure } from "./types";

const ms = (value: number, note?: string): Figure => ({ value, unit: "ms", ...(note ? { note } : {}) });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function validate(): Benchmark["run"] {
  return () => {
    const source = largeProblemSource();
    let t = performance.now();
    const loaded = loadProblem(source);
    const load = performance.now() - t;
    if (!loaded.ok) throw new Error("the large problem does not load");
    t = performance.now();
    const report = validateLoaded(loaded, { runTests: false });
    const vet = performance.now() - t;
    t = performance.now();
    runAuthorTests(loaded.problem);
    const tests = performance.now() - t;
    return {
      "load (YAML, schema, parse, one draw)": ms(load),
      "1,000 variants drawn and vetted, count exact": ms(vet, `${report.vetting!.seeds} vetted, ${report.variants!.count} distinct`),
      "author test (a 14,270-field annotation graded)": ms(tests),
      "validate in all": ms(load + vet + tests, "target < 5,000"),
    };
  };
}

/** Samples a trivial endpoint of an HTTP server in this process every 20 ms until `done` settles. */
async function sampleHealth(done: Promise<unknown>): Promise<number[]> {
  const server = http.createServer((_, res) => res.end('{"status":"ok"}'));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  let running = true;
  void done.finally(() => (running = false));
  const latencies: number[] = [];
  while (running) {
    const t = performance.now();
    await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.text());
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  server.close();
  return latencies;
}

function preview(): Benchmark["run"] {
  return async () => {
    const source = largeProblemSource();
    const pool = createProblemPool({ ...workerLimits(), timeBudgetMs: 600_000 });
    // A warm thread, as on a server that has previewed before.
    await previewInWorker(largeProblemSource(40, "warm-up"), ["0"], "en", pool);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const t = performance.now();
    const job = previewInWorker(source, ["0", "1"], "en", pool);
    const latencies = await sampleHealth(job);
    const json = await job;
    const inPool = performance.now() - t;
    delay.disable();
    await pool.close();
    // What the server did before: the same preview on its own thread, holding it throughout.
    const t2 = performance.now();
    previewProblem(source, ["0", "1"], "en");
    const inProcess = performance.now() - t2;
    return {
      "preview in the worker pool": ms(inPool, `${(json.length / 1e6).toFixed(1)} MB of JSON`),
      "health check p50 meanwhile": ms(percentile(latencies, 50), `${latencies.length} requests`),
      "health check p99 meanwhile": ms(percentile(latencies, 99), "target < 100"),
      "health check max meanwhile": ms(Math.max(...latencies)),
      "event-loop delay p99 meanwhile": ms(delay.percentile(99) / 1e6),
      "same preview on the server's thread (before)": ms(inProcess, "the event loop is held this long"),
    };
  };
}

function drawing(): Benchmark["run"] {
  return () => {
    const out: Record<string, Figure> = {};
    for (const nodes of [2_000, 9_990]) {
      const source = largeGraphSource(nodes);
      let t = performance.now();
      const parsed = structureFromSource(source);
      const parse = performance.now() - t;
      if (!parsed.ok) throw new Error(parsed.error.message);
      t = performance.now();
      const d = drawingOf(parsed.structure);
      const layout = performance.now() - t;
      const label = nodes.toLocaleString("en-US");
      out[`${label} nodes: parse to structure (worker)`] = ms(parse);
      out[`${label} nodes: simplify and lay out (worker)`] = ms(layout, d.kind === "simplified" ? `${d.graph.boxes.length} boxes` : "full");
    }
    return out;
  };
}

export const benchmarks: Benchmark[] = [
  { name: "validate a 9,990-node problem (1,000 variants, author test)", run: validate() },
  { name: "9,990-node preview in the worker pool beside a health endpoint", run: preview() },
  { name: "drawing worker on 2,000- and 9,990-node graphs", run: drawing() },
];
