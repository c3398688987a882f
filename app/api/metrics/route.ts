import { metricsScrape } from "@/lib/dal/metrics";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** The server's metrics in Prometheus's text format, for site admins or a scraper with METRICS_TOKEN (README "Operating"). */
export async function GET(request: Request) {
  return observeRoute("GET", "/api/metrics", request, async () => {
    const out = await metricsScrape(request.headers.get("authorization"));
    if (!out.ok) return out.response;
    return new Response(out.value.text, { headers: { "content-type": out.value.contentType, "cache-control": "no-store" } });
  });
}
