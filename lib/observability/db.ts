/**
 * What the database does, as metrics. lib/db/client.ts passes the server's client through
 * `observeQueries` (its one hook), which counts and times every Prisma operation, raw queries and
 * those inside transactions included.
 *
 * A connection pool: SQLite (better-sqlite3) has none, one connection per client, so there is
 * nothing to gauge. With PostgreSQL (@prisma/adapter-pg over a pg.Pool), call
 * `observePool(pool)` once where lib/db creates the pool: it adds gauges of the pool's connections
 * (total, idle) and of the requests waiting for one, read at each scrape.
 */
import { Gauge } from "prom-client";
import { metrics } from "./metrics";

/** The few members of a Prisma client this needs (structural, so this folder imports no lib/db). */
type Extendable = { $extends: (extension: never) => unknown };

/** The same client, counting (chainrule_db_queries_total) and timing (chainrule_db_query_duration_seconds) each operation. */
export function observeQueries<T extends Extendable>(client: T): T {
  const extension = {
    query: {
      async $allOperations({
        model,
        operation,
        args,
        query,
      }: {
        model?: string;
        operation: string;
        args: unknown;
        query: (args: unknown) => Promise<unknown>;
      }) {
        const m = metrics();
        const start = performance.now();
        let outcome = "error";
        try {
          const result = await query(args);
          outcome = "ok";
          return result;
        } finally {
          m.dbQueries.inc({ model: model ?? "raw", operation, outcome });
          m.dbQueryDuration.observe({ operation }, (performance.now() - start) / 1000);
        }
      },
    },
  };
  // An extended client behaves as the client it extends (same models and methods); its type only
  // differs by the extension, which adds nothing callers use.
  return client.$extends(extension as never) as T;
}

/** What a pg.Pool reports about itself (node-postgres: totalCount, idleCount, waitingCount). */
export type PoolCounts = { totalCount: number; idleCount: number; waitingCount: number };

const globalForPool = globalThis as unknown as { chainrulePool?: PoolCounts; chainrulePoolGauges?: boolean };

/** Gauges of the PostgreSQL pool's connections (`state`: total, idle) and waiting requests, read at each scrape. */
export function observePool(pool: PoolCounts): void {
  globalForPool.chainrulePool = pool;
  if (globalForPool.chainrulePoolGauges) return;
  globalForPool.chainrulePoolGauges = true;
  const registers = [metrics().registry];
  new Gauge({
    name: "chainrule_db_pool_connections",
    help: "Connections of the PostgreSQL pool, by state: total (open) and idle.",
    labelNames: ["state"] as const,
    registers,
    collect() {
      const p = globalForPool.chainrulePool;
      if (!p) return;
      this.set({ state: "total" }, p.totalCount);
      this.set({ state: "idle" }, p.idleCount);
    },
  });
  new Gauge({
    name: "chainrule_db_pool_waiting",
    help: "Queries waiting for a connection of the PostgreSQL pool.",
    registers,
    collect() {
      const p = globalForPool.chainrulePool;
      if (p) this.set(p.waitingCount);
    },
  });
}
