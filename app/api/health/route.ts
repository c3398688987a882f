import { pingDatabase } from "@/lib/dal/api";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/**
 * Liveness with a real database round trip: 200 {"status":"ok","db":"ok"}, or 503 naming what failed.
 * Kept cheap: one `SELECT 1`, and a histogram observation; no metric is computed here (that
 * happens only when /api/metrics is scraped).
 */
export async function GET(request?: Request) {
  return observeRoute("GET", "/api/health", request, async () => {
    try {
      await pingDatabase();
      return Response.json({ status: "ok", db: "ok" });
    } catch {
      return Response.json({ status: "error", db: "unreachable" }, { status: 503 });
    }
  });
}
