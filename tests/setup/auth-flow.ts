/**
 * next-auth's own request handling (the code behind /api/auth/*), driven without a server: fetch a
 * CSRF token, post credentials to the callback, read the session, sign out. Cookies go in and come
 * out as the browser would keep them, so a test can copy one and replay it later.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { NextAuthOptions } from "next-auth";
import { sessionCookieName } from "@/lib/auth/session-cookie";

// next-auth's core handler is what its route handler calls with the request it read through
// next/headers; the package does not export it, so it is loaded by its path.
const { AuthHandler } = createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/index.js")) as {
  AuthHandler: (params: { options: NextAuthOptions; req: Record<string, unknown> }) => Promise<unknown>;
};

export type Jar = Record<string, string>;

type Result = {
  status?: number;
  body?: unknown;
  redirect?: string;
  cookies?: { name: string; value: string; options?: { expires?: Date | string; maxAge?: number } }[];
};

async function call(
  options: NextAuthOptions,
  jar: Jar,
  req: { action: string; method: "GET" | "POST"; providerId?: string; body?: Record<string, string>; headers?: Record<string, string> },
): Promise<Result> {
  const r = (await AuthHandler({
    options,
    req: {
      action: req.action,
      method: req.method,
      providerId: req.providerId,
      body: req.body,
      query: {},
      cookies: { ...jar },
      headers: { host: "localhost:3000", ...req.headers },
    },
  })) as Result;
  for (const c of r.cookies ?? []) {
    const expired = c.options?.maxAge === 0 || (c.options?.expires !== undefined && new Date(c.options.expires).getTime() <= Date.now()) || c.value === "";
    if (expired) delete jar[c.name];
    else jar[c.name] = c.value;
  }
  return r;
}

/** Signs in through the credentials callback; the session cookie lands in `jar`. */
export async function signInWith(options: NextAuthOptions, email: string, password: string, headers: Record<string, string> = {}): Promise<Jar> {
  const jar: Jar = {};
  const csrf = await call(options, jar, { action: "csrf", method: "GET" });
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  await call(options, jar, { action: "callback", method: "POST", providerId: "credentials", body: { email, password, csrfToken, json: "true" }, headers });
  return jar;
}

/** What /api/auth/session answers for these cookies (null: no session), and the cookies afterwards. */
export async function sessionOf(options: NextAuthOptions, jar: Jar): Promise<{ user: { id: string; sessionVersion: number; email: string } } | null> {
  const r = await call(options, jar, { action: "session", method: "GET" });
  const body = r.body as { user?: { id: string; sessionVersion: number; email: string } } | undefined;
  return body?.user ? { user: body.user } : null;
}

/** Signs out (POST /api/auth/signout with the CSRF token), as the sign-out page does. */
export async function signOutWith(options: NextAuthOptions, jar: Jar): Promise<void> {
  const csrf = await call(options, jar, { action: "csrf", method: "GET" });
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  await call(options, jar, { action: "signout", method: "POST", body: { csrfToken } });
}

export function sessionToken(jar: Jar): string | undefined {
  return jar[sessionCookieName(false)];
}
