/**
 * Make a database current: apply the configured provider's migrations with the Prisma CLI (SQLite:
 * prisma/migrations, then WAL on; PostgreSQL: prisma/postgres/migrations), import the problem bank
 * into an empty one, and seed the demo course if asked (`demo`) or refuse a deployment without demo
 * data whose demo accounts still have their published passwords (see accounts.ts). Idempotent.
 * Imports the generated client, so load it only after ensureClientGenerated ran.
 */
import fs from "node:fs";
import path from "node:path";
import { createDb } from "@/lib/db/client";
import { enableWal } from "@/lib/db/sqlite";
import { databaseProvider, redactDatabaseUrl, sqliteFile } from "@/lib/db/url";
import { log, prismaCli } from "./prisma-cli";
import { demoPasswordProblem } from "./accounts";
import { seedDemo } from "./seed";
import { importBank } from "@/lib/problem-store/bank";

/** The provider's migrations (folder names, which sort in the order they apply). */
function migrationNames(root: string, sqlite: boolean): string[] {
  const dir = path.join(root, sqlite ? "prisma/migrations" : "prisma/postgres/migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
}

/**
 * The migrations this database has not applied yet (all of them for a new database). Read with a plain
 * query, so that a second server starting on a database another one is serving (several instances,
 * or `npm start` beside a running one) does not run Prisma's migration engine, which on SQLite needs
 * the database to itself.
 */
export async function pendingMigrations(root: string, url: string): Promise<string[]> {
  const all = migrationNames(root, databaseProvider(url) === "sqlite");
  const db = createDb(url);
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return all.filter((name) => !applied.has(name));
  } catch {
    return all; // no migrations table yet: a new database
  } finally {
    await db.$disconnect();
  }
}

export async function prepareDatabase(root: string, url: string, options: { seed: boolean; demo: boolean }): Promise<void> {
  const sqlite = databaseProvider(url) === "sqlite";
  if (sqlite) fs.mkdirSync(path.dirname(sqliteFile(url)), { recursive: true });
  const pending = await pendingMigrations(root, url);
  if (pending.length === 0) {
    log(`the database is current: ${redactDatabaseUrl(url)}`);
  } else {
    log(`applying ${pending.length} migration${pending.length === 1 ? "" : "s"} to ${redactDatabaseUrl(url)}`);
    prismaCli(root, ["migrate", "deploy"], { ...process.env, DATABASE_URL: url });
    if (sqlite) enableWal(sqliteFile(url));
  }
  if (!options.seed) return;
  const db = createDb(url);
  try {
    if ((await db.problem.count()) === 0) {
      const imported = await importBank(db, path.join(root, "problems"));
      log(`imported the problem bank: ${imported.length} problems`);
    }
    if (options.demo) {
      if (await seedDemo(db)) log("seeded the demo course (accounts are listed in README.md)");
    } else {
      const problem = await demoPasswordProblem(db);
      if (problem !== null) throw new Error(problem);
      if ((await db.user.count({ where: { isSiteAdmin: true } })) === 0) {
        log("no administrator yet: create one with `npm run -s cli -- admin create --email EMAIL` (the password is asked for)");
      }
    }
  } finally {
    await db.$disconnect();
  }
}
