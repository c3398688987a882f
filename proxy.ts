import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "@/lib/auth/secret";
import { REQUEST_PATH_HEADER } from "@/lib/auth/paths";
import { renewSession } from "@/lib/auth/session-cookie";
import { LOCALE_COOKIE, isLocale, negotiateLocale } from "@/lib/i18n/config";
import en from "@/lib/i18n/messages/en.json";
import zhCN from "@/lib/i18n/messages/zh-CN.json";
import { malformedActionBody } from "@/lib/security/action-requests";
import { bodyLimitFor, declaredLength, formatBytes, readBodyUpTo, tooLargeMessage, type BodyLimit } from "@/lib/security/body-limits";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/observability/request-id";
import { SESSION_CLAIMS_HEADER, sealClaims } from "@/lib/auth/request-claims";
import { cachedFramingOrigins, withRegisteredFrameAncestors } from "@/lib/lti/framing";
import { contentSecurityPolicy, newNonce, securityConfigFromEnv, securityHeaders, type SecurityConfig } from "@/lib/security/headers";

/** Reached by a scraper with a bearer token and no session: the route itself decides (lib/dal/metrics.ts). */
const METRICS_PATH = /^\/api\/metrics$/;

/** Pages and endpoints anyone may reach; everything else needs a session. */
const PUBLIC_PATHS = [/^\/signin$/, /^\/api\/auth(\/|$)/, /^\/api\/health$/, /^\/api\/lti\/(login|launch|jwks|handoff)$/, METRICS_PATH];

const METHODS_WITHOUT_BODY = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Routes that answer with their own Content-Security-Policy, built from the one this proxy puts on
 * the request: the LTI deep linking return page widens form-action to the LMS (lib/lti/deep-linking.ts).
 */
const OWN_POLICY_PATHS = /^\/api\/lti\/deep-link\/[^/]+$/;

// Read once: FRAME_ANCESTORS and NEXTAUTH_URL do not change while the server runs (`npm start`
// checks them before serving, so a bad value stops the start with its message).
let security: SecurityConfig | null = null;

/**
 * Runs before every page, route and server action:
 * 1. refuses a body larger than its address allows (lib/security/body-limits.ts) with 413, before
 *    Next parses it;
 * 2. sends visitors without a session to sign-in (and back where they were going afterwards); API
 *    routes answer 401 JSON instead;
 * 3. puts a fresh CSP nonce on the request (Next adds it to its own scripts while rendering) and the
 *    security headers (lib/security/headers.ts) on the response;
 * 4. passes the session it decoded on to the page or action, sealed (lib/auth/request-claims.ts),
 *    so that the cookie is decoded once per request;
 * 5. gives the request its id (x-request-id: a front proxy's when safe, else a new UUID), on the
 *    request passed on (routes and actions log it) and on every response, refusals included.
 * Authorization (who may see what) is not decided here but in lib/authz.ts, by every page and route.
 */
export async function proxy(request: NextRequest) {
  security ??= securityConfigFromEnv();
  const config = await framingConfig(security);
  const nonce = newNonce();
  const headers = securityHeaders(nonce, config);
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const secure = (response: NextResponse) => {
    for (const [name, value] of headers) response.headers.set(name, value);
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  };

  const checked = await checkBody(request);
  if (checked) return secure(checked);

  const { pathname, search } = request.nextUrl;
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUEST_PATH_HEADER, pathname + search);
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  forwarded.set("content-security-policy", contentSecurityPolicy(nonce, config));
  forwarded.set("x-nonce", nonce);
  forwarded.set(REQUEST_ID_HEADER, requestId);
  // Only this proxy says who the session names (lib/auth/request-claims.ts): never a client.
  forwarded.delete(SESSION_CLAIMS_HEADER);
  const next = () => {
    const response = secure(NextResponse.next({ request: { headers: forwarded } }));
    // Only when the request goes on to that route: the proxy's own answers (401, 413) keep the policy.
    if (OWN_POLICY_PATHS.test(pathname)) response.headers.delete("Content-Security-Policy");
    return response;
  };

  if (PUBLIC_PATHS.some((re) => re.test(pathname))) return next();

  const token = await getToken({ req: request, secret: authSecret() });
  if (token?.uid) {
    // The page or action reads the session from this instead of decoding the cookie again.
    const sealed = await sealClaims(token);
    if (sealed) forwarded.set(SESSION_CLAIMS_HEADER, sealed);
    return renewSession(request, next(), token);
  }

  if (pathname.startsWith("/api/")) {
    return secure(NextResponse.json({ error: { code: "unauthenticated", message: "Sign in first." } }, { status: 401 }));
  }
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", pathname + search);
  return secure(NextResponse.redirect(signIn));
}

