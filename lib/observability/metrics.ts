/**
 * The server's Prometheus metrics: one prom-client Registry and every metric Chainrule exposes,
 * read by GET /api/metrics (README "Operating: health, metrics and logs").
 *
 * Kept on globalThis: Next loads a module once per bundle (the proxy, route handlers and server
 * actions may each get their own copy), and prom-client refuses a metric name registered twice.
 * Every copy of this module finds the one registry, so a counter bumped by a server action is the
 * one a scrape reads.
 *
 * Not `server-only`: lib/db and lib/assignments record into it, and they also run in the command
 * line and the seed, where nothing scrapes and the numbers are simply dropped. Nothing here reads a
 * request. Node's own metrics (CPU, memory, event-loop delay, GC) start only when the server starts
 * (`startProcessMetrics`, from instrumentation.ts) or at the first scrape, so the command line
 * starts no monitors and a health check computes none of them.
 */
import { randomUUID } from "node:crypto";
import cluster from "node:cluster";
import v8 from "node:v8";
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Seconds: from a fast database round trip to a graded submission of a large graph. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: SQLite answers most queries in well under a millisecond. */
const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** What a graded submission ended as: stored with a score, answers that could not be read, or not taken. */
export type GradingOutcome = "graded" | "invalid" | "refused";
/** The rate limits that refuse requests (lib/assignments/request-limits.ts, lib/auth/rate-limit.ts). */
export type RateLimitKind = "submission" | "graph-check" | "sign-in";

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  // In a worker of `npm start`'s cluster (lib/ops/serve.mjs), this registry is what the primary
  // collects from each worker when it sums the whole server's metrics. Constructing an
  // AggregatorRegistry is what makes prom-client answer the primary's requests in a worker.
  if (cluster.isWorker) {
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }
  return {
    registry,
    processMetricsStarted: false,
    httpDuration: new Histogram({
      name: "chainrule_http_request_duration_seconds",
      help: "Time to answer a route handler or server action, by method, route pattern and status class (2xx, 4xx, 5xx).",
      labelNames: ["method", "route", "status"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    gradingDuration: new Histogram({
      name: "chainrule_grading_duration_seconds",
      help: "Time the grader took on one submission (parsing and checking every answer), by outcome.",
      labelNames: ["outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    gradedSubmissions: new Counter({
      name: "chainrule_graded_submissions_total",
      help: "Submissions sent for grading, by outcome: graded (stored, an attempt used), invalid (unreadable answers, no attempt used) or refused (not allowed now, or rate-limited).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: "chainrule_rate_limit_refusals_total",
      help: "Requests refused by a rate limit, by kind: submission, graph-check, sign-in.",
      labelNames: ["kind"] as const,
      registers,
    }),
    dbQueries: new Counter({
      name: "chainrule_db_queries_total",
      help: "Prisma operations run by the server, by model (or raw), operation and outcome (ok, error).",
      labelNames: ["model", "operation", "outcome"] as const,
      registers,
    }),
    dbQueryDuration: new Histogram({
      name: "chainrule_db_query_duration_seconds",
      help: "Time of one Prisma operation, by operation (findUnique, create, $queryRaw, …).",
      labelNames: ["operation"] as const,
      buckets: QUERY_BUCKETS,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { chainruleMetrics?: Metrics };

/** The process's metrics (created on first use). */
export function metrics(): Metrics {
  return (globalForMetrics.chainruleMetrics ??= createMetrics());
}

/** Node's own metrics (process CPU, memory, event-loop delay, GC, handles), started once per process. */
export function startProcessMetrics(): void {
  const m = metrics();
  if (m.processMetricsStarted) return;
  m.processMetricsStarted = true;
  collectDefaultMetrics({ register: m.registry });
  new Gauge({
    name: "chainrule_heap_limit_bytes",
    help: "V8's heap limit of a server process (WEB_HEAP_MB under npm start): the largest of the workers'.",
    aggregator: "max",
    registers: [m.registry],
    collect() {
      this.set(v8.getHeapStatistics().heap_size_limit);
    },
  });
}

/** The message lib/ops/serve.mjs answers with the sum of every worker's metrics. */
const CLUSTER_METRICS_MESSAGE = "chainrule:metrics";
/** How long a worker waits for the primary's sum before answering with an error. */
const CLUSTER_METRICS_TIMEOUT_MS = 10_000;

/**
 * Every metric in Prometheus's text format, and the content type to send it with: this process's,
 * or in a worker of `npm start`'s cluster, the whole server's (every worker's, summed by the primary).
 */
export async function scrape(): Promise<{ text: string; contentType: string }> {
  startProcessMetrics();
  if (cluster.isWorker && process.send) return clusterScrape(process.send.bind(process));
  const { registry } = metrics();
  return { text: await registry.metrics(), contentType: registry.contentType };
}

type ClusterAnswer = { type: string; id: string; text?: string; contentType?: string; error?: string };

function clusterScrape(send: (message: unknown) => boolean): Promise<{ text: string; contentType: string }> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      process.off("message", onMessage);
    };
    const onMessage = (message: ClusterAnswer) => {
      if (!message || message.type !== CLUSTER_METRICS_MESSAGE || message.id !== id) return;
      done();
      if (typeof message.text === "string") resolve({ text: message.text, contentType: message.contentType ?? "text/plain; version=0.0.4; charset=utf-8" });
      else reject(new Error(`the server's primary process could not collect the workers' metrics: ${message.error ?? "no answer"}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the server's primary process did not send the workers' metrics within ${CLUSTER_METRICS_TIMEOUT_MS / 1000} s`));
    }, CLUSTER_METRICS_TIMEOUT_MS);
    process.on("message", onMessage);
    send({ type: CLUSTER_METRICS_MESSAGE, id });
  });
}

/** "2xx", "4xx", "5xx": the status label, so each route has a handful of series, not one per code. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
