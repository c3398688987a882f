/**
 * When the browser blocks cookies inside the LMS's frame (Safari, Chrome with third-party cookies
 * off), the session the launch set never arrives. A launch inside a frame therefore answers a small
 * page that asks the tool whether the cookie came back (GET /api/lti/session with credentials) and
 * goes on when it did; otherwise it offers "Open Chainrule in a new window", whose link carries a
 * one-time handoff token. The new window is top-level, where the cookie works: it trades the token
 * for the session (GET /api/lti/handoff).
 *
 * The token is 256 random bits; only its SHA-256 is stored, for HANDOFF_TTL_MS, and it is deleted by
 * the one request that uses it (a conditional delete, so two racing requests cannot both win). It
 * opens the session of the user whose launch made it, and nobody else's.
 */
import crypto from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { claimsFor, sessionCookie } from "@/lib/auth/session-cookie";
import { getDb, type Db } from "@/lib/db/client";
import en from "@/lib/i18n/messages/lti.en.json";
import zhCN from "@/lib/i18n/messages/lti.zh-CN.json";
import { negotiateLocale } from "@/lib/i18n/config";
import { framedCookieAttributes } from "./framing";

export const HANDOFF_TTL_MS = 2 * 60 * 1000;

const hashOf = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** A fresh handoff token for this user and landing page. */
export async function createHandoff(db: Db, userId: string, target: string, now: Date = new Date()): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await db.ltiHandoff.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.ltiHandoff.create({ data: { tokenHash: hashOf(token), userId, target, expiresAt: new Date(now.getTime() + HANDOFF_TTL_MS) } });
  return token;
}

export type Redeemed = { user: { id: string; name: string; email: string; sessionVersion: number }; target: string };

/** The user and landing page of an unused, unexpired token (using it up), or null. */
export async function redeemHandoff(db: Db, token: unknown, now: Date = new Date()): Promise<Redeemed | null> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = hashOf(token);
  const row = await db.ltiHandoff.findUnique({ where: { tokenHash } });
  if (!row) return null;
  const { count } = await db.ltiHandoff.deleteMany({ where: { tokenHash, expiresAt: { gte: now } } });
  if (count !== 1) {
    await db.ltiHandoff.deleteMany({ where: { tokenHash } });
    return null;
  }
  const user = await db.user.findUnique({ where: { id: row.userId }, select: { id: true, name: true, email: true, sessionVersion: true } });
  if (!user) return null;
  await recordAudit(db, { actorId: user.id, action: "lti.handoff", entityType: "User", entityId: user.id, after: { target: row.target } });
  return { user, target: row.target };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The launch's answer inside a frame: goes on to `target` when the session cookie arrives with a
 * request from the frame, else shows the new-window link. The script runs under the CSP nonce the
 * proxy put on the request.
 */
export function framedLaunchPage(opts: { target: string; handoffUrl: string; nonce: string; acceptLanguage: string | null }): string {
  const locale = negotiateLocale(opts.acceptLanguage);
  const t = (locale === "zh-CN" ? zhCN : en).framed;
  const script =
    `fetch("/api/lti/session",{credentials:"include",cache:"no-store"})` +
    `.then(function(r){if(r.ok){location.replace(${JSON.stringify(opts.target)})}else{throw 0}})` +
    `.catch(function(){document.getElementById("checking").hidden=true;document.getElementById("blocked").hidden=false})`;
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Chainrule</title></head><body><main>` +
    `<p id="checking">${escape(t.checking)}</p>` +
    `<div id="blocked" hidden><p>${escape(t.blocked)}</p>` +
    `<p><a id="open" href="${escape(opts.handoffUrl)}" target="_blank" rel="noopener">${escape(t.open)}</a></p></div>` +
    `</main><script nonce="${escape(opts.nonce)}">${script}</script></body></html>`
  );
}

/**
 * A launch inside the LMS's frame (Sec-Fetch-Dest: iframe): the same cookies as the redirect, but a
 * page that checks they arrived instead of the redirect itself.
 */
export async function framedLaunchResponse(db: Db, request: Request, userId: string, redirect: Headers): Promise<Response> {
  const target = redirect.get("location")!;
  const token = await createHandoff(db, userId, target);
  const handoffUrl = `/api/lti/handoff?token=${encodeURIComponent(token)}`;
  const headers = new Headers(redirect);
  headers.delete("location");
  headers.set("content-type", "text/html; charset=utf-8");
  const html = framedLaunchPage({ target, handoffUrl, nonce: request.headers.get("x-nonce") ?? "", acceptLanguage: request.headers.get("accept-language") });
  return new Response(html, { status: 200, headers });
}

/** GET /api/lti/handoff?token=…: the new window trades the token for the session and goes to the launch's page. */
export async function ltiHandoff(db: Db, request: Request): Promise<Response> {
  const redeemed = await redeemHandoff(db, new URL(request.url).searchParams.get("token"));
  if (!redeemed) {
    const locale = negotiateLocale(request.headers.get("accept-language"));
    const t = locale === "zh-CN" ? zhCN : en;
    const html =
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escape(t.title)}</title></head>` +
      `<body><main><h1>${escape(t.title)}</h1><p data-reason="handoff-expired">${escape(t.framed.handoffExpired)}</p></main></body></html>`;
    return new Response(html, { status: 400, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
  }
  const cookie = await sessionCookie(claimsFor(redeemed.user));
  const { options } = cookie;
  const headers = new Headers({ location: redeemed.target, "cache-control": "no-store" });
  headers.append(
    "set-cookie",
    `${cookie.name}=${cookie.value}; Path=${options.path}; Expires=${options.expires.toUTCString()}; HttpOnly; ${framedCookieAttributes(options.secure)}`,
  );
  return new Response(null, { status: 303, headers });
}

/** The route handler's entry point, on the app's database. */
export const handoffRoute = (request: Request) => ltiHandoff(getDb(), request);
