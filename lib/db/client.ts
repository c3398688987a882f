import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { observeQueries } from "@/lib/observability/db";
import { resolveDatabaseUrl } from "./url";

export type Db = InstanceType<typeof PrismaClient>;

/** How long a writer waits for SQLite's lock before giving up (better-sqlite3's busy timeout). */
const BUSY_TIMEOUT_MS = 5_000;

export function createDb(url: string = resolveDatabaseUrl()): Db {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url, timeout: BUSY_TIMEOUT_MS }) });
}

// One client per server process; Next's dev server re-evaluates modules, so it is kept on globalThis.
const globalForDb = globalThis as unknown as { chainruleDb?: Db };

/**
 * The app's database client (created on first use, so importing this module opens nothing), with
 * every operation counted and timed for /api/metrics (lib/observability/db.ts, which also says how
 * to add a PostgreSQL pool's gauges).
 */
export function getDb(): Db {
  return (globalForDb.chainruleDb ??= observeQueries(createDb()));
}
