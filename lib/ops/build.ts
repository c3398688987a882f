import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { log, run } from "./prisma-cli";

/** Everything `next build` reads; a change to any of these makes the production build stale. */
const BUILD_INPUTS = ["app", "lib", "public", "proxy.ts", "next.config.js", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const SKIP_DIRS = new Set(["node_modules", ".next", "generated"]);
const STAMP = "chainrule-build-stamp";

function collect(root: string, rel: string, out: string[]): void {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return;
  const stat = fs.statSync(full);
  if (stat.isFile()) {
    out.push(rel);
    return;
  }
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    collect(root, path.join(rel, entry.name), out);
  }
}

/** A hash of the build's inputs (paths and contents). */
export function sourceHash(root: string): string {
  const files: string[] = [];
  for (const input of BUILD_INPUTS) collect(root, input, files);
  files.sort();
  const hash = crypto.createHash("sha256");
  for (const f of files) {
    hash
      .update(f)
      .update("\0")
      .update(fs.readFileSync(path.join(root, f)))
      .update("\0");
  }
  return hash.digest("hex");
}

export function buildIsCurrent(root: string): boolean {
  const dir = path.join(root, ".next");
  if (!fs.existsSync(path.join(dir, "BUILD_ID"))) return false;
  try {
    return fs.readFileSync(path.join(dir, STAMP), "utf8").trim() === sourceHash(root);
  } catch {
    return false;
  }
}

export function writeBuildStamp(root: string, hash: string = sourceHash(root)): void {
  fs.writeFileSync(path.join(root, ".next", STAMP), hash + "\n");
}

/** Runs `next build` when the production build is missing or older than its sources. */
export function ensureBuild(root: string): void {
  if (buildIsCurrent(root)) return;
  log("building the production app (next build); this takes a minute the first time");
  const hash = sourceHash(root);
  const next = path.join(root, "node_modules/next/dist/bin/next");
  run(root, process.execPath, [next, "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, "next build");
  writeBuildStamp(root, hash);
}
