"use server";

/** The accounts page's action; lib/accounts/admin.ts decides who may (site admins) and audits. */
import { revokeSessionsOf } from "@/lib/accounts/admin";
import { getCurrentUser } from "@/lib/session";
import type { Outcome } from "@/lib/validations/form-result";

export async function revokeSessionsAction(input: unknown): Promise<Outcome<{ email: string }>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return revokeSessionsOf(user, input);
}
