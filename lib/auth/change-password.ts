import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { PASSWORD_MAX } from "@/lib/validations/auth";
import { passwordProblem, type PasswordField, type PasswordProblem } from "@/lib/validations/password";
import { hashPassword, verifyPassword } from "./password";

export type PasswordChange = { ok: true } | { ok: false; field: PasswordField; problem: PasswordProblem };
/** A change that was made: the user's new session version, which the session that made it continues with. */
export type PasswordChanged = { ok: true; sessionVersion: number };

const input = z.object({ current: z.string().max(PASSWORD_MAX), next: z.string().max(10_000), confirm: z.string().max(10_000) });

/**
 * Replaces a user's password after checking the current one; clears the one-time-password flag and
 * ends every session of the user (someone who knew the old password may hold one).
 */
export async function changePassword(db: Db, userId: string, raw: unknown): Promise<PasswordChanged | Exclude<PasswordChange, { ok: true }>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { ok: false, field: "next", problem: "too-long" };
  const problem = passwordProblem(parsed.data);
  if (problem) return { ok: false, ...problem };
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(parsed.data.current, user.passwordHash))) return { ok: false, field: "current", problem: "wrong-current" };
  const changed = await db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(parsed.data.next), mustChangePassword: false, sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  return { ok: true, sessionVersion: changed.sessionVersion };
}
