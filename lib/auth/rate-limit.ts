import type { Db } from "@/lib/db/client";
import { lockForWrite } from "@/lib/db/write-lock";

import { LIMITS, WINDOW_MS } from "./sign-in-limits";

export { LIMITS, WINDOW_MS };
/** Rows older than this are pruned as new failures arrive. */
const RETENTION_MS = 24 * 60 * 60_000;

export type LimitKey = { key: string; limit: number };

export function rateLimitKeys(email: string, ip: string | null): LimitKey[] {
  const keys: LimitKey[] = [{ key: `email:${email.trim().toLowerCase()}`, limit: LIMITS.email }];
  if (ip) keys.push({ key: `ip:${ip}`, limit: LIMITS.ip });
  return keys;
}

/**
 * Takes one sign-in attempt against the limits before the password is checked: under the keys' locks
 * (lib/db/write-lock.ts, in every process sharing the database), refuses when a key has used up its
 * failures, else records the attempt as a failure at once. Attempts that arrive together, at one
 * instance or several, therefore count against each other instead of all passing the check before any
 * failure is recorded. `succeeded` removes the attempt again (a right password is not a failure).
 */
export async function takeSignInAttempt(
  db: Db,
  keys: LimitKey[],
  now: Date = new Date(),
): Promise<{ ok: false } | { ok: true; succeeded: () => Promise<void> }> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const taken = await db.$transaction(async (tx) => {
    // Sorted, so that two attempts naming the same keys take their locks in the same order.
    for (const { key } of [...keys].sort((a, b) => a.key.localeCompare(b.key))) await lockForWrite(db, tx, `sign-in:${key}`);
    for (const { key, limit } of keys) {
      if ((await tx.signInFailure.count({ where: { key, createdAt: { gt: since } } })) >= limit) return null;
    }
    const ids: string[] = [];
    for (const { key } of keys) ids.push((await tx.signInFailure.create({ data: { key, createdAt: now }, select: { id: true } })).id);
    await tx.signInFailure.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - RETENTION_MS) } } });
    return ids;
  });
  if (taken === null) return { ok: false };
  return {
    ok: true,
    succeeded: async () => {
      await db.signInFailure.deleteMany({ where: { id: { in: taken } } });
    },
  };
}
