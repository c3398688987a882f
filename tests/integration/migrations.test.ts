import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { PRISMA_LAYOUT } from "@/lib/db/url";
import { postgresSchemaFrom } from "@/lib/ops/postgres-schema";
import { serverUrl, testDatabaseKind } from "@/tests/setup/postgres";

const root = process.cwd();

function prisma(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(root, "prisma/engine/prisma.mjs"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** The models and fields a generated client was made from (its runtime data model). */
function clientDataModel(folder: string): unknown {
  const text = fs.readFileSync(path.join(root, "lib/generated", folder, "internal/class.ts"), "utf8");
  const m = /config\.runtimeDataModel = JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(text);
  if (!m) throw new Error(`no runtime data model in lib/generated/${folder}`);
  return JSON.parse(JSON.parse(m[1]!) as string);
}

describe("migrations and schema.prisma", () => {
  it("agree: replaying prisma/migrations gives exactly the schema", () => {
    // The datasource's folder need not exist (a fresh clone has no data/ yet).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-diff-"));
    const r = prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"], {
      DATABASE_URL: `file:${path.join(dir, "not", "yet", "there.db")}`,
    });
    fs.rmSync(dir, { recursive: true, force: true });
    // With a dummy engine, diff prints nothing and exits 0, so the sentence itself is required.
    expect(r.out).toContain("No difference detected");
    expect(r.status).toBe(0);
  });

  it("a schema change without a migration is caught as drift", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-drift-"));
    try {
      const drifted = fs
        .readFileSync(path.join(root, "prisma/schema.prisma"), "utf8")
        .replace("isSiteAdmin  Boolean  @default(false)", "isSiteAdmin  Boolean  @default(false)\n  nickname String?");
      const file = path.join(dir, "schema.prisma");
      fs.writeFileSync(file, drifted);
      const r = prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", file, "--exit-code"]);
      expect(r.status).toBe(2);
      expect(r.out).toContain("Added column `nickname`");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves a migrated database up to date by `migrate status`", () => {
    const r = prisma(["migrate", "status"], { DATABASE_URL: inject("templateDatabase") });
    expect(r.out).toContain("Database schema is up to date");
    expect(r.status).toBe(0);
  });

  it("keeps every migration in Prisma's plain folder format", () => {
    const dir = path.join(root, "prisma/migrations");
    expect(fs.readFileSync(path.join(dir, "migration_lock.toml"), "utf8")).toContain('provider = "sqlite"');
    const folders = fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory());
    expect(folders.length).toBeGreaterThan(0);
    for (const f of folders) {
      expect(f).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(fs.existsSync(path.join(dir, f, "migration.sql"))).toBe(true);
    }
  });
});

describe("the PostgreSQL schema and migrations", () => {
  it("has exactly the SQLite schema's models: prisma/postgres/schema.prisma is written from prisma/schema.prisma", () => {
    const sqlite = fs.readFileSync(path.join(root, PRISMA_LAYOUT.sqlite.schema), "utf8");
    const written = fs.readFileSync(path.join(root, PRISMA_LAYOUT.postgresql.schema), "utf8");
    // If this fails: `npm run -s db:schemas` (or `npm run -s db:migration -- NAME` after a model change).
    expect(written).toBe(postgresSchemaFrom(sqlite));
  });

  it("gives two clients with the same models and fields", () => {
    const sqlite = clientDataModel("prisma") as { models: Record<string, unknown> };
    expect(Object.keys(sqlite.models).length).toBeGreaterThan(10);
    expect(clientDataModel("prisma-pg")).toEqual(sqlite);
  });

  it("keeps its migrations in Prisma's plain folder format", () => {
    const dir = path.join(root, PRISMA_LAYOUT.postgresql.migrations);
    expect(fs.readFileSync(path.join(dir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
    const folders = fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory());
    expect(folders.length).toBeGreaterThan(0);
    for (const f of folders) {
      expect(f).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(fs.existsSync(path.join(dir, f, "migration.sql"))).toBe(true);
    }
  });

  // Replaying PostgreSQL migrations needs a server (a throwaway shadow database on it): this test is part
  // of the PostgreSQL run (CHAINRULE_TEST_DB=postgres, which .ci/run makes), not of the SQLite one.
  if (testDatabaseKind() === "postgres")
    it("agree with it: replaying prisma/postgres/migrations gives exactly the schema", () => {
      const r = prisma(
        ["migrate", "diff", "--from-migrations", PRISMA_LAYOUT.postgresql.migrations, "--to-schema", PRISMA_LAYOUT.postgresql.schema, "--exit-code"],
        // The engine connects to DATABASE_URL on start; the migrations are replayed on a throwaway shadow.
        { DATABASE_URL: serverUrl() },
      );
      expect(r.out).toContain("No difference detected");
      expect(r.status).toBe(0);
    });
});
