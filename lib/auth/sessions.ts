/**
 * Revocable sessions on top of next-auth's JWT sessions. A session token carries its user's session
 * version (`sv`) from the moment it was issued; a token whose version is not the user's current one
 * is refused wherever the user is resolved (getCurrentUser in lib/session.ts, which every page,
 * server action and route asks, and next-auth's own session endpoint, which then clears the cookie).
 * Bumping the version ends every session of that user at once: signing out (everywhere), changing
 * the password, and a site admin's "revoke sessions".
 */
import "server-only";
import type { DbOrTx } from "@/lib/audit";
import type { Db } from "@/lib/db/client";

/** The claims of a session token that decide whether it still counts. */
export type SessionClaims = { uid?: unknown; sv?: unknown };

/** What a token is issued with at sign-in (and re-issued with after a password change). */
export type SessionUser = { id: string; name: string; email: string; sessionVersion: number };

/** Thrown from next-auth's jwt callback: its session endpoint then answers "no session" and clears the cookie. */
export class RevokedSessionError extends Error {
  constructor() {
    super("the session was ended (signed out, password changed, or revoked)");
    this.name = "RevokedSessionError";
  }
}

/** Whether the claims name a user whose current session version is the token's. */
export async function isSessionCurrent(db: Db, claims: SessionClaims | null | undefined): Promise<boolean> {
  if (!claims || typeof claims.uid !== "string" || typeof claims.sv !== "number") return false;
  const user = await db.user.findUnique({ where: { id: claims.uid }, select: { sessionVersion: true } });
  return user !== null && user.sessionVersion === claims.sv;
}

/** Ends every session of a user; returns the new version (for the one session that continues, if any). */
export async function revokeAllSessions(db: DbOrTx, userId: string): Promise<number> {
  const user = await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
  return user.sessionVersion;
}

/**
 * Sign-out: ends every session of the token's user, but only when the token itself still counts, so
 * that a copied cookie from an ended session cannot sign its owner out again and again.
 */
export async function signOutEverywhere(db: Db, claims: SessionClaims | null | undefined): Promise<boolean> {
  if (!claims || typeof claims.uid !== "string" || typeof claims.sv !== "number") return false;
  const { count } = await db.user.updateMany({ where: { id: claims.uid, sessionVersion: claims.sv }, data: { sessionVersion: { increment: 1 } } });
  return count === 1;
}

export type SignedInUser = { id: string; name: string; email: string; isSiteAdmin: boolean; mustChangePassword: boolean };

/**
 * The user a session names, read fresh from the database, or null when the session names nobody, a
 * deleted user, or an ended session (its version is not the user's current one).
 */
export async function userOfSession(db: Db, session: { user?: { id?: unknown; sessionVersion?: unknown } } | null | undefined): Promise<SignedInUser | null> {
  const id = session?.user?.id;
  const version = session?.user?.sessionVersion;
  if (typeof id !== "string" || typeof version !== "number") return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, isSiteAdmin: true, mustChangePassword: true, sessionVersion: true },
  });
  if (!user || user.sessionVersion !== version) return null;
  const { sessionVersion: _current, ...signedIn } = user;
  return signedIn;
}
