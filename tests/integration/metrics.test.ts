/**
 * GET /api/metrics: who may read it (a site admin's session, or a scraper's METRICS_TOKEN), what it
 * says (Prometheus text with every Chainrule metric), and that its counters move with the real
 * submit path; and that /api/health stays one query with no metric computed.
 */
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluateSource } from "@/lib/graph-lang";
import { toEvalJson } from "@/lib/autograd";
import { submitAnswers } from "@/lib/assignments/submit";
import { takeRequest } from "@/lib/assignments/request-limits";
import { importBank } from "@/lib/problem-store/bank";
import { seedDemo } from "@/lib/ops/seed";
import { createLogger, setBaseLogger } from "@/lib/observability/log";
import { metrics } from "@/lib/observability/metrics";
import { freshDatabase, type TestDatabase } from "../setup/database";

const state = vi.hoisted((): { user: unknown } => ({ user: null }));
vi.mock("@/lib/session", () => ({ getCurrentUser: async () => state.user }));

import { GET as metricsRoute } from "@/app/api/metrics/route";

let t: TestDatabase;
let users: Record<string, { id: string; isSiteAdmin: boolean }>;
let hw = "";
let std = "";
const now = new Date("2026-11-26T12:00:00Z");
const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";

/** Every node's value and gradients, computed by the engine: a fully correct annotation. */
function annotationFor(source: string, at: Record<string, number>) {
  const { evaluated } = evaluateSource(source, { at });
  const nodes: Record<string, { value: unknown; grad: unknown; edges: Record<string, { downstream: unknown }> }> = {};
  for (const n of toEvalJson(evaluated).nodes) {
    if (n.op === "const") continue;
    nodes[n.id] = { value: n.value, grad: n.grad, edges: Object.fromEntries(n.edges.map((e) => [e.from, { downstream: e.downstream }])) };
  }
  return { nodes };
}

const logLines: string[] = [];

beforeAll(async () => {
  t = await freshDatabase();
  await importBank(t.db, "problems");
  await seedDemo(t.db, now);
  users = Object.fromEntries((await t.db.user.findMany()).map((u) => [u.email.split("@")[0]!, { id: u.id, isSiteAdmin: u.isSiteAdmin }]));
  hw = (await t.db.assignment.findFirstOrThrow({ where: { title: "Homework 2: theory" } })).id;
  std = (await t.db.problem.findUniqueOrThrow({ where: { slug: "seed-std-dev" } })).id;
  setBaseLogger(
    createLogger(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
          done();
        },
      }),
      {},
    ),
  );
});
afterAll(() => t.dispose());
afterEach(() => {
  state.user = null;
  vi.unstubAllEnvs();
});

const scrape = (headers: Record<string, string> = {}) => metricsRoute(new Request("http://localhost/api/metrics", { headers }));

/** The value of one series in Prometheus text (0 when absent: a counter not yet incremented). */
function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function adminScrape(): Promise<string> {
  state.user = users.admin;
  const res = await scrape();
  expect(res.status).toBe(200);
  return res.text();
}

