import type { Db } from "@/lib/db/client";

/**
 * Failed sign-ins allowed within WINDOW_MS: per email address (guessing one account's password),
 * and per client address (spraying many accounts). The address limit is higher because a whole
 * class can sit behind one NAT address.
 */
export const LIMITS = { email: 10, ip: 30 } as const;
export const WINDOW_MS = 60_000;
/** Rows older than this are pruned as new failures arrive. */
const RETENTION_MS = 24 * 60 * 60_000;

export type LimitKey = { key: string; limit: number };

export function rateLimitKeys(email: string, ip: string | null): LimitKey[] {
  const keys: LimitKey[] = [{ key: `email:${email.trim().toLowerCase()}`, limit: LIMITS.email }];
  if (ip) keys.push({ key: `ip:${ip}`, limit: LIMITS.ip });
  return keys;
}

/** True when any key has used up its failures in the current window. Kept in the database, so it holds across restarts. */
export async function isRateLimited(db: Db, keys: LimitKey[], now: Date = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const counts = await Promise.all(keys.map(({ key }) => db.signInFailure.count({ where: { key, createdAt: { gt: since } } })));
  return counts.some((n, i) => n >= keys[i]!.limit);
}

export async function recordFailure(db: Db, keys: LimitKey[], now: Date = new Date()): Promise<void> {
  await db.$transaction([
    db.signInFailure.createMany({ data: keys.map(({ key }) => ({ key, createdAt: now })) }),
    db.signInFailure.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - RETENTION_MS) } } }),
  ]);
}
