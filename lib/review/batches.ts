/**
 * Queries over a list of ids, a slice at a time. SQLite binds at most 32,766 parameters per
 * statement (better-sqlite3's build: SQLITE_MAX_VARIABLE_NUMBER), and Prisma refuses a statement that
 * would bind more, so a list whose length grows with the class (every counted attempt, every
 * submission) is never sent whole: where a relation filter or a join cannot say it, it goes in slices.
 */
export const ID_BATCH = 1000;

/** The rows of `query` for every slice of at most `size` ids, in slice order. */
export async function inBatches<T>(ids: readonly string[], query: (slice: string[]) => Promise<T[]>, size = ID_BATCH): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) out.push(...(await query(ids.slice(i, i + size))));
  return out;
}
