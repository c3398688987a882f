import { jwksRoute } from "@/lib/lti/routes";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** The tool's public keys (JWK Set) for the LMS: the current key and any not yet retired. */
export async function GET(request: Request) {
  return observeRoute("GET", "/api/lti/jwks", request, () => jwksRoute());
}
