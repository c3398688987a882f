import { loginRoute } from "@/lib/lti/routes";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** OIDC third-party login initiation from an LMS (LTI 1.3): redirects to the platform's authorization endpoint. */
export async function GET(request: Request) {
  return observeRoute("GET", "/api/lti/login", request, () => loginRoute(request));
}

export async function POST(request: Request) {
  return observeRoute("POST", "/api/lti/login", request, () => loginRoute(request));
}
