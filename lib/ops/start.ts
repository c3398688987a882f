/**
 * The set-up half of `npm start`, and `npm run dev`.
 *
 * `npm start` runs lib/ops/serve.mjs, which runs this file with `--prepare FILE` first: check every
 * setting, make the database current (migrations, demo data), build if needed, and write the settings
 * the server needs to FILE; then this process exits and serve.mjs becomes the server (one Next
 * server per worker), so no TypeScript loader stays resident beside it.
 *
 * `npm run dev` (`--dev`) does the same set-up and runs Next's dev server as a child.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { limitPerMinute, REQUEST_LIMITS, type LimitedRequest } from "@/lib/assignments/request-limits";
import { authSecret, productionSecretProblem } from "@/lib/auth/secret";
import { parseSignInSettings } from "@/lib/auth/sso-config";
import { parseTrustProxy } from "@/lib/auth/trust-proxy";
import { databaseProvider, poolSize, projectRoot, resolveDatabaseUrl } from "@/lib/db/url";
import { securityConfigFromEnv } from "@/lib/security/headers";
import { workerLimits } from "@/lib/authoring/workers/problem-pool";
import { demoSetting } from "./accounts";
import { ensureBuild } from "./build";
import { ensureClientGenerated, log } from "./prisma-cli";

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be a whole number from 1 to 65535, got "${raw}"`);
  }
  return port;
}

/** The most workers `WEB_CONCURRENCY` may ask for. */
export const MAX_WORKERS = 64;

/** WEB_CONCURRENCY: how many server processes share the port; by default one per core. */
export function parseWorkers(raw: string | undefined, cores: number = os.availableParallelism()): number {
  if (raw === undefined || raw.trim() === "") return Math.max(1, Math.min(cores, MAX_WORKERS));
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(n >= 1 && n <= MAX_WORKERS)) {
    throw new Error(`WEB_CONCURRENCY must be a whole number of server processes from 1 to ${MAX_WORKERS}, got "${raw}"`);
  }
  return n;
}

/**
 * WEB_HEAP_MB's default: V8's heap limit for each server process, in MB. Measured with `npm run
 * bench:http`: a worker's live data is under 100 MB, but without a limit V8 lets its heap grow with
 * the allocation rate, to 700–980 MB per worker under 64 connections; with 384 the largest worker
 * peaked at 442 MB with no loss of throughput.
 */
export const DEFAULT_HEAP_MB = 384;
const MIN_HEAP_MB = 128;
const MAX_HEAP_MB = 65_536;

/** WEB_HEAP_MB: the heap limit (V8's `--max-old-space-size`) of each server process, in MB. */
export function parseHeapMb(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_HEAP_MB;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(n >= MIN_HEAP_MB && n <= MAX_HEAP_MB)) {
    throw new Error(`WEB_HEAP_MB must be a whole number of megabytes from ${MIN_HEAP_MB} to ${MAX_HEAP_MB}, got "${raw}"`);
  }
  return n;
}

/** What the set-up hands to lib/ops/serve.mjs: the environment the server runs with, and how to run it. */
export type ServeSettings = { env: Record<string, string>; port: number; host: string | null; workers: number; heapMb: number };

type Mode = { kind: "dev" } | { kind: "prepare"; settingsFile: string };

function parseArgs(args: string[]): Mode {
  if (args.length === 1 && args[0] === "--dev") return { kind: "dev" };
  if (args.length === 2 && args[0] === "--prepare" && args[1]) return { kind: "prepare", settingsFile: args[1] };
  throw new Error(
    args.length === 0
      ? "lib/ops/start.ts is the set-up step of `npm start` (lib/ops/serve.mjs); run `npm start`, or `npm run dev`"
      : `unknown arguments "${args.join(" ")}"; usage: npm start | npm run dev`,
  );
}

async function main(): Promise<void> {
  const mode = parseArgs(process.argv.slice(2));
  const dev = mode.kind === "dev";
  const root = projectRoot();
  const port = parsePort(process.env.PORT);
  const host = process.env.HOST?.trim() || null;
  const workers = dev ? 1 : parseWorkers(process.env.WEB_CONCURRENCY);
  const heapMb = parseHeapMb(process.env.WEB_HEAP_MB);
  // Settings read on each request, checked now so that a typo stops the start, not a sign-in.
  parseTrustProxy(process.env.TRUST_PROXY);
  parseSignInSettings(process.env); // OIDC_* and PASSWORD_SIGN_IN: a bad one stops here, named
  for (const kind of Object.keys(REQUEST_LIMITS) as LimitedRequest[]) limitPerMinute(kind);
  const url = resolveDatabaseUrl();
  if (databaseProvider(url) === "postgresql") poolSize(); // a bad DATABASE_POOL_SIZE stops here, named
  workerLimits(); // a bad WORKER_* value stops here, named, rather than at the first problem preview
  process.env.DATABASE_URL = url;
  const secretProblem = productionSecretProblem(process.env);
  if (secretProblem) throw new Error(secretProblem);
  process.env.NEXTAUTH_SECRET = authSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // The proxy reads the same settings on its first request; a bad FRAME_ANCESTORS stops here instead.
  securityConfigFromEnv(process.env);

  ensureClientGenerated(root);
  // Loaded only now: it imports the generated client, which the line above may have just rewritten.
  const { prepareDatabase } = await import("./prepare");
  const demo = demoSetting(process.env, url);
  log(demo.demo ? `demo data: on (${demo.because})` : `demo data: off (${demo.because})`);
  await prepareDatabase(root, url, { seed: true, demo: demo.demo });
  if (mode.kind === "prepare") {
    ensureBuild(root);
    const env: Record<string, string> = {};
    for (const name of ["DATABASE_URL", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "NEXT_TELEMETRY_DISABLED"] as const) env[name] = process.env[name]!;
    const settings: ServeSettings = { env, port, host, workers, heapMb };
    // Readable by this user only: it holds the session secret until serve.mjs reads and deletes it.
    fs.writeFileSync(mode.settingsFile, JSON.stringify(settings), { mode: 0o600 });
    return;
  }

  const next = path.join(root, "node_modules/next/dist/bin/next");
  const args = ["dev", "-p", String(port), ...(host ? ["-H", host] : [])];
  log(`serving on http://${host ?? "localhost"}:${port} (development)`);
  const child = spawn(process.execPath, [next, ...args], { cwd: root, stdio: "inherit", env: process.env });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    log(`could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
