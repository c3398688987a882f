import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { REQUEST_PATH_HEADER, signInUrl } from "@/lib/auth/paths";
import { userOfSession, type SignedInUser } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db/client";

export type CurrentUser = SignedInUser;

/**
 * The signed-in user, read fresh from the database: a deleted user's token no longer counts, nor
 * does the token of an ended session (signed out, password changed, revoked: lib/auth/sessions.ts).
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  return userOfSession(getDb(), await getServerSession(authOptions));
});

/**
 * The signed-in user, or a redirect to sign-in that returns here afterwards. Someone still on a
 * one-time password is sent to choose their own first.
 */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  const path = (await headers()).get(REQUEST_PATH_HEADER) ?? "/";
  if (!user) redirect(signInUrl(path));
  if (user.mustChangePassword) redirect(`/password?callbackUrl=${encodeURIComponent(path)}`);
  return user;
}
