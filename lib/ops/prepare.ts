/**
 * The steps `npm start`, `npm run dev` and the test harness share: generate the Prisma client when
 * the schema changed, apply migrations with the Prisma CLI, turn on WAL, seed an empty database,
 * and build the app when the production build is missing or stale. Each step is idempotent.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDb } from "@/lib/db/client";
import { enableWal } from "@/lib/db/sqlite";
import { sqliteFile } from "@/lib/db/url";
import { buildIsCurrent, sourceHash, writeBuildStamp } from "./build-stamp";
import { seedDemo } from "./seed";

export function log(message: string): void {
  process.stderr.write(`[chainrule] ${message}\n`);
}

/** Runs a step; with `quiet`, its output is shown only if it fails. */
function run(root: string, command: string, args: string[], env: NodeJS.ProcessEnv, what: string, quiet = false): void {
  const result = spawnSync(command, args, { cwd: root, env, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error(`${what} failed (exit status ${result.status ?? result.signal}); see the output above`);
  }
}

/** Runs the Prisma CLI through prisma/engine/prisma.mjs (which supplies a schema engine offline). */
export function prismaCli(root: string, args: string[], env: NodeJS.ProcessEnv = process.env, quiet = false): void {
  run(root, process.execPath, [path.join(root, "prisma/engine/prisma.mjs"), ...args], env, `prisma ${args.join(" ")}`, quiet);
}

export function ensureClientGenerated(root: string): void {
  const schema = fs.readFileSync(path.join(root, "prisma/schema.prisma"));
  const hash = crypto.createHash("sha256").update(schema).digest("hex");
  const stamp = path.join(root, "lib/generated/prisma/.schema-sha256");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === hash) return;
  log("generating the Prisma client");
  prismaCli(root, ["generate"]);
  fs.writeFileSync(stamp, hash + "\n");
}

export async function prepareDatabase(root: string, url: string, options: { seed: boolean }): Promise<void> {
  const file = sqliteFile(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  log(`applying migrations to ${file}`);
  prismaCli(root, ["migrate", "deploy"], { ...process.env, DATABASE_URL: url });
  enableWal(file);
  if (!options.seed) return;
  const db = createDb(url);
  try {
    if (await seedDemo(db)) log("seeded the demo course (accounts are listed in README.md)");
  } finally {
    await db.$disconnect();
  }
}

export function ensureBuild(root: string): void {
  if (buildIsCurrent(root)) return;
  log("building the production app (next build); this takes a minute the first time");
  const hash = sourceHash(root);
  run(root, process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, "next build");
  writeBuildStamp(root, hash);
}
