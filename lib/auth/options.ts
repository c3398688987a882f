import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb, type Db } from "@/lib/db/client";
import { credentialsSchema, normalizeEmail } from "@/lib/validations/auth";
import { verifyPassword } from "./password";
import { isRateLimited, rateLimitKeys, recordFailure } from "./rate-limit";
import { authSecret } from "./secret";

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The client's address as the server saw it (first hop of X-Forwarded-For, which Next sets). */
export function clientAddress(headers: HeaderBag): string | null {
  const forwarded = header(headers, "x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || header(headers, "x-real-ip")?.trim() || null;
}

/**
 * Checks an email and password. Every failure (unknown email, wrong password, malformed input,
 * too many recent failures) returns null, which the sign-in page shows as one generic message.
 */
export async function authorizeCredentials(
  raw: unknown,
  headers: HeaderBag,
  db: Db = getDb(),
): Promise<{ id: string; name: string; email: string } | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const email = normalizeEmail(parsed.data.email);
  const keys = rateLimitKeys(email, clientAddress(headers));
  if (await isRateLimited(db, keys)) return null;
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash);
  if (!ok || !user) {
    await recordFailure(db, keys);
    return null;
  }
  return { id: user.id, name: user.name, email: user.email };
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin", signOut: "/signout", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize: (credentials, req) => authorizeCredentials(credentials, req?.headers),
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
};
