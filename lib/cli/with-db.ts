import type { Db } from "@/lib/db/client";

/**
 * Runs `fn` on a database client of its own and disconnects it afterwards, whatever happens. The
 * client is imported when first needed, so a command's --help or a usage error never loads Prisma.
 */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const { createDb } = await import("@/lib/db/client");
  const db = createDb();
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}
