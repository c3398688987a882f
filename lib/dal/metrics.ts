import "server-only";

/**
 * Who may read GET /api/metrics: a scraper presenting `Authorization: Bearer $METRICS_TOKEN` (when
 * the operator set one), or a site admin's session (lib/authz.ts). The metrics say how busy the
 * server is and how its users fare (submissions, refusals), so no one else reads them.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { canReadMetrics } from "@/lib/authz";
import { jsonError } from "@/lib/http";
import { scrape } from "@/lib/observability/metrics";
import { getCurrentUser } from "@/lib/session";
import type { Guarded } from "./api";

/** Equal tokens, compared in constant time (both hashed first, so their lengths leak nothing either). */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The metrics in Prometheus's text format, or the refusal: 401 for a wrong bearer token or no
 * session, 403 for a session that is not a site admin's. With METRICS_TOKEN unset, a bearer token
 * is ignored and only the session counts.
 */
export async function metricsScrape(
  authorization: string | null,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Guarded<{ text: string; contentType: string }>> {
  const token = env.METRICS_TOKEN?.trim();
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim();
  if (token && bearer !== undefined) {
    if (!sameToken(bearer, token)) return { ok: false, response: jsonError(401, "unauthenticated", "Wrong metrics token.") };
    return { ok: true, value: await scrape() };
  }
  const user = await getCurrentUser();
  if (!user) return { ok: false, response: jsonError(401, "unauthenticated", "Sign in first, or send the metrics token.") };
  if (!canReadMetrics(user)) return { ok: false, response: jsonError(403, "forbidden", "You do not have access to this resource.") };
  return { ok: true, value: await scrape() };
}
