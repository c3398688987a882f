import type { Prisma } from "@/lib/generated/prisma/client";
import { isPostgres, type Db } from "./client";

/**
 * The first statement of an interactive transaction that reads and then writes on what it read
 * (count the attempts, then insert the next one): from here to the end of the transaction it runs
 * alone, in every process that shares the database, so what it read is still true when it writes.
 *
 * PostgreSQL: a transaction-scoped advisory lock on `key` (only transactions on the same key wait).
 * SQLite: the database's write lock, taken by a write that changes nothing. Prisma opens SQLite
 * transactions with a deferred BEGIN; one that reads first and writes later fails at once with
 * SQLITE_BUSY when another process committed in between (its snapshot cannot become a writer, and
 * the busy timeout does not apply), whereas a transaction whose first statement writes waits for
 * the lock under the busy timeout like any single write. Within one process the adapter already
 * runs transactions one at a time.
 */
export async function lockForWrite(db: Db, tx: Prisma.TransactionClient, key: string): Promise<void> {
  if (isPostgres(db)) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
  else await tx.$executeRaw`UPDATE RateLimitHit SET key = key WHERE 0`;
}
