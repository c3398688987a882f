/**
 * `npm start` in production (lib/ops/serve.mjs): set-up in a child that exits, then one `next start`
 * worker per WEB_CONCURRENCY sharing the port under a small primary; /api/metrics sums every
 * worker; a worker that dies is replaced while the others keep answering; SIGTERM stops them all;
 * each worker's heap is limited to WEB_HEAP_MB; a bad WEB_CONCURRENCY or WEB_HEAP_MB stops the start with its name. Run against the browser tests' database (the
 * main test server keeps running beside this one, as a second instance would).
 */
import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { killServer, nextServerPids, processTree, sleep, startServer, type Server } from "../setup/app-server";
import { freePort } from "../setup/free-port";

const root = process.cwd();
const TOKEN = "serve-spec-metrics-token-0123456789";

/** One request on a connection of its own (the cluster hands each new connection to the next worker). */
function get(port: number, pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: pathname, agent: false, headers: { connection: "close", ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${pathname} within 15 s`)));
    req.on("error", reject);
  });
}

/** Polls until `probe` gives a value (a probe that throws has not). */
async function until<T>(what: string, probe: () => Promise<T | null> | T | null, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await Promise.resolve(probe()).catch(() => null);
    if (v !== null && v !== undefined && v !== false) return v;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function healthCount(metrics: string): number {
  const m = /^chainrule_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="2xx"\} (\d+)/m.exec(metrics);
  return m ? Number(m[1]) : 0;
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

test.describe("npm start's production server", () => {
  let server: Server | null = null;
  test.afterEach(async () => {
    if (server) await killServer(server);
    server = null;
  });

  test("runs WEB_CONCURRENCY workers under a primary, no set-up process left, metrics summed, a dead worker replaced, SIGTERM stops all", async () => {
    test.setTimeout(300_000);
    const port = await freePort();
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-serve-")), "server.log");
    server = await startServer(root, {
      databaseUrl: process.env.E2E_DATABASE_URL!,
      secret: process.env.E2E_NEXTAUTH_SECRET!,
      port,
      logFile: log,
      workers: 2,
      env: { METRICS_TOKEN: TOKEN, LOG_LEVEL: "silent", WEB_HEAP_MB: "256" },
    });
    const primary = server.child.pid!;

    // The primary and two next-server workers; nothing else stays resident (no tsx, no set-up).
    const workers = await until("two workers", () => (nextServerPids(primary).length === 2 ? nextServerPids(primary) : null));
    const tree = processTree(primary);
    expect(tree.sort()).toEqual([primary, ...workers].sort());
    for (const pid of tree) expect(commandOf(pid)).not.toMatch(/tsx|lib\/ops\/start\.ts/);
    expect(fs.readFileSync(log, "utf8")).toContain("(production, 2 worker processes, heap limit 256 MB each)");

    // Each request on a new connection goes to the next worker; the scrape counts all of them.
    const metrics = async () => (await get(port, "/api/metrics", { authorization: `Bearer ${TOKEN}` })).body;
    const before = healthCount(await metrics());
    for (let i = 0; i < 20; i++) expect((await get(port, "/api/health")).status).toBe(200);
    const scrape = await metrics();
    expect(healthCount(scrape) - before).toBe(20);
    // Each worker's V8 heap is limited to WEB_HEAP_MB (V8 adds its young generation to the old space's limit).
    const limit = Number(/^chainrule_heap_limit_bytes (\d+)/m.exec(scrape)?.[1]);
    expect(limit).toBeGreaterThanOrEqual(256 * 2 ** 20);
    expect(limit).toBeLessThan(320 * 2 ** 20);

    // A worker killed outright is replaced; the other keeps answering meanwhile. (A connection handed
    // to the worker in the instant it died is lost, as with any crash: hence polling, not one request.)
    process.kill(workers[0]!, "SIGKILL");
    await until("the other worker to answer", async () => (await get(port, "/api/health")).status === 200, 30_000);
    const replaced = await until("a replacement worker", () => {
      const now = nextServerPids(primary);
      return now.length === 2 && !now.includes(workers[0]!) ? now : null;
    });
    expect(replaced).toContain(workers[1]);
    await until("the new worker to serve", async () => {
      const answers = await Promise.all(Array.from({ length: 6 }, () => get(port, "/api/health")));
      return answers.every((a) => a.status === 200);
    });

    // SIGTERM to the primary stops every worker, and the primary exits 0.
    const child = server.child;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    process.kill(primary, "SIGTERM");
    expect(await exited).toBe(0);
    await until("every worker to exit", () => replaced.every((pid) => !fs.existsSync(`/proc/${pid}`)), 15_000);
  });

  for (const [setting, value, message] of [
    ["WEB_CONCURRENCY", "lots", 'could not start: WEB_CONCURRENCY must be a whole number of server processes from 1 to 64, got "lots"'],
    ["WEB_HEAP_MB", "64", 'could not start: WEB_HEAP_MB must be a whole number of megabytes from 128 to 65536, got "64"'],
  ] as const) {
    test(`a bad ${setting} stops the start, naming the setting, before anything listens`, async () => {
      const port = await freePort();
      const r = spawnSync(process.execPath, ["lib/ops/serve.mjs"], {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          DATABASE_URL: process.env.E2E_DATABASE_URL,
          NEXTAUTH_SECRET: process.env.E2E_NEXTAUTH_SECRET,
          CHAINRULE_DEMO: "1",
          PORT: String(port),
          [setting]: value,
        },
        timeout: 120_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain("serving on");
      await expect(get(port, "/api/health")).rejects.toThrow(/ECONNREFUSED/);
    });
  }
});
