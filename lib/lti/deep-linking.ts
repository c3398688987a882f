/**
 * LTI Deep Linking 2.0: from the LMS's "add external tool" dialog, staff pick assignments of the
 * course and the tool answers with a signed LtiDeepLinkingResponse holding one ltiResourceLink content
 * item (with a line item, the grade column) per assignment.
 *   launch (lib/lti/launch.ts) → createDeepLinkRequest: the request is kept server-side, single use,
 *   for an hour → the picker page (app/(staff)/teach/lti/deep-link/[id]) → respondToDeepLink: the JWT,
 *   signed with the tool's current key (lib/lti/keys.ts) → returnPage: an auto-submitting form that
 *   posts it to the platform's deep_link_return_url.
 * Only the person who launched the request may answer it, and only while they teach the course.
 */
import crypto from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { authorize, type Actor } from "@/lib/authz";
import type { Db } from "@/lib/db/client";
import { negotiateLocale } from "@/lib/i18n/config";
import en from "@/lib/i18n/messages/lti.en.json";
import zhCN from "@/lib/i18n/messages/lti.zh-CN.json";
import { CLAIM, DEEP_LINKING_RESPONSE, LTI_VERSION, RESOURCE_LINK_ITEM, type DeepLinkingClaims } from "./claims";
import { currentSigningKey, TOOL_KEY_ALG } from "./keys";
import { LtiRefusal } from "./refusal";

/** How long the picker may stay open before the request must be started again from the LMS. */
export const DEEP_LINK_TTL_MS = 60 * 60 * 1000;
/** The response JWT's lifetime: the browser posts it to the platform at once. */
const RESPONSE_TTL_SECONDS = 10 * 60;

type DeepLinkingSettings = DeepLinkingClaims[typeof CLAIM.deepLinkingSettings];

/** Stores a verified deep linking request for the picker; expired ones are cleared on the way. */
export async function createDeepLinkRequest(
  db: Db,
  r: { platformId: string; deploymentId: string; courseId: string; userId: string; settings: DeepLinkingSettings; now: Date },
) {
  await db.ltiDeepLinkRequest.deleteMany({ where: { expiresAt: { lt: r.now } } });
  const row = await db.ltiDeepLinkRequest.create({
    data: {
      platformId: r.platformId,
      deploymentId: r.deploymentId,
      courseId: r.courseId,
      userId: r.userId,
      returnUrl: r.settings.deep_link_return_url,
      data: r.settings.data ?? null,
      acceptMultiple: r.settings.accept_multiple ?? false,
      expiresAt: new Date(r.now.getTime() + DEEP_LINK_TTL_MS),
    },
    select: { id: true },
  });
  await recordAudit(db, {
    actorId: r.userId,
    action: "lti.deep-link.request",
    entityType: "LtiDeepLinkRequest",
    entityId: row.id,
    courseId: r.courseId,
    after: { returnUrl: r.settings.deep_link_return_url, acceptMultiple: r.settings.accept_multiple ?? false },
  });
  return row;
}

/** The request, if this person may answer it now; otherwise a refusal saying why. */
export async function pendingDeepLink(db: Db, actor: Actor, id: string, now: Date = new Date()) {
  const request = await db.ltiDeepLinkRequest.findUnique({
    where: { id },
    include: { platform: { select: { issuer: true, clientId: true } }, course: { select: { id: true, code: true, title: true } } },
  });
  if (!request || request.usedAt || request.expiresAt < now) {
    const why = !request ? "unknown" : request.usedAt ? `already answered at ${request.usedAt.toISOString()}` : `expired at ${request.expiresAt.toISOString()}`;
    throw new LtiRefusal(400, "deep-link-gone", `deep linking request ${id} is ${why}`);
  }
  if (request.userId !== actor.id) throw new LtiRefusal(403, "deep-link-not-yours", `deep linking request ${id} was started by another user`);
  const decision = await authorize(db, actor, "course.teach", { courseId: request.courseId });
  if (!decision.allowed) throw new LtiRefusal(403, "deep-link-not-yours", `you do not teach course ${request.course.code}`);
  return request;
}

export type DeepLinkChoice = { id: string; title: string; points: number; dueAt: Date };

/** The course's assignments in use, with their points (the sum of their problems'), by due date. */
export async function deepLinkChoices(db: Db, courseId: string): Promise<DeepLinkChoice[]> {
  const rows = await db.assignment.findMany({
    where: { courseId, archivedAt: null },
    orderBy: [{ dueAt: "asc" }, { title: "asc" }],
    select: { id: true, title: true, dueAt: true, problems: { select: { points: true } } },
  });
  return rows.map((a) => ({ id: a.id, title: a.title, dueAt: a.dueAt, points: a.problems.reduce((sum, p) => sum + p.points, 0) }));
}

