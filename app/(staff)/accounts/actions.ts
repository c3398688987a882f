"use server";

/** The accounts page's actions; lib/accounts/admin.ts decides who may (site admins) and audits. */
import { revokeSessionsOf, unlinkSsoOf } from "@/lib/accounts/admin";
import { getCurrentUser } from "@/lib/session";
import type { Outcome } from "@/lib/validations/form-result";

export async function revokeSessionsAction(input: unknown): Promise<Outcome<{ email: string }>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return revokeSessionsOf(user, input);
}

export async function unlinkSsoAction(input: unknown): Promise<Outcome<null>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return unlinkSsoOf(user, input);
}
