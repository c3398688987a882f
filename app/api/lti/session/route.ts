import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/**
 * Whether the session cookie came with this request: the framed launch page asks (lib/lti/handoff.ts).
 * The proxy answers 401 without a session; with one, it reaches this.
 */
export async function GET(request: Request) {
  return observeRoute("GET", "/api/lti/session", request, async () => new Response(null, { status: 204, headers: { "cache-control": "no-store" } }));
}