describe("who may read /api/metrics", () => {
  it("a site admin gets Prometheus text, uncached, with every Chainrule metric and Node's own", async () => {
    state.user = users.admin;
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    for (const name of [
      "chainrule_http_request_duration_seconds",
      "chainrule_grading_duration_seconds",
      "chainrule_graded_submissions_total",
      "chainrule_rate_limit_refusals_total",
      "chainrule_db_queries_total",
      "chainrule_db_query_duration_seconds",
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
  });

  it("a student, an instructor and a visitor are refused with 403, 403 and 401 JSON", async () => {
    for (const [who, status, code] of [
      ["student1", 403, "forbidden"],
      ["instructor", 403, "forbidden"],
      [null, 401, "unauthenticated"],
    ] as const) {
      state.user = who ? users[who] : null;
      const res = await scrape();
      expect(res.status, String(who)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it("with METRICS_TOKEN set, the right bearer token reads them without a session; a wrong one gets 401", async () => {
    vi.stubEnv("METRICS_TOKEN", "s3cret-scrape-token");
    const ok = await scrape({ authorization: "Bearer s3cret-scrape-token" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("chainrule_graded_submissions_total");
    for (const wrong of ["Bearer s3cret-scrape-tokem", "Bearer s3cret", "Bearer ", "Basic s3cret-scrape-token"]) {
      const res = await scrape({ authorization: wrong });
      expect(res.status, wrong).toBe(401);
    }
    // A wrong token is refused even beside an admin's session: the scraper's mistake should show.
    state.user = users.admin;
    expect((await scrape({ authorization: "Bearer nope" })).status).toBe(401);
  });

  it("without METRICS_TOKEN a bearer token opens nothing", async () => {
    vi.stubEnv("METRICS_TOKEN", "");
    expect((await scrape({ authorization: "Bearer " })).status).toBe(401);
    expect((await scrape({ authorization: "Bearer anything" })).status).toBe(401);
  });
});

describe("what the counters say", () => {
  it("a graded submission through the real submit path adds one graded submission, one grading time and a log line without answers", async () => {
    const before = await adminScrape();
    const answers = { graph: STD, annotate: annotationFor(STD, { x1: -1, x2: 3 }), "grad-x1": "-0.5", "grad-x2": "1/2" };
    const r = await submitAnswers(t.db, users.student1!, { assignmentId: hw, problemId: std, answers }, now);
    expect(r.status).toBe("graded");
    const after = await adminScrape();
    const graded = 'chainrule_graded_submissions_total{outcome="graded"}';
    expect(value(after, graded)).toBe(value(before, graded) + 1);
    const timed = 'chainrule_grading_duration_seconds_count{outcome="graded"}';
    expect(value(after, timed)).toBe(value(before, timed) + 1);
    // The scrape itself was timed under its route pattern.
    expect(value(after, 'chainrule_http_request_duration_seconds_count{method="GET",route="/api/metrics",status="2xx"}')).toBeGreaterThan(0);

    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === "submission.graded");
    expect(line).toMatchObject({ level: "info", userId: users.student1!.id, assignmentId: hw, problemId: std, attempt: 1, score: 1 });
    expect(typeof line!.ms).toBe("number");
    expect(logLines.join("\n")).not.toContain("sqrt(v)");
  });

  it("a refused submission counts as refused, and a rate-limited one as a rate-limit refusal of its kind", async () => {
    const before = await adminScrape();
    await submitAnswers(t.db, users.instructor!, { assignmentId: hw, problemId: std, answers: {} }, now);
    expect((await takeRequest(t.db, "graph-check", users.student2!.id, now, 1)).ok).toBe(true);
    expect((await takeRequest(t.db, "graph-check", users.student2!.id, now, 1)).ok).toBe(false);
    const after = await adminScrape();
    const refused = 'chainrule_graded_submissions_total{outcome="refused"}';
    expect(value(after, refused)).toBe(value(before, refused) + 1);
    const limited = 'chainrule_rate_limit_refusals_total{kind="graph-check"}';
    expect(value(after, limited)).toBe(value(before, limited) + 1);
    expect(logLines.some((l) => l.includes('"event":"rate-limit.refused"') && l.includes('"kind":"graph-check"'))).toBe(true);
  });
});

describe("GET /api/health stays cheap", () => {
  it("runs one database query and computes no metric", async () => {
    vi.stubEnv("DATABASE_URL", t.url);
    (globalThis as { chainruleDb?: unknown }).chainruleDb = undefined;
    vi.resetModules();
    const { GET } = await import("@/app/api/health/route");
    const m = metrics();
    const queries = async () => (await m.dbQueries.get()).values.reduce((sum, v) => sum + v.value, 0);
    const scraped = vi.spyOn(m.registry, "metrics");
    const before = await queries();
    const res = await GET();
    expect(res.status).toBe(200);
    expect((await queries()) - before).toBe(1);
    expect(scraped).not.toHaveBeenCalled();
    scraped.mockRestore();
    await (globalThis as { chainruleDb?: { $disconnect(): Promise<void> } }).chainruleDb?.$disconnect();
  });
});
