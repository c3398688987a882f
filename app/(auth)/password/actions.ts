"use server";

import { cookies } from "next/headers";
import { changePassword, type PasswordChange } from "@/lib/auth/change-password";
import { claimsFor, sessionCookie } from "@/lib/auth/session-cookie";
import { getDb } from "@/lib/db/client";
import { getCurrentUser } from "@/lib/session";

/** Changes the password; every other session ends, and this one continues with a fresh token. */
export async function changePasswordAction(input: unknown): Promise<PasswordChange | { ok: false; field: "current"; problem: "required" }> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, field: "current", problem: "required" };
  const r = await changePassword(getDb(), user.id, input);
  if (!r.ok) return r;
  const cookie = await sessionCookie(claimsFor({ ...user, sessionVersion: r.sessionVersion }));
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  return { ok: true };
}
