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

export async function prepareDatabase(root: string, url: string, options: { seed: boolean; demo: boolean }): Promise<void> {
  const sqlite = databaseProvider(url) === "sqlite";
  if (sqlite) fs.mkdirSync(path.dirname(sqliteFile(url)), { recursive: true });
  log(`applying migrations to ${redactDatabaseUrl(url)}`);
  prismaCli(root, ["migrate", "deploy"], { ...process.env, DATABASE_URL: url });
  if (sqlite) enableWal(sqliteFile(url));
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