/**
 * The LMSs registered for LTI may frame the app (lib/lti/framing.ts; cached for 30 s per process).
 * When the registrations cannot be read, framing stays as the environment says ('none' by default).
 */
async function framingConfig(base: SecurityConfig): Promise<SecurityConfig> {
  try {
    const origins = await cachedFramingOrigins(async () => {
      const { getDb } = await import("@/lib/db/client");
      return getDb().ltiPlatform.findMany({ select: { issuer: true, authUrl: true, lmsOrigins: true } });
    });
    return withRegisteredFrameAncestors(base, origins);
  } catch {
    return base;
  }
}

/**
 * A 413 when the body is over its limit, a 400 when a server action's body is one Next could not
 * decode (its decoder would fail with a 500), else null. Next keeps its own copy of the body, so the
 * proxy may read this one.
 */
async function checkBody(request: NextRequest): Promise<NextResponse | null> {
  if (METHODS_WITHOUT_BODY.has(request.method)) return null;
  const limit = bodyLimitFor(request.nextUrl.pathname);
  const declared = declaredLength(request.headers.get("content-length"));
  if (declared !== null && declared > limit.bytes) return tooLargeResponse(request, limit, declared);
  const action = request.method === "POST" && request.headers.has("next-action");
  // With a declared length under the limit, only an action's body needs reading; without one (a
  // chunked upload), every body is read as it arrives and refused once it passes the limit.
  if (declared !== null && !action) return null;
  const bytes = await readBodyUpTo(request.body, limit.bytes);
  if (bytes === null) return tooLargeResponse(request, limit, null);
  if (!action) return null;
  const why = malformedActionBody(request.headers.get("content-type"), new TextDecoder().decode(bytes));
  return why === null ? null : new NextResponse(why, { status: 400, headers: { "content-type": "text/plain" } });
}

function tooLargeResponse(request: NextRequest, limit: BodyLimit, received: number | null): NextResponse {
  const message = tooLargeMessage(limit, received);
  if (limit.kind === "route") {
    return NextResponse.json({ error: { code: "payload-too-large", message, limit: limit.bytes } }, { status: 413 });
  }
  if (request.headers.has("next-action")) {
    // Exactly "text/plain": Next's client then throws an Error with this message, which the page shows.
    return new NextResponse(message, { status: 413, headers: { "content-type": "text/plain" } });
  }
  // A form posted without JavaScript: a page that says what happened.
  const chosen = request.cookies.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : negotiateLocale(request.headers.get("accept-language"));
  const t = (locale === "zh-CN" ? zhCN : en).errors;
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = t.tooLargeBody.replace("{limit}", formatBytes(limit.bytes));
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(t.tooLargeTitle)}</title></head><body><main><h1>${escape(t.tooLargeTitle)}</h1><p>${escape(body)}</p><p><a href="/">${escape(t.backHome)}</a></p></main></body></html>`;
  return new NextResponse(html, { status: 413, headers: { "content-type": "text/html; charset=utf-8" } });
}

export const config = {
  // Skip Next's own assets and files served from public/.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|ico|css|js|txt|webmanifest)$).*)"],
};
