import { deepLinkResponseRoute } from "@/lib/lti/deep-linking-route";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** LTI Deep Linking: the picker's choice, answered with the page that posts the signed response to the LMS. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return observeRoute("POST", "/api/lti/deep-link/[id]", request, () => deepLinkResponseRoute(request, id));
}
