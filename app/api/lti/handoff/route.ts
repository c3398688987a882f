import { handoffRoute } from "@/lib/lti/handoff";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** A launch inside the LMS's frame continued in a new window: a one-time token traded for the session (lib/lti/handoff.ts). */
export async function GET(request: Request) {
  return observeRoute("GET", "/api/lti/handoff", request, () => handoffRoute(request));
}
