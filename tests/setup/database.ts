import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { enableWal } from "@/lib/db/sqlite";

export type TestDatabase = { db: Db; url: string; file: string; dispose: () => Promise<void> };

/** A fresh, fully migrated database of the test's own (a copy of the migrated template). */
export async function freshDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-db-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  enableWal(file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    url,
    file,
    dispose: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
