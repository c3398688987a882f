import { launchRoute } from "@/lib/lti/routes";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** The LTI 1.3 launch: the platform's id_token form post (the redirect URI registered in the LMS). */
export async function POST(request: Request) {
  return observeRoute("POST", "/api/lti/launch", request, () => launchRoute(request));
}
