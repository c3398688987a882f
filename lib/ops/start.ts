/**
 * `npm start`: make the embedded database current (migrations, demo data), build if needed, then
 * serve the production build on PORT. `npm run dev` does the same with Next's dev server.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { limitPerMinute, REQUEST_LIMITS, type LimitedRequest } from "@/lib/assignments/request-limits";
import { authSecret } from "@/lib/auth/secret";
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

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const unknown = process.argv.slice(2).filter((a) => a !== "--dev");
  if (unknown.length) throw new Error(`unknown argument ${unknown[0]}; usage: npm start | npm run dev`);
  const root = projectRoot();
  const port = parsePort(process.env.PORT);
  // Settings read on each request, checked now so that a typo stops the start, not a sign-in.
  parseTrustProxy(process.env.TRUST_PROXY);
  for (const kind of Object.keys(REQUEST_LIMITS) as LimitedRequest[]) limitPerMinute(kind);
  const url = resolveDatabaseUrl();
  if (databaseProvider(url) === "postgresql") poolSize(); // a bad DATABASE_POOL_SIZE stops here, named
  workerLimits(); // a bad WORKER_* value stops here, named, rather than at the first problem preview
  process.env.DATABASE_URL = url;
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
  if (!dev) ensureBuild(root);

  const next = path.join(root, "node_modules/next/dist/bin/next");
  const args = dev ? ["dev", "-p", String(port)] : ["start", "-p", String(port)];
  log(`serving on http://localhost:${port} (${dev ? "development" : "production"})`);
  const child = spawn(process.execPath, [next, ...args], { cwd: root, stdio: "inherit", env: process.env });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((e: unknown) => {
  log(`could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
