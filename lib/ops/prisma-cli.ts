/**
 * Running the Prisma CLI (with the offline schema engine) and keeping the generated client in step
 * with the schema. Imports nothing generated, so it works before the client exists (postinstall).
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PRISMA_LAYOUT } from "@/lib/db/url";

export function log(message: string): void {
  process.stderr.write(`[chainrule] ${message}\n`);
}

/** Runs a step; with `quiet`, its output is shown only if it fails. */
export function run(root: string, command: string, args: string[], env: NodeJS.ProcessEnv, what: string, quiet = false): void {
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

/**
 * Generates both clients (SQLite: lib/generated/prisma, PostgreSQL: lib/generated/prisma-pg) when
 * their schema changed since the last generation. Both are always there, so one build serves either
 * database.
 */
export function ensureClientGenerated(root: string): void {
  const schemas = [PRISMA_LAYOUT.sqlite.schema, PRISMA_LAYOUT.postgresql.schema];
  const hash = crypto.createHash("sha256");
  for (const schema of schemas) hash.update(fs.readFileSync(path.join(root, schema)));
  const digest = hash.digest("hex");
  const stamp = path.join(root, "lib/generated/.schema-sha256");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === digest) return;
  log("generating the Prisma clients (SQLite and PostgreSQL)");
  for (const schema of schemas) prismaCli(root, ["generate", "--schema", schema]);
  fs.writeFileSync(stamp, digest + "\n");
}
