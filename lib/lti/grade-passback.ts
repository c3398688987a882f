/**
 * Grade passback (LTI Assignment and Grade Services 2.0) through a durable outbox: what
 * lib/assignments/lms-scores.ts queued (in the transaction that changed a score) is sent here.
 *
 * drainScores sends what is due: rows are claimed with an update-where (status PENDING and due, or a
 * claim that lapsed), so several app instances never send one row twice; a failure puts the row back
 * with exponential backoff and the error; nothing is dropped while the LMS is down.
 */
import type { Db } from "@/lib/db/client";
import { MEDIA, SCOPE } from "./claims";
import { LtiServiceError, serviceToken } from "./service-token";

/** A claimed row not settled in this long (an instance died while sending) is claimable again. */
const CLAIM_MS = 2 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 6 * 60 * 60_000;

/** The wait before attempt n+1 after n failed ones: 30 s, 1 min, 2 min, … at most 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export type DrainResult = { delivered: number; failed: number; errors: string[] };

/**
 * Sends the due rows (of one course, or all), each claimed first so no other drain sends it.
 * Returns what happened; never throws for a platform's failure (it is stored on the row).
 */
export async function drainScores(db: Db, options: { courseId?: string; now?: Date; limit?: number } = {}): Promise<DrainResult> {
  const now = options.now ?? new Date();
  const due = {
    OR: [
      { status: "PENDING", nextAttemptAt: { lte: now } },
      { status: "SENDING", claimedUntil: { lt: now } },
    ],
    ...(options.courseId ? { resourceLink: { context: { courseId: options.courseId } } } : {}),
  };
  const candidates = await db.ltiScoreOutbox.findMany({ where: due, orderBy: { scoredAt: "asc" }, take: options.limit ?? 200, select: { id: true } });
  const result: DrainResult = { delivered: 0, failed: 0, errors: [] };
  for (const { id } of candidates) {
    const claimed = await db.ltiScoreOutbox.updateMany({
      where: { id, ...due },
      data: { status: "SENDING", claimedUntil: new Date(now.getTime() + CLAIM_MS) },
    });
    if (claimed.count !== 1) continue;
    const row = await db.ltiScoreOutbox.findUniqueOrThrow({
      where: { id },
      include: { resourceLink: { include: { context: { include: { platform: true } } } } },
    });
    try {
      const lineItem = await lineItemOf(db, row.resourceLink, now);
      const token = await serviceToken(db, row.resourceLink.context.platform, [SCOPE.score, SCOPE.lineItem], now);
      const response = await fetch(scoresUrl(lineItem), {
        method: "POST",
        headers: { "content-type": MEDIA.score, authorization: `Bearer ${token}` },
        body: JSON.stringify({
          userId: row.subject,
          scoreGiven: row.scoreGiven,
          scoreMaximum: row.scoreMaximum,
          activityProgress: row.activityProgress,
          gradingProgress: row.gradingProgress,
          timestamp: row.scoredAt.toISOString(),
        }),
        signal: AbortSignal.timeout(10_000),
      }).catch((e: unknown) => {
        throw new LtiServiceError(null, `scores endpoint of ${lineItem} unreachable: ${(e as Error).message}`);
      });
      if (!response.ok) {
        const text = (await response.text()).slice(0, 300);
        throw new LtiServiceError(response.status, `scores endpoint of ${lineItem} answered ${response.status}: ${text}`);
      }
      await db.ltiScoreOutbox.update({
        where: { id },
        data: { status: "DELIVERED", deliveredAt: now, claimedUntil: null, attempts: row.attempts + 1, lastError: null },
      });
      result.delivered += 1;
    } catch (e) {
      const detail = e instanceof LtiServiceError ? e.detail : `unexpected: ${(e as Error).message}`;
      const attempts = row.attempts + 1;
      await db.ltiScoreOutbox.update({
        where: { id },
        data: {
          status: "PENDING",
          claimedUntil: null,
          attempts,
          lastError: detail.slice(0, 1000),
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
        },
      });
      result.failed += 1;
      result.errors.push(detail);
    }
  }
  return result;
}

