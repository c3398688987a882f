/**
 * The LTI 1.3 claims Chainrule reads from a launch's id_token (IMS LTI Core 1.3, section 5), parsed
 * with zod once the token's signature and registered claims are verified, and how LTI roles become
 * course roles.
 */
import { z } from "zod";
import type { CourseRole } from "@/lib/authz";

export const CLAIM = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
  custom: "https://purl.imsglobal.org/spec/lti/claim/custom",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  /** Assignment and Grade Services 2.0: the line items of this context and link, with the scopes granted. */
  agsEndpoint: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  /** Names and Role Provisioning Services 2.0: the context's memberships URL. */
  nrpsService: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
} as const;

/** OAuth 2 scopes of the LTI Advantage services (AGS 2.0 section 3.1, NRPS 2.0 section 3.5). */
export const SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

/** Media types of the service messages. */
export const MEDIA = {
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItemContainer: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  score: "application/vnd.ims.lis.v1.score+json",
  memberships: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

export const RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest";
export const DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest";
export const DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse";
export const LTI_VERSION = "1.3.0";
/** The only content item type the tool offers in a deep linking response. */
export const RESOURCE_LINK_ITEM = "ltiResourceLink";

/** The claims every launch needs (who, in which course, with which roles), after the envelope (type, version, deployment) is checked. */
export const launchClaimsSchema = z.object({
  sub: z.string().min(1, "sub is missing (anonymous launches are not supported)").max(255),
  email: z.email().max(254).optional().catch(undefined),
  name: z.string().trim().max(200).optional().catch(undefined),
  given_name: z.string().trim().max(100).optional().catch(undefined),
  family_name: z.string().trim().max(100).optional().catch(undefined),
  [CLAIM.roles]: z.array(z.string()),
  [CLAIM.context]: z.object({
    id: z.string().min(1).max(255),
    label: z.string().max(200).optional(),
    title: z.string().max(200).optional(),
  }),
  // The platform's services for this context and link (dropped, not refused, when malformed).
  [CLAIM.agsEndpoint]: z
    .object({
      scope: z.array(z.string().max(255)).max(20).default([]),
      lineitems: z.url().max(2000).optional(),
      lineitem: z.url().max(2000).optional(),
    })
    .optional()
    .catch(undefined),
  [CLAIM.nrpsService]: z
    .object({ context_memberships_url: z.url().max(2000), service_versions: z.array(z.string()).optional() })
    .optional()
    .catch(undefined),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

/**
 * A resource link launch. `custom.assignment_id` is what a deep linking response put on the link
 * (lib/lti/deep-linking.ts): the assignment the link opens.
 */
export const resourceLinkClaimsSchema = launchClaimsSchema.extend({
  [CLAIM.resourceLink]: z.object({ id: z.string().min(1).max(255), title: z.string().max(200).optional() }),
  [CLAIM.custom]: z
    .object({ assignment_id: z.string().min(1).max(64).optional().catch(undefined) })
    .optional()
    .catch(undefined),
});
export type ResourceLinkClaims = z.infer<typeof resourceLinkClaimsSchema>;

/** A deep linking request (LTI Deep Linking 2.0 section 4.4): where to answer, and what the platform accepts. */
export const deepLinkingClaimsSchema = launchClaimsSchema.extend({
  [CLAIM.deepLinkingSettings]: z.object(
    {
      deep_link_return_url: z.url({ protocol: /^https?$/, error: "deep_link_return_url must be an http(s) URL" }).max(2048),
      accept_types: z
        .array(z.string())
        .refine((types) => types.includes(RESOURCE_LINK_ITEM), `accept_types must include "${RESOURCE_LINK_ITEM}" (the only type this tool returns)`),
      accept_multiple: z.boolean().optional(),
      data: z.string().max(4096).optional(),
      title: z.string().max(200).optional(),
    },
    { error: "the deep_linking_settings claim is missing" },
  ),
});
export type DeepLinkingClaims = z.infer<typeof deepLinkingClaimsSchema>;

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership";

/**
 * The course role LTI context roles give, or null. Only context (membership) roles count: an
 * institution role such as "institution/person#Instructor" says nothing about this course. The
 * TeachingAssistant sub-role refines Instructor (Canvas sends both), so it wins over it. The short
 * names ("Instructor", "Learner") are the deprecated simple forms the spec still allows.
 */
export function courseRoleOf(roles: readonly string[]): CourseRole | null {
  const has = (...names: string[]) => roles.some((r) => names.includes(r));
  if (has(`${MEMBERSHIP}/Instructor#TeachingAssistant`, `${MEMBERSHIP}#TeachingAssistant`, "TeachingAssistant")) return "TA";
  if (has(`${MEMBERSHIP}#Instructor`, "Instructor")) return "INSTRUCTOR";
  if (has(`${MEMBERSHIP}#Learner`, "Learner")) return "STUDENT";
  return null;
}
