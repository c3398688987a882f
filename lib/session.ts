import { cache } from "react";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { REQUEST_PATH_HEADER, signInUrl } from "@/lib/auth/paths";
import { getDb } from "@/lib/db/client";

export type CurrentUser = { id: string; name: string; email: string; isSiteAdmin: boolean };

/** The signed-in user, read fresh from the database (a deleted user's token no longer counts). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  return getDb().user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, isSiteAdmin: true },
  });
});

/** The signed-in user, or a redirect to sign-in that returns here afterwards. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) {
    const path = (await headers()).get(REQUEST_PATH_HEADER) ?? "/";
    redirect(signInUrl(path));
  }
  return user;
}
