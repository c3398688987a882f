/**
 * The session cookie: how long a session lives, and issuing its token outside next-auth's own
 * routes (the session that continues after a password change, and sliding renewal in proxy.ts).
 * Named and encoded exactly as next-auth names and encodes it, so next-auth reads what is set here.
 */
import { encode, type JWT } from "next-auth/jwt";
import type { NextRequest, NextResponse } from "next/server";
import { authSecret } from "./secret";

/** A session ends 12 hours after the last request that renewed it. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/** A request renews the session when its token is older than this (so not every request sets a cookie). */
export const SESSION_RENEW_AFTER_SECONDS = 60 * 60;

/** Cookies are `Secure` (and `__Secure-` prefixed) when the app is served over https. */
export function secureCookies(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return (env.NEXTAUTH_URL ?? "").trim().toLowerCase().startsWith("https://");
}

/**
 * next-auth 4's session cookie name (core/lib/cookie.ts `defaultCookies`, not exported by the
 * package; tests/unit/session-cookie.test.ts compares the two).
 */
export function sessionCookieName(secure: boolean = secureCookies()): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}

export type SessionUserClaims = { id: string; name: string; email: string; sessionVersion: number };

/**
 * The claims a session token carries: next-auth's own (name, email, sub) plus the user id and session
 * version, and `framed` for a session begun by an LMS launch, which lives in the LMS's iframe: its
 * cookie, renewed or not, stays `SameSite=None` under https (a Lax one would not reach the frame).
 */
export function claimsFor(user: SessionUserClaims, options: { framed?: boolean } = {}): JWT {
  return { name: user.name, email: user.email, sub: user.id, uid: user.id, sv: user.sessionVersion, ...(options.framed ? { framed: true } : {}) };
}

export type IssuedCookie = {
  name: string;
  value: string;
  options: { httpOnly: boolean; sameSite: "lax" | "none"; path: string; secure: boolean; expires: Date };
};

/** A fresh session cookie for these claims, valid for SESSION_MAX_AGE_SECONDS from `now`. */
export async function sessionCookie(claims: JWT, now: Date = new Date()): Promise<IssuedCookie> {
  const { iat: _iat, exp: _exp, jti: _jti, ...kept } = claims;
  const secure = secureCookies();
  const value = await encode({ token: kept, secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
  return {
    name: sessionCookieName(secure),
    value,
    options: {
      httpOnly: true,
      // Browsers take SameSite=None only with Secure: over http a framed session is Lax like any other.
      sameSite: secure && kept.framed === true ? "none" : "lax",
      path: "/",
      secure,
      expires: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000),
    },
  };
}

/** Whether a token was issued more than SESSION_RENEW_AFTER_SECONDS ago (a token without `iat` is). */
export function isDueForRenewal(token: JWT, now: Date = new Date()): boolean {
  const issuedAt = typeof token.iat === "number" ? token.iat : 0;
  return now.getTime() / 1000 - issuedAt > SESSION_RENEW_AFTER_SECONDS;
}

/**
 * Sliding sessions: next-auth re-issues a JWT only when its session endpoint is fetched, so proxy.ts
 * calls this for every request that carries a valid token. Whether the token still counts (its
 * session version) is checked where the user is resolved, not here: renewing an ended session's
 * token does not revive it. Only reads (GET, HEAD) renew: a server action may set the cookie itself
 * (a password change continues the session with a new version), and two cookies of one name in a
 * response would race.
 */
export async function renewSession(request: NextRequest, response: NextResponse, token: JWT, now: Date = new Date()): Promise<NextResponse> {
  if (request.method !== "GET" && request.method !== "HEAD") return response;
  if (!isDueForRenewal(token, now)) return response;
  const cookie = await sessionCookie(token, now);
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}
