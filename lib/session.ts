import "server-only";
import { cache } from "react";
import { decode } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { REQUEST_PATH_HEADER, signInUrl } from "@/lib/auth/paths";
import { SESSION_CLAIMS_HEADER, openClaims, type RequestClaims } from "@/lib/auth/request-claims";
import { authSecret } from "@/lib/auth/secret";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { userOfSession, type SignedInUser } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db/client";

export type CurrentUser = SignedInUser;

/**
 * The signed-in user, read fresh from the database (one query): a deleted user's token no longer
 * counts, nor does the token of an ended session (signed out, password changed, revoked:
 * lib/auth/sessions.ts). The session's claims come from the proxy, which has decoded the cookie
 * already (lib/auth/request-claims.ts); without them (a request the proxy did not see), from the
 * cookie, decoded and checked here.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const claims = (await openClaims((await headers()).get(SESSION_CLAIMS_HEADER))) ?? (await claimsOfCookie());
  return claims ? userOfSession(getDb(), { user: { id: claims.uid, sessionVersion: claims.sv } }) : null;
});

async function claimsOfCookie(): Promise<RequestClaims | null> {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  try {
    const jwt = await decode({ token, secret: authSecret() });
    return jwt && typeof jwt.uid === "string" && typeof jwt.sv === "number" ? { uid: jwt.uid, sv: jwt.sv } : null;
  } catch {
    return null; // not a token this server issued, or expired
  }
}

/**
 * The signed-in user, or a redirect to sign-in that returns here afterwards. Someone still on a
 * one-time password is sent to choose their own first.
 */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  const path = (await headers()).get(REQUEST_PATH_HEADER) ?? "/";
  if (!user) redirect(signInUrl(path));
  if (user.mustChangePassword) redirect(`/password?callbackUrl=${encodeURIComponent(path)}`);
  return user;
}
