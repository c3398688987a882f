/**
 * Who an SSO sign-in is. The provider's identity is (issuer, subject); its first sign-in makes an
 * OidcLink: to the existing account with the same email when the provider says it verified that
 * email (audited "sso.link"), otherwise to a new account without a password (audited
 * "sso.user.create"). An unverified email that belongs to an existing account is refused: the
 * provider's unchecked word is not enough to take over someone's account.
 */
import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/observability/log";
import { normalizeEmail } from "@/lib/validations/auth";
import type { SessionUser } from "./sessions";

/** Why an SSO sign-in was refused; each is a message on the sign-in page (`signIn.sso.<reason>`). */
export type SsoRefusal = "SsoUnverifiedEmail" | "SsoBadProfile";

export class SsoRefusedError extends Error {
  constructor(
    readonly reason: SsoRefusal,
    detail: string,
  ) {
    super(detail);
    this.name = "SsoRefusedError";
  }
}

/** The id token claims an SSO sign-in uses (OpenID Connect Core §5.1); anything else is ignored. */
const idTokenClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().trim().max(254).optional(),
  // Some providers send "true"/"false" strings; only a real true counts as verified.
  email_verified: z.unknown().optional(),
  name: z.string().trim().max(200).optional(),
  preferred_username: z.string().trim().max(200).optional(),
});
export type SsoClaims = z.input<typeof idTokenClaimsSchema>;

const emailShape = z.email();

function displayName(c: z.output<typeof idTokenClaimsSchema>, email: string | null): string {
  return c.name || c.preferred_username || (email ? email.split("@")[0]! : "SSO user");
}

/**
 * The user this sign-in is, linking or creating one on the first sign-in. Throws SsoRefusedError
 * for a refused sign-in (the caller shows its reason).
 */
export async function resolveSsoUser(db: Db, issuer: string, rawClaims: unknown): Promise<SessionUser> {
  const parsed = idTokenClaimsSchema.safeParse(rawClaims);
  if (!parsed.success) {
    throw new SsoRefusedError("SsoBadProfile", `the id token from ${issuer} lacks a usable "sub": ${parsed.error.issues[0]?.message}`);
  }
  const claims = parsed.data;
  const email = claims.email && emailShape.safeParse(claims.email).success ? normalizeEmail(claims.email) : null;
  const verified = claims.email_verified === true;
  const select = { id: true, name: true, email: true, sessionVersion: true } as const;

  return db.$transaction(async (tx) => {
    const link = await tx.oidcLink.findUnique({ where: { issuer_subject: { issuer, subject: claims.sub } }, select: { user: { select } } });
    if (link) return link.user;

    const existing = email ? await tx.user.findUnique({ where: { email }, select }) : null;
    if (existing) {
      if (!verified) {
        log().info({ event: "sso.refused", reason: "unverified-email", userId: existing.id, issuer }, "SSO sign-in refused");
        throw new SsoRefusedError("SsoUnverifiedEmail", `${issuer} did not verify the email of an existing account`);
      }
      await tx.oidcLink.create({ data: { issuer, subject: claims.sub, userId: existing.id, email: email! } });
      await recordAudit(tx, {
        actorId: existing.id,
        action: "sso.link",
        entityType: "User",
        entityId: existing.id,
        after: { issuer, subject: claims.sub, email },
      });
      return existing;
    }

    // A new account. Its email is the provider's only when verified and free; otherwise a placeholder
    // that can never be anyone's address, so a later verified sign-in cannot be mistaken for it.
    const hash = crypto.createHash("sha256").update(`${issuer}\n${claims.sub}`).digest("hex").slice(0, 20);
    const accountEmail = email && verified ? email : `sso-${hash}@sso.invalid`;
    // An empty password hash matches no password (lib/auth/password.ts): this account signs in by SSO.
    const user = await tx.user.create({ data: { email: accountEmail, name: displayName(claims, email), passwordHash: "" }, select });
    await tx.oidcLink.create({ data: { issuer, subject: claims.sub, userId: user.id, email: email ?? "" } });
    await recordAudit(tx, {
      actorId: user.id,
      action: "sso.user.create",
      entityType: "User",
      entityId: user.id,
      after: { issuer, subject: claims.sub, email },
    });
    return user;
  });
}

export type SsoLinkView = { id: string; issuer: string; subject: string; email: string; createdAt: Date };

/** A user's SSO links, oldest first (the site admin's accounts page). */
export async function ssoLinksOf(db: Db, userIds: string[]): Promise<Map<string, SsoLinkView[]>> {
  const rows = await db.oidcLink.findMany({ where: { userId: { in: userIds } }, orderBy: { createdAt: "asc" } });
  const byUser = new Map<string, SsoLinkView[]>();
  for (const r of rows) {
    const list = byUser.get(r.userId) ?? [];
    list.push({ id: r.id, issuer: r.issuer, subject: r.subject, email: r.email, createdAt: r.createdAt });
    byUser.set(r.userId, list);
  }
  return byUser;
}

/**
 * Removes an SSO link (a site admin's action; the caller checks that). Audited with the link's
 * details; returns false when the link no longer exists.
 */
export async function unlinkSso(db: Db, actorId: string, linkId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const link = await tx.oidcLink.findUnique({ where: { id: linkId } });
    if (!link) return false;
    await tx.oidcLink.delete({ where: { id: linkId } });
    await recordAudit(tx, {
      actorId,
      action: "sso.unlink",
      entityType: "User",
      entityId: link.userId,
      before: { issuer: link.issuer, subject: link.subject, email: link.email },
    });
    return true;
  });
}
