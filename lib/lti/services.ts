/**
 * What a launch says about the platform's services (AGS line items, NRPS roster) for its resource
 * link and context, as the columns provision() stores. A missing claim leaves what is stored alone,
 * so a launch without it (another placement of the same link) does not forget the endpoints.
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import { CLAIM, type LaunchClaims } from "./claims";

type ServiceColumns = { lineItemUrl?: string; lineItemsUrl?: string; agsScopes?: Prisma.InputJsonValue };

export function serviceEndpoints(claims: LaunchClaims): { membershipsUrl: string | null; link: ServiceColumns } {
  const ags = claims[CLAIM.agsEndpoint];
  const link: ServiceColumns = {};
  if (ags) {
    if (ags.lineitem) link.lineItemUrl = ags.lineitem;
    if (ags.lineitems) link.lineItemsUrl = ags.lineitems;
    link.agsScopes = ags.scope;
  }
  return { membershipsUrl: claims[CLAIM.nrpsService]?.context_memberships_url ?? null, link };
}