/** `{lineitem}/scores`, keeping the line item URL's query (AGS 2.0 section 3.4). */
function scoresUrl(lineItem: string): string {
  const url = new URL(lineItem);
  url.pathname = `${url.pathname.replace(/\/$/, "")}/scores`;
  return url.href;
}

type LinkWithPlatform = {
  id: string;
  resourceLinkId: string;
  title: string;
  assignmentId: string | null;
  lineItemUrl: string | null;
  lineItemsUrl: string | null;
  context: { platform: { id: string; clientId: string; tokenUrl: string } };
};

/** The link's line item, created in the platform's line items container when the launch gave none. */
async function lineItemOf(db: Db, link: LinkWithPlatform, now: Date): Promise<string> {
  if (link.lineItemUrl) return link.lineItemUrl;
  if (!link.lineItemsUrl || !link.assignmentId) throw new LtiServiceError(null, `resource link ${link.resourceLinkId} has no line item and no way to make one`);
  const assignment = await db.assignment.findUniqueOrThrow({
    where: { id: link.assignmentId },
    select: { title: true, problems: { select: { points: true } } },
  });
  const token = await serviceToken(db, link.context.platform, [SCOPE.score, SCOPE.lineItem], now);
  const response = await fetch(link.lineItemsUrl, {
    method: "POST",
    headers: { "content-type": MEDIA.lineItem, accept: MEDIA.lineItem, authorization: `Bearer ${token}` },
    body: JSON.stringify({
      scoreMaximum: assignment.problems.reduce((s, p) => s + p.points, 0),
      label: assignment.title,
      resourceLinkId: link.resourceLinkId,
      resourceId: link.assignmentId,
    }),
    signal: AbortSignal.timeout(10_000),
  }).catch((e: unknown) => {
    throw new LtiServiceError(null, `line items endpoint ${link.lineItemsUrl} unreachable: ${(e as Error).message}`);
  });
  const text = await response.text();
  if (!response.ok) throw new LtiServiceError(response.status, `line items endpoint ${link.lineItemsUrl} answered ${response.status}: ${text.slice(0, 300)}`);
  let id: unknown;
  try {
    id = (JSON.parse(text) as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  if (typeof id !== "string" || !/^https?:\/\//.test(id))
    throw new LtiServiceError(response.status, `line items endpoint ${link.lineItemsUrl} returned no line item id`);
  // Another drain may have made one meanwhile: keep the first stored.
  await db.ltiResourceLink.updateMany({ where: { id: link.id, lineItemUrl: null }, data: { lineItemUrl: id } });
  const stored = await db.ltiResourceLink.findUniqueOrThrow({ where: { id: link.id }, select: { lineItemUrl: true } });
  return stored.lineItemUrl!;
}

/** Set by startPeriodicDrain: only a server process sends in the background (tests drain explicitly). */
let backgroundDrains = false;

/** Starts a drain after the response, without waiting for it; a failure stays on the rows. */
export function drainSoon(db: Db): void {
  if (!backgroundDrains) return;
  void drainScores(db).catch((e: unknown) => console.error("lti grade passback drain failed:", e));
}

/** How often the server process drains due rows (retries after backoff, rows left by a crashed instance). */
export const PERIODIC_DRAIN_MS = 30_000;

/** Drains due rows every PERIODIC_DRAIN_MS for the life of the server process (instrumentation.ts). */
export function startPeriodicDrain(db: Db): () => void {
  backgroundDrains = true;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    drainScores(db)
      .catch((e: unknown) => console.error("lti grade passback drain failed:", e))
      .finally(() => (running = false));
  }, PERIODIC_DRAIN_MS);
  timer.unref();
  return () => {
    backgroundDrains = false;
    clearInterval(timer);
  };
}
