import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { enableWal } from "@/lib/db/sqlite";
import { databaseProvider, sqliteFile } from "@/lib/db/url";
import { createDatabase, dropDatabase } from "./postgres";

export type TestDatabase = { db: Db; url: string; dispose: () => Promise<void> };

let copies = 0;

/**
 * A fresh, fully migrated database of the test's own, copied from the run's migrated template: a
 * file copy for SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL (named after the template, so the
 * run's teardown finds any a test did not dispose of).
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const template = inject("templateDatabase");
  if (databaseProvider(template) === "postgresql") {
    const templateName = decodeURIComponent(new URL(template).pathname.slice(1));
    const name = `${templateName}_${process.pid}_${++copies}`;
    const url = await createDatabase(name, templateName);
    const db = createDb(url);
    return {
      db,
      url,
      dispose: async () => {
        await db.$disconnect();
        await dropDatabase(name);
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-db-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(sqliteFile(template), file);
  enableWal(file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    url,
    dispose: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
