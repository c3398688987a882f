"use server";

import { cookies } from "next/headers";
import { sessionCookie } from "@/lib/auth/session-cookie";
import { changeOwnPassword, type PasswordChange } from "@/lib/dal/auth";

/** Changes the password; every other session ends, and this one continues with a fresh token. */
export async function changePasswordAction(input: unknown): Promise<PasswordChange | { ok: false; field: "current"; problem: "required" }> {
  const r = await changeOwnPassword(input);
  if (!r.ok) return r;
  const cookie = await sessionCookie(r.claims);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  return { ok: true };
}