/** What the picker posts: the assignments picked, or a cancellation (a response with no content items). */
export const deepLinkPickSchema = z.union([
  z.object({ cancel: z.literal(true) }),
  z.object({ assignmentIds: z.array(z.string().min(1).max(64)).min(1, "pick at least one assignment").max(100) }),
]);
export type DeepLinkPick = z.infer<typeof deepLinkPickSchema>;

export type DeepLinkResponse = { returnUrl: string; jwt: string; contentItems: Record<string, unknown>[] };

/**
 * Signs the response to a pending request and uses the request up (once: a second answer, even a
 * concurrent one, is refused). The content item's url is the tool's launch URL naming the assignment,
 * and its custom assignment_id is what a later resource link launch opens (lib/lti/launch.ts).
 */
export async function respondToDeepLink(
  db: Db,
  actor: Actor,
  id: string,
  pick: DeepLinkPick,
  origin: string,
  now: Date = new Date(),
): Promise<DeepLinkResponse> {
  const request = await pendingDeepLink(db, actor, id, now);
  let items: DeepLinkChoice[] = [];
  if ("assignmentIds" in pick) {
    const wanted = [...new Set(pick.assignmentIds)];
    if (wanted.length > 1 && !request.acceptMultiple)
      throw new LtiRefusal(400, "bad-request", "the LMS accepts a single item here (accept_multiple is false): pick one assignment");
    const choices = new Map((await deepLinkChoices(db, request.courseId)).map((c) => [c.id, c]));
    const unknown = wanted.filter((a) => !choices.has(a));
    if (unknown.length)
      throw new LtiRefusal(400, "unknown-assignment", `assignment ${unknown.join(", ")} is not an assignment in use of course ${request.course.code}`);
    items = wanted.map((a) => choices.get(a)!);
  }
  const contentItems = items.map((a) => ({
    type: RESOURCE_LINK_ITEM,
    title: a.title,
    url: `${origin}/api/lti/launch?assignment=${encodeURIComponent(a.id)}`,
    custom: { assignment_id: a.id },
    // A line item needs a positive maximum (Deep Linking 2.0 section 3.4.8.1): an assignment without points gets no grade column.
    ...(a.points > 0 ? { lineItem: { scoreMaximum: a.points, label: a.title, resourceId: a.id } } : {}),
  }));

  const { kid, privateKey } = await currentSigningKey(db, now);
  const iat = Math.floor(now.getTime() / 1000);
  const jwt = await new SignJWT({
    nonce: crypto.randomBytes(24).toString("base64url"),
    [CLAIM.messageType]: DEEP_LINKING_RESPONSE,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: request.deploymentId,
    [CLAIM.contentItems]: contentItems,
    ...(request.data !== null ? { [CLAIM.deepLinkingData]: request.data } : {}),
  })
    .setProtectedHeader({ alg: TOOL_KEY_ALG, kid, typ: "JWT" })
    .setIssuer(request.platform.clientId)
    .setAudience(request.platform.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + RESPONSE_TTL_SECONDS)
    .sign(privateKey);

  await db.$transaction(async (tx) => {
    const used = await tx.ltiDeepLinkRequest.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
    if (used.count !== 1) throw new LtiRefusal(400, "deep-link-gone", `deep linking request ${id} was answered meanwhile`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "lti.deep-link.respond",
      entityType: "LtiDeepLinkRequest",
      entityId: id,
      courseId: request.courseId,
      after: { cancelled: "cancel" in pick, assignments: items.map((a) => a.id), returnUrl: request.returnUrl },
    });
  });
  return { returnUrl: request.returnUrl, jwt, contentItems };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page that takes the response to the LMS: a form posting JWT to the return URL, submitted by a
 * script carrying the response's CSP nonce, with a button for browsers without scripts. The caller
 * sends it with returnPagePolicy, which lets this one form post leave the tool's origin.
 */
export function returnPage(response: Pick<DeepLinkResponse, "returnUrl" | "jwt">, nonce: string, acceptLanguage: string | null): string {
  const locale = negotiateLocale(acceptLanguage);
  const t = locale === "zh-CN" ? zhCN : en;
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escape(t.returning)}</title></head><body>` +
    `<form id="lti-deep-link-return" method="post" action="${escape(response.returnUrl)}">` +
    `<input type="hidden" name="JWT" value="${escape(response.jwt)}">` +
    `<p>${escape(t.returning)}</p><noscript><button type="submit">${escape(t.continue)}</button></noscript></form>` +
    `<script nonce="${escape(nonce)}">document.getElementById("lti-deep-link-return").submit();</script></body></html>`
  );
}

/**
 * The app's Content-Security-Policy with the form-action directive widened to the return URL's
 * origin: every other page may post forms only to the tool itself.
 */
export function returnPagePolicy(appPolicy: string, returnUrl: string): string {
  const target = new URL(returnUrl).origin;
  const directives = appPolicy
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean);
  const rest = directives.filter((d) => !d.startsWith("form-action"));
  return [...rest, `form-action 'self' ${target}`].join("; ");
}
