/**
 * Runs once per `vitest run`: migrates a template database with the Prisma CLI, exactly as
 * `npm start` migrates production. Integration tests copy it, so each gets a fresh database: a file
 * copy for SQLite (the default), `CREATE DATABASE … TEMPLATE` for PostgreSQL (CHAINRULE_TEST_DB=postgres,
 * on the server tests/setup/postgres.ts names).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureClientGenerated, prismaCli } from "@/lib/ops/prisma-cli";
import { databaseUrl, dropDatabase, dropDatabasesStartingWith, testDatabaseKind, uniqueDatabaseName } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template's URL: `file:…` or `postgresql://…`. */
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const root = process.cwd();
  ensureClientGenerated(root);
  if (testDatabaseKind() === "postgres") {
    const name = uniqueDatabaseName("chainrule_tpl");
    const url = databaseUrl(name);
    // `migrate deploy` creates the database, then migrates it.
    prismaCli(root, ["migrate", "deploy"], { ...process.env, DATABASE_URL: url }, true);
    project.provide("templateDatabase", url);
    return async () => {
      await dropDatabasesStartingWith(`${name}_`);
      await dropDatabase(name);
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-vitest-"));
  const file = path.join(dir, "template.db");
  prismaCli(root, ["migrate", "deploy"], { ...process.env, DATABASE_URL: `file:${file}` }, true);
  project.provide("templateDatabase", `file:${file}`);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
