/**
 * Accounts as a site admin sees them: every user, found by name or email, and ending all of one
 * user's sessions (a lost laptop, a leaked password) without touching anything else. Audited.
 */
import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { revokeAllSessions } from "@/lib/auth/sessions";
import { ssoLinksOf, unlinkSso, type SsoLinkView } from "@/lib/auth/sso";
import { canManageAccounts, type Actor } from "@/lib/authz";
import { containsIgnoringCase, getDb, type Db } from "@/lib/db/client";
import { fieldErrorsOf, invalid, ok, type Outcome } from "@/lib/validations/form-result";
import { userIdSchema } from "@/lib/validations/ids";

/** At most this many accounts are listed; a search narrows the rest down. */
export const ACCOUNT_PAGE_SIZE = 50;

export type AccountRow = {
  id: string;
  name: string;
  email: string;
  isSiteAdmin: boolean;
  courses: number;
  createdAt: Date;
  /** False for accounts made by SSO or LTI (an empty hash matches no password). */
  hasPassword: boolean;
  ssoLinks: SsoLinkView[];
};
export type AccountList = { rows: AccountRow[]; total: number; query: string };

const querySchema = z.string().trim().max(254).catch("");

/** Accounts whose name or email contains `query` (all when empty), by email; null when the actor may not see them. */
export async function listAccounts(actor: Actor, rawQuery: unknown, db: Db = getDb()): Promise<AccountList | null> {
  if (!canManageAccounts(actor)) return null;
  const query = querySchema.parse(rawQuery);
  const where = query ? { OR: [{ email: { contains: query.toLowerCase() } }, { name: containsIgnoringCase(db, query) }] } : {};
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: { email: "asc" },
      take: ACCOUNT_PAGE_SIZE,
      select: { id: true, name: true, email: true, isSiteAdmin: true, createdAt: true, passwordHash: true, _count: { select: { memberships: true } } },
    }),
    db.user.count({ where }),
  ]);
  const links = await ssoLinksOf(
    db,
    users.map((u) => u.id),
  );
  return {
    rows: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      isSiteAdmin: u.isSiteAdmin,
      courses: u._count.memberships,
      createdAt: u.createdAt,
      hasPassword: u.passwordHash !== "",
      ssoLinks: links.get(u.id) ?? [],
    })),
    total,
    query,
  };
}

const revokeSchema = z.object({ userId: userIdSchema });

/** Ends every session of a user (they must sign in again everywhere); audited as `user.revokeSessions`. */
export async function revokeSessionsOf(actor: Actor, input: unknown, db: Db = getDb()): Promise<Outcome<{ email: string }>> {
  if (!canManageAccounts(actor)) return { status: "forbidden" };
  const parsed = revokeSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const { userId } = parsed.data;
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, sessionVersion: true } });
    if (!user) return { status: "not-found" } as const;
    const version = await revokeAllSessions(tx, userId);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.revokeSessions",
      entityType: "User",
      entityId: userId,
      before: { sessionVersion: user.sessionVersion },
      after: { sessionVersion: version },
    });
    return ok({ email: user.email });
  });
}

const unlinkSchema = z.object({ linkId: z.string().min(1).max(64) });

/**
 * Removes one SSO link (site admins only); audited as `sso.unlink`. The person's next SSO sign-in
 * links again by the usual rules; an account without a password cannot sign in until then.
 */
export async function unlinkSsoOf(actor: Actor, input: unknown, db: Db = getDb()): Promise<Outcome<null>> {
  if (!canManageAccounts(actor)) return { status: "forbidden" };
  const parsed = unlinkSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  return (await unlinkSso(db, actor.id, parsed.data.linkId)) ? ok(null) : { status: "not-found" };
}
