/**
 * Runs once per `vitest run`: migrates a template SQLite database with the Prisma CLI, exactly as
 * `npm start` migrates production. Integration tests copy it, so each gets a fresh database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureClientGenerated, prismaCli } from "@/lib/ops/prisma-cli";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default function setup(project: TestProject) {
  const root = process.cwd();
  ensureClientGenerated(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-vitest-"));
  const file = path.join(dir, "template.db");
  prismaCli(root, ["migrate", "deploy"], { ...process.env, DATABASE_URL: `file:${file}` }, true);
  project.provide("templateDatabase", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
