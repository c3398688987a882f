/**
 * `npm run -s db:migration -- NAME`: after a change to prisma/schema.prisma, writes the PostgreSQL
 * schema from it, then one migration for each database from the same change, under the same folder
 * name: prisma/migrations/<time>_NAME (SQLite) and prisma/postgres/migrations/<time>_NAME (PostgreSQL).
 * Each is `prisma migrate diff` from that folder's migrations to its schema, so it holds exactly what
 * the folder was missing. PostgreSQL's diff replays the migrations in a throwaway database on the
 * server CHAINRULE_PG_URL names (default postgresql://postgres@127.0.0.1:5432/test); SQLite needs none.
 * A folder whose migrations already give its schema gets nothing: after merging a branch that added
 * only a SQLite migration, the same command writes just its PostgreSQL twin.
 * `npm run -s db:schemas` only writes the PostgreSQL schema.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PRISMA_LAYOUT, type DatabaseProvider } from "@/lib/db/url";
import { writePostgresSchema } from "./postgres-schema";
import { ensureClientGenerated, log } from "./prisma-cli";

const EMPTY = /^\s*(-- This is an empty migration\.)?\s*$/;

function migrationSql(root: string, provider: DatabaseProvider, databaseUrl: string): string {
  const layout = PRISMA_LAYOUT[provider];
  const r = spawnSync(
    process.execPath,
    [path.join(root, "prisma/engine/prisma.mjs"), "migrate", "diff", "--from-migrations", layout.migrations, "--to-schema", layout.schema, "--script"],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`prisma migrate diff (${provider}) failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function stamp(now: Date): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14);
}

function main(): void {
  const root = process.cwd();
  const args = process.argv.slice(2);
  if (args[0] === "--schemas-only") {
    log(writePostgresSchema(root) ? "wrote prisma/postgres/schema.prisma" : "prisma/postgres/schema.prisma is current");
    return;
  }
  const name = args[0];
  if (args.length !== 1 || !name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error("usage: npm run -s db:migration -- NAME (lower-case letters, digits and _, saying why, e.g. submission_indexes)");
  }
  writePostgresSchema(root);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-migration-"));
  try {
    const pgServer = process.env.CHAINRULE_PG_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/test";
    const sql: Record<DatabaseProvider, string> = {
      sqlite: migrationSql(root, "sqlite", `file:${path.join(scratch, "unused.db")}`),
      postgresql: migrationSql(root, "postgresql", pgServer),
    };
    if (EMPTY.test(sql.sqlite) && EMPTY.test(sql.postgresql)) {
      log("no change: both migration folders already give prisma/schema.prisma");
      return;
    }
    const folder = `${stamp(new Date())}_${name}`;
    for (const provider of ["sqlite", "postgresql"] as const) {
      // Only one side changes when it alone lacked a migration (a twin written after a merge).
      if (EMPTY.test(sql[provider])) continue;
      const dir = path.join(root, PRISMA_LAYOUT[provider].migrations, folder);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "migration.sql"), sql[provider]);
      log(`wrote ${path.relative(root, dir)}/migration.sql`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  ensureClientGenerated(root);
}

try {
  main();
} catch (e) {
  log(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
