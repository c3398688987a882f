"use server";

import { changePassword, type PasswordChange } from "@/lib/auth/change-password";
import { getDb } from "@/lib/db/client";
import { getCurrentUser } from "@/lib/session";

export async function changePasswordAction(input: unknown): Promise<PasswordChange | { ok: false; field: "current"; problem: "required" }> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, field: "current", problem: "required" };
  return changePassword(getDb(), user.id, input);
}
