import "server-only";

/** The signed-in person's own account: what app/(auth) changes through it. */
import type { JWT } from "next-auth/jwt";
import { changePassword, type PasswordChange } from "@/lib/auth/change-password";
import { claimsFor } from "@/lib/auth/session-cookie";
import { getDb } from "@/lib/db/client";
import { getCurrentUser } from "@/lib/session";

export type { PasswordChange };

/**
 * Changes the signed-in person's password (lib/auth/change-password.ts checks the current one and
 * ends every session). On success, the claims this session continues with under its new version.
 */
export async function changeOwnPassword(
  input: unknown,
): Promise<{ ok: true; claims: JWT } | Exclude<PasswordChange, { ok: true }> | { ok: false; field: "current"; problem: "required" }> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, field: "current", problem: "required" };
  const r = await changePassword(getDb(), user.id, input);
  if (!r.ok) return r;
  return { ok: true, claims: claimsFor({ ...user, sessionVersion: r.sessionVersion }) };
}
