/**
 * Per-user limits on the requests that cost the server real work: graded submissions (every answer
 * parsed and graded against the engine) and graph checks (a student's graph evaluated at 20 or
 * more points). Counted in the database over a sliding minute, so a limit holds across restarts and
 * across several instances of the app. A refused request is not counted, uses no attempt and
 * grades nothing; the answer says the limit and when to try again.
 */
import type { Db } from "@/lib/db/client";
import { lockForWrite } from "@/lib/db/write-lock";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/observability/log";
import { metrics } from "@/lib/observability/metrics";

export type LimitedRequest = "submit" | "graph-check";

export const LIMIT_WINDOW_MS = 60_000;

/** The environment variable that sets each limit (requests per minute per user) and its default. */
export const REQUEST_LIMITS: Record<LimitedRequest, { env: string; perMinute: number }> = {
  submit: { env: "RATE_LIMIT_SUBMISSIONS_PER_MINUTE", perMinute: 30 },
  "graph-check": { env: "RATE_LIMIT_GRAPH_CHECKS_PER_MINUTE", perMinute: 60 },
};

/** Highest limit accepted: beyond it the count itself (one row per request) costs more than it saves. */
const MAX_PER_MINUTE = 10_000;

/**
 * A limit from the environment: a whole number of requests per minute per user, 0 for no limit.
 * Anything else is an error naming the variable and the value.
 */
export function limitPerMinute(kind: LimitedRequest, env: Readonly<Record<string, string | undefined>> = process.env): number {
  const { env: name, perMinute } = REQUEST_LIMITS[kind];
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return perMinute;
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_PER_MINUTE) {
    throw new Error(`${name} must be a whole number of requests per minute from 0 (no limit) to ${MAX_PER_MINUTE}, got "${raw}"`);
  }
  return Number(raw);
}

export type LimitDecision = { ok: true } | { ok: false; limit: number; retryAfterSeconds: number };

/**
 * Counts one request of `kind` by `userId` at `now`, or refuses it when the user already made
 * `limit` of them in the last minute. The count and the insert run alone (lib/db/write-lock.ts: an
 * advisory lock on the key on PostgreSQL, the write lock on SQLite), in every process that shares
 * the database: requests that arrive together, at one instance or several, cannot all slip under
 * the limit, and a refused request leaves nothing behind. The window is counted, not ranked by time:
 * a request that started earlier (an older `now`) but gets the lock later still counts the ones
 * already let through.
 */
export async function takeRequest(
  db: Db,
  kind: LimitedRequest,
  userId: string,
  now: Date = new Date(),
  limit: number = limitPerMinute(kind),
): Promise<LimitDecision> {
  if (limit === 0) return { ok: true };
  const key = `${kind}:${userId}`;
  const decision = await db.$transaction(async (tx) => {
    await lockForWrite(db, tx, key);
    return countRequest(tx, key, now, limit);
  });
  if (!decision.ok) {
    const metricKind = kind === "submit" ? "submission" : "graph-check";
    metrics().rateLimitRefusals.inc({ kind: metricKind });
    log().warn(
      { event: "rate-limit.refused", kind: metricKind, userId, limit, retryAfterSeconds: decision.retryAfterSeconds },
      "request refused by a rate limit",
    );
  }
  return decision;
}

async function countRequest(db: Prisma.TransactionClient, key: string, now: Date, limit: number): Promise<LimitDecision> {
  const since = new Date(now.getTime() - LIMIT_WINDOW_MS);
  const inWindow = await db.rateLimitHit.findMany({
    where: { key, createdAt: { gt: since } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { createdAt: true },
  });
  if (inWindow.length < limit) {
    await db.rateLimitHit.create({ data: { key, createdAt: now }, select: { id: true } });
    // Old rows of everyone: the createdAt index makes this a short range delete.
    await db.rateLimitHit.deleteMany({ where: { createdAt: { lt: since } } });
    return { ok: true };
  }
  // Free again once enough of the earlier requests leave the window that fewer than `limit` remain.
  const freedBy = inWindow[inWindow.length - limit]!.createdAt.getTime() + LIMIT_WINDOW_MS;
  const retryAfterSeconds = Math.max(1, Math.ceil((freedBy - now.getTime()) / 1000));
  return { ok: false, limit, retryAfterSeconds };
}
