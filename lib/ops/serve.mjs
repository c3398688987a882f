// @ts-check
/**
 * `npm start`: set up, then serve the production build with one server process per core.
 *
 * 1. Set-up runs in a child that exits when it is done: lib/ops/start.ts `--prepare` (TypeScript,
 *    through tsx) checks the settings, migrates the database, seeds the demo data when asked, builds
 *    if the build is stale, and writes the resolved settings to a private temporary file.
 * 2. This process then becomes the cluster primary, a small process that serves nothing itself: it
 *    forks WEB_CONCURRENCY `next start` workers that share the port (Node's cluster module hands each
 *    new connection to a worker in turn), each with V8's heap limited to WEB_HEAP_MB, restarts a
 *    worker that dies, stops them all on SIGTERM/SIGINT, and answers the workers' requests for the
 *    whole server's metrics (prom-client's AggregatorRegistry sums every worker's), so /api/metrics
 *    reads the same whichever worker answers it. With one worker it is the same: the limit can only
 *    be given to a process as it starts, and a single worker that dies is restarted too.
 *
 * Nothing that decides a result lives in one worker: sessions, rate limits and attempt numbers are
 * in the database (README "Deploying for a large course"). Plain JavaScript, so that no TypeScript
 * loader stays resident beside the server.
 */
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

/** The message a worker sends for the whole server's metrics, and the primary's answer. */
const METRICS_MESSAGE = "chainrule:metrics";
/** A worker that dies this soon after it was forked counts as failing to start. */
const QUICK_DEATH_MS = 30_000;
/** Give up after this many quick deaths in a row (a setting or the port is wrong, not bad luck). */
const MAX_QUICK_DEATHS = 5;
/** How long workers get to finish their requests after SIGTERM before the primary exits anyway. */
const STOP_GRACE_MS = 10_000;

/** @param {string} message */
function log(message) {
  process.stderr.write(`[chainrule] ${message}\n`);
}

/**
 * @typedef {{ env: Record<string, string>; port: number; host: string | null; workers: number; heapMb: number }} ServeSettings
 * The settings lib/ops/start.ts resolved (its ServeSettings type).
 */

/** Runs the set-up step and returns its settings; exits with its status if it failed (it has said why). */
function prepare() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-start-"));
  const file = path.join(dir, "settings.json");
  try {
    const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
    const r = spawnSync(process.execPath, [tsx, "lib/ops/start.ts", "--prepare", file], { cwd: root, stdio: "inherit", env: process.env });
    if (r.error) throw r.error;
    if (r.status !== 0) process.exit(r.status ?? 1);
    return /** @type {ServeSettings} */ (JSON.parse(fs.readFileSync(file, "utf8")));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {ServeSettings} settings */
function nextStartArgs(settings) {
  return ["start", "-p", String(settings.port), ...(settings.host ? ["-H", settings.host] : [])];
}

const HEAP_FLAG = "--max-old-space-size";

/**
 * The workers' Node flags: this process's own, plus the heap limit, unless the operator already gave
 * one (on the command line or in NODE_OPTIONS, which the workers inherit): theirs wins.
 * @param {ServeSettings} settings
 */
export function workerExecArgv(settings, execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? "") {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => flag === HEAP_FLAG || flag.startsWith(`${HEAP_FLAG}=`));
  return given ? [...execArgv] : [...execArgv, `${HEAP_FLAG}=${settings.heapMb}`];
}

/** The cluster primary: forks the workers, keeps them running, stops them together. */
function supervise(/** @type {ServeSettings} */ settings, /** @type {string[]} */ execArgv) {
  cluster.setupPrimary({ exec: nextBin, args: nextStartArgs(settings), execArgv });
  /** @type {Map<number, number>} worker id → when it was forked */
  const forkedAt = new Map();
  let quickDeaths = 0;
  let serving = false;
  let stopping = false;
  let exitCode = 0;

  const fork = () => forkedAt.set(cluster.fork().id, Date.now());
  const alive = () => Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());

  /** @param {number} code */
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const worker of alive()) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(exitCode), STOP_GRACE_MS).unref();
    if (alive().length === 0) process.exit(exitCode);
  };

  cluster.on("listening", () => {
    serving = true;
  });
  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (forkedAt.get(worker.id) ?? 0);
    forkedAt.delete(worker.id);
    if (stopping) {
      if (alive().length === 0) process.exit(exitCode);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`}) after ${Math.round(lived / 1000)} s`);
    if (!serving) {
      // Not one worker got as far as listening: the port or a setting is wrong, and every other
      // worker will fail the same way. Its own message (Next's) is above.
      log("the server could not start; stopping");
      stop(1);
      return;
    }
    quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
    if (quickDeaths >= MAX_QUICK_DEATHS) {
      log(`workers exited within ${QUICK_DEATH_MS / 1000} s of starting ${quickDeaths} times in a row; stopping`);
      stop(1);
      return;
    }
    setTimeout(() => {
      if (!stopping) fork();
    }, 250 * quickDeaths);
  });

  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) process.on(signal, () => stop(0));

  answerMetrics();
  for (let i = 0; i < settings.workers; i++) fork();
}

/** A worker asks for the metrics of every worker; prom-client collects and sums them. */
function answerMetrics() {
  const { AggregatorRegistry } = require("prom-client");
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message) => {
    if (!message || message.type !== METRICS_MESSAGE || typeof message.id !== "string") return;
    aggregator.clusterMetrics().then(
      (/** @type {string} */ text) => worker.send({ type: METRICS_MESSAGE, id: message.id, text, contentType: aggregator.contentType }),
      (/** @type {unknown} */ e) => worker.send({ type: METRICS_MESSAGE, id: message.id, error: e instanceof Error ? e.message : String(e) }),
    );
  });
}

// Run as `npm start` (not when a test imports workerExecArgv).
if (cluster.isPrimary && process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url))) {
  const settings = prepare();
  Object.assign(process.env, settings.env);
  const where = `http://${settings.host ?? "localhost"}:${settings.port}`;
  const execArgv = workerExecArgv(settings);
  const heap = execArgv.includes(`${HEAP_FLAG}=${settings.heapMb}`) ? `heap limit ${settings.heapMb} MB each` : "heap limit from NODE_OPTIONS";
  log(`serving on ${where} (production, ${settings.workers} worker process${settings.workers === 1 ? "" : "es"}, ${heap})`);
  supervise(settings, execArgv);
}
