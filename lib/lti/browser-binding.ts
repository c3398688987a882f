/**
 * Login CSRF: the state of a login initiation is bound to the browser that started it. Without this,
 * anyone can start a login with their own LMS account, stop before the form post, and get a victim's
 * browser to post that id_token and state: the victim would be signed in as the attacker (and what
 * they then submit would land in the attacker's account). Login initiation sets a short-lived cookie
 * holding a hash of the state; the launch refuses a state whose cookie is missing or different.
 *
 * Why the cookie is required under plain http too: the platform's form post is cross-site in real
 * deployments, and a cookie that crosses sites on a POST must be `SameSite=None`, which browsers only
 * accept with `Secure` (so over https). Under http the cookie is `SameSite=Lax`; it still arrives when
 * the LMS is same-site with the tool (a local LMS on localhost/127.0.0.1, any port: ports do not make
 * a site), which is the only kind of http platform registration allows (lib/lti/registration.ts). So
 * requiring it everywhere costs nothing that works today, and accepting a missing cookie under http
 * would leave the login CSRF open on exactly the setups where it is easiest to forget.
 *
 * One cookie per state (named after a prefix of its hash): an LMS page may hold several Chainrule
 * links whose launches run at the same time, and one shared cookie would be overwritten.
 */
import crypto from "node:crypto";
import { decodeJwt } from "jose";
import { recordAudit } from "@/lib/audit";
import { secureCookies } from "@/lib/auth/session-cookie";
import type { Db } from "@/lib/db/client";
import { STATE_TTL_MS } from "./login";
import { LtiRefusal } from "./refusal";

const hashOf = (state: string) => crypto.createHash("sha256").update(state).digest("base64url");

/** `__Host-` under https (Secure, Path=/, no Domain: no subdomain can plant or read it). */
export function stateCookieName(state: string, secure: boolean = secureCookies()): string {
  return `${secure ? "__Host-" : ""}lti-state-${hashOf(state).slice(0, 12)}`;
}

/** The Set-Cookie header for the login initiation's redirect. */
export function stateCookie(state: string, secure: boolean = secureCookies()): string {
  const attributes = secure ? "Secure; SameSite=None" : "SameSite=Lax";
  return `${stateCookieName(state, secure)}=${hashOf(state)}; Path=/; Max-Age=${Math.floor(STATE_TTL_MS / 1000)}; HttpOnly; ${attributes}`;
}

/** Clears the state's cookie once the launch has used it (or refused it). */
export function clearedStateCookie(state: string, secure: boolean = secureCookies()): string {
  const attributes = secure ? "Secure; SameSite=None" : "SameSite=Lax";
  return `${stateCookieName(state, secure)}=; Path=/; Max-Age=0; HttpOnly; ${attributes}`;
}

function cookiesOf(request: Request): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) out.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return out;
}

/**
 * Refuses (audited: "the launch was not started in this browser") a launch whose browser did not do
 * the login initiation of its state.
 */
export async function checkStateBinding(db: Db, request: Request, form: { state?: string; id_token?: string }): Promise<void> {
  const state = form.state;
  // A missing or unknown state is refused by the launch's own checks (bad-state), which say more.
  if (!state || !(await db.ltiLaunchState.findUnique({ where: { state }, select: { state: true } }))) return;
  const sent = cookiesOf(request).get(stateCookieName(state));
  const expected = Buffer.from(hashOf(state));
  if (sent !== undefined && sent.length === expected.length && crypto.timingSafeEqual(Buffer.from(sent), expected)) return;
  const refusal = new LtiRefusal(
    401,
    "not-this-browser",
    sent === undefined
      ? "the launch was not started in this browser: the cookie set at login initiation did not come back with the form post"
      : "the launch was not started in this browser: the login initiation cookie holds another state",
  );
  let issuer = "unknown";
  try {
    const iss = form.id_token ? decodeJwt(form.id_token).iss : undefined;
    if (typeof iss === "string") issuer = iss.slice(0, 255);
  } catch {
    // not a JWT: the audit names no issuer
  }
  await recordAudit(db, {
    actorId: null,
    action: "lti.launch.refused",
    entityType: "LtiPlatform",
    entityId: issuer,
    after: { reason: refusal.reason, detail: refusal.detail, issuer },
  });
  throw refusal;
}
