/**
 * What a launch says about the platform's services (AGS line items, NRPS roster) for its resource
 * link and context, as the columns provision() stores. A missing claim leaves what is stored alone,
 * so a launch without it (another placement of the same link) does not forget the endpoints.
 */
import type { DbOrTx } from "@/lib/audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CLAIM, type ResourceLinkClaims } from "./claims";

export async function serviceEndpoints(
  tx: DbOrTx,
  courseId: string,
  claims: ResourceLinkClaims,
): Promise<{ membershipsUrl: string | null; link: { lineItemUrl?: string; lineItemsUrl?: string; agsScopes?: Prisma.InputJsonValue; assignmentId?: string } }> {
  const ags = claims[CLAIM.agsEndpoint];
  const link: { lineItemUrl?: string; lineItemsUrl?: string; agsScopes?: Prisma.InputJsonValue; assignmentId?: string } = {};
  if (ags) {
    if (ags.lineitem) link.lineItemUrl = ags.lineitem;
    if (ags.lineitems) link.lineItemsUrl = ags.lineitems;
    link.agsScopes = ags.scope;
  }
  // A custom parameter assignment_id (set in the LMS's tool placement) names the assignment, when it
  // is one of this course's; deep linking sets it otherwise.
  const custom = claims[CLAIM.custom]?.assignment_id;
  if (typeof custom === "string" && custom !== "") {
    const a = await tx.assignment.findFirst({ where: { id: custom, courseId }, select: { id: true } });
    if (a) link.assignmentId = a.id;
  }
  return { membershipsUrl: claims[CLAIM.nrpsService]?.context_memberships_url ?? null, link };
}
