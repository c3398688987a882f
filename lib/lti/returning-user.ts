/**
 * A returning LMS user: the LMS is where people change their name, so a later launch brings the
 * linked account's name up to date. The email follows too, but only for an account that signs in
 * through its LMS alone (no password of its own: its email is not a sign-in the person chose here)
 * and only to an address no other account holds (never joining accounts by email: launch.ts).
 */
import { recordAudit, type DbOrTx } from "@/lib/audit";

type NameClaims = { name?: string | undefined; given_name?: string | undefined; family_name?: string | undefined; email?: string | undefined };

/** A platform that stops sending names (a privacy setting) leaves the name as it was. */
export async function refreshLinkedUser(tx: DbOrTx, userId: string, claims: NameClaims): Promise<void> {
  const name = (claims.name || [claims.given_name, claims.family_name].filter(Boolean).join(" ")).trim().slice(0, 200);
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true, passwordHash: true } });
  const data: { name?: string; email?: string } = {};
  if (name && name !== user.name) data.name = name;
  const email = claims.email?.toLowerCase();
  if (email && email !== user.email && user.passwordHash === "") {
    const holder = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!holder) data.email = email;
  }
  if (Object.keys(data).length === 0) return;
  await tx.user.update({ where: { id: userId }, data });
  const before = Object.fromEntries(Object.keys(data).map((k) => [k, user[k as keyof typeof data]]));
  await recordAudit(tx, { actorId: userId, action: "lti.user.update", entityType: "User", entityId: userId, before, after: { ...data, via: "lti" } });
}
