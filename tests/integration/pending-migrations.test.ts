/**
 * `npm start` on a database that is already current runs no migration: a second server starting on a
 * database another one is serving (another instance, or a restarted worker host) must not need the
 * database to itself, as Prisma's migration engine does on SQLite. It tells what is pending from the
 * migrations table, and a database missing a migration (or a new one) still gets it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres } from "@/lib/db/client";
import { pendingMigrations, prepareDatabase } from "@/lib/ops/prepare";
import { projectRoot } from "@/lib/db/url";
import { freshDatabase, type TestDatabase } from "../setup/database";

const root = projectRoot();
let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.dispose());

describe("pending migrations", () => {
  it("are none on a migrated database, and every one once the table forgets the last", async () => {
    expect(await pendingMigrations(root, t.url)).toEqual([]);
    const rows = await t.db.$queryRawUnsafe<{ migration_name: string }[]>("SELECT migration_name FROM _prisma_migrations ORDER BY migration_name");
    const last = rows.at(-1)!.migration_name;
    await t.db.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE migration_name = '${last}'`);
    expect(await pendingMigrations(root, t.url)).toEqual([last]);
    await t.db.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = '${last}'`);
  });

  it("lets a start on a current database succeed while another connection is in the middle of a transaction", { timeout: 120_000 }, async () => {
    // The first start imports the bank and seeds the demo; the second finds everything in place.
    await prepareDatabase(root, t.url, { seed: true, demo: true });
    // What another server does all the time: an open write transaction. Prisma's migration engine
    // could not take a SQLite database in this state; a current database needs no migration at all.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const busy = t.db.$transaction(
      async (tx) => {
        await tx.course.updateMany({ where: { code: "no such course" }, data: { title: "x" } });
        await held;
      },
      { timeout: 60_000 },
    );
    try {
      await expect(prepareDatabase(root, t.url, { seed: true, demo: true })).resolves.toBeUndefined();
    } finally {
      release();
      await busy;
    }
    expect(isPostgres(t.db) || (await pendingMigrations(root, t.url)).length === 0).toBe(true);
  });
});
