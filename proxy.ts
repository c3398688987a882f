import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "@/lib/auth/secret";
import { REQUEST_PATH_HEADER } from "@/lib/auth/paths";
import { renewSession } from "@/lib/auth/session-cookie";

/** Pages and endpoints anyone may reach; everything else needs a session. */
const PUBLIC_PATHS = [/^\/signin$/, /^\/api\/auth(\/|$)/, /^\/api\/health$/];

/**
 * Sends visitors without a session to sign-in (and back where they were going afterwards); API
 * routes answer 401 JSON instead. Authorization (who may see what) is not decided here but in
 * lib/authz.ts, by every page and route.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUEST_PATH_HEADER, pathname + search);
  const next = () => NextResponse.next({ request: { headers: forwarded } });

  if (PUBLIC_PATHS.some((re) => re.test(pathname))) return next();

  const token = await getToken({ req: request, secret: authSecret() });
  if (token?.uid) return renewSession(request, next(), token);

  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "unauthenticated", message: "Sign in first." } }, { status: 401 });
  }
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Skip Next's own assets and files served from public/.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|ico|css|js|txt|webmanifest)$).*)"],
};
