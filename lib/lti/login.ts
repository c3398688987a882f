/**
 * OIDC third-party login initiation (IMS Security Framework 5.1.1; LTI Core 1.3 section 4.1): the
 * platform sends the browser here with its issuer and a login hint; the tool remembers a fresh state
 * and nonce and sends the browser to the platform's authorization endpoint, which answers with the
 * id_token form post to the launch URL.
 */
import crypto from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { LtiRefusal } from "./refusal";

/** How long the platform has to answer a login initiation with its id_token. */
export const STATE_TTL_MS = 10 * 60 * 1000;

const loginSchema = z.object({
  iss: z.string().min(1, "iss is missing"),
  login_hint: z.string().min(1, "login_hint is missing"),
  target_link_uri: z.string().min(1, "target_link_uri is missing"),
  lti_message_hint: z.string().optional(),
  client_id: z.string().min(1).optional(),
  lti_deployment_id: z.string().min(1).optional(),
});

export type ToolUrls = { origin: string; launchUrl: string };

/** The tool's own URLs, from its public address (NEXTAUTH_URL when set, else the request's). */
export function toolUrls(requestUrl: string, env: Readonly<Record<string, string | undefined>> = process.env): ToolUrls {
  const origin = new URL(env.NEXTAUTH_URL?.trim() || requestUrl).origin;
  return { origin, launchUrl: `${origin}/api/lti/launch` };
}

/** The URL to send the browser to (the platform's authorization endpoint with the request), or a refusal. */
export async function startLogin(db: Db, params: Record<string, string>, urls: ToolUrls, now: Date = new Date()): Promise<string> {
  try {
    return await authorizationRedirect(db, params, urls, now);
  } catch (e) {
    if (e instanceof LtiRefusal) {
      await recordAudit(db, {
        actorId: null,
        action: "lti.login.refused",
        entityType: "LtiPlatform",
        entityId: params.iss?.slice(0, 255) || "unknown",
        after: { reason: e.reason, detail: e.detail },
      });
    }
    throw e;
  }
}

async function authorizationRedirect(db: Db, params: Record<string, string>, urls: ToolUrls, now: Date): Promise<string> {
  const parsed = loginSchema.safeParse(params);
  if (!parsed.success) throw new LtiRefusal(400, "bad-request", parsed.error.issues.map((i) => i.message).join("; "));
  const p = parsed.data;
  const candidates = await db.ltiPlatform.findMany({ where: { issuer: p.iss, ...(p.client_id ? { clientId: p.client_id } : {}) } });
  if (candidates.length === 0)
    throw new LtiRefusal(400, "unknown-platform", `no registration for issuer ${p.iss}${p.client_id ? ` and client id ${p.client_id}` : ""}`);
  if (candidates.length > 1)
    throw new LtiRefusal(400, "unknown-platform", `issuer ${p.iss} has several registrations: the login request must name its client_id`);
  const platform = candidates[0]!;
  const deployments = z.array(z.string()).parse(platform.deploymentIds);
  if (p.lti_deployment_id !== undefined && !deployments.includes(p.lti_deployment_id)) {
    throw new LtiRefusal(400, "unknown-deployment", `deployment id ${p.lti_deployment_id} is not registered for issuer ${p.iss}`);
  }
  let target: URL;
  try {
    target = new URL(p.target_link_uri);
  } catch {
    throw new LtiRefusal(400, "bad-target", `target_link_uri ${p.target_link_uri} is not a URL`);
  }
  if (target.origin !== urls.origin) throw new LtiRefusal(400, "bad-target", `target_link_uri ${p.target_link_uri} is not under ${urls.origin}`);

  const state = crypto.randomBytes(32).toString("base64url");
  const nonce = crypto.randomBytes(32).toString("base64url");
  await db.ltiLaunchState.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.ltiLaunchState.create({
    data: { state, nonce, platformId: platform.id, targetLinkUri: target.href, expiresAt: new Date(now.getTime() + STATE_TTL_MS) },
  });
  const auth = new URL(platform.authUrl);
  const query: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: urls.launchUrl,
    login_hint: p.login_hint,
    state,
    nonce,
    ...(p.lti_message_hint !== undefined ? { lti_message_hint: p.lti_message_hint } : {}),
  };
  for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v);
  return auth.href;
}
