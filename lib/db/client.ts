import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import { observePool, observeQueries } from "@/lib/observability/db";
import { log } from "@/lib/observability/log";
import pg from "pg";
import { databaseProvider, poolSize, resolveDatabaseUrl } from "./url";

/**
 * The app's one database type. Both generated clients come from the same models (prisma/postgres/
 * schema.prisma is written from prisma/schema.prisma), so they have the same model API; the SQLite
 * client's type names it for both.
 */
export type Db = InstanceType<typeof PrismaClient>;

/** How long a writer waits for SQLite's lock before giving up (better-sqlite3's busy timeout). */
const BUSY_TIMEOUT_MS = 5_000;

// On globalThis, like the client itself: Next loads this module once per bundle, and a client made by
// one bundle's copy (getDb's) is used by the others, which must know it too.
const postgresClients: WeakSet<Db> = ((globalThis as unknown as { chainrulePostgresClients?: WeakSet<Db> }).chainrulePostgresClients ??= new WeakSet<Db>());

/**
 * Whether a client talks to PostgreSQL. For the few places where the two databases need different
 * means to the same end (SQLite runs one writer at a time; PostgreSQL's connections run side by side).
 */
export function isPostgres(db: Db): boolean {
  return postgresClients.has(db);
}

/** `derived` (an extended or wrapped `base`) talks to the same database: isPostgres says the same of both. */
export function sameDatabaseAs<T extends Db>(base: Db, derived: T): T {
  if (isPostgres(base)) postgresClients.add(derived);
  return derived;
}

/**
 * A `contains` filter that ignores case on both databases: SQLite's LIKE already does (for ASCII);
 * PostgreSQL's needs Prisma's `mode: "insensitive"`, which the SQLite client's types do not have.
 */
export function containsIgnoringCase(db: Db, text: string): { contains: string } {
  return isPostgres(db) ? ({ contains: text, mode: "insensitive" } as { contains: string }) : { contains: text };
}

export function createDb(url: string = resolveDatabaseUrl(), options: { onPool?: (pool: pg.Pool) => void } = {}): Db {
  if (databaseProvider(url) === "postgresql") {
    const pool = new pg.Pool({ connectionString: url, max: poolSize() });
    // An idle connection the server closes (a restart, a dropped database) is reported here, not thrown:
    // the pool replaces it on next use.
    pool.on("error", (error) =>
      log().warn({ event: "db.pool-error", code: (error as { code?: string }).code, message: error.message }, "an idle database connection failed"),
    );
    options.onPool?.(pool);
    const client = new PostgresPrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
    postgresClients.add(client);
    return client;
  }
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
  if (globalForDb.chainruleDb) return globalForDb.chainruleDb;
  const base = createDb(undefined, { onPool: observePool });
  // The extended client is a new object: it talks to the same database.
  const db = sameDatabaseAs(base, observeQueries(base));
  return (globalForDb.chainruleDb = db);
}
