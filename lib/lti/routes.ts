import "server-only";

/**
 * What the routes under app/api/lti answer, given the database (the route handlers pass the app's,
 * tests their own): login initiation, the launch that signs the user in with the app's own session
 * cookie (lib/auth/session-cookie.ts), and the tool's public keys.
 */
import { claimsFor, sessionCookie } from "@/lib/auth/session-cookie";
import { getDb, type Db } from "@/lib/db/client";
import { checkStateBinding, clearedStateCookie, stateCookie } from "./browser-binding";
import { framedCookieAttributes } from "./framing";
import { framedLaunchResponse } from "./handoff";
import { publishedJwks } from "./keys";
import { acceptLaunch, type DeepLinkingOutcome, type LaunchOutcome } from "./launch";
import { startLogin, toolUrls } from "./login";
import { LtiRefusal, refusalPage } from "./refusal";

/** The request's parameters: the query string of a GET, the form of a POST (platforms may use either). */
async function paramsOf(request: Request): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const put = (k: string, v: unknown) => {
    if (typeof v === "string") out[k] = v;
  };
  if (request.method === "POST") {
    const type = request.headers.get("content-type") ?? "";
    if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
      for (const [k, v] of (await request.formData()).entries()) put(k, v);
    }
  } else {
    for (const [k, v] of new URL(request.url).searchParams) put(k, v);
  }
  return out;
}

function refused(e: unknown, request: Request): Response {
  if (e instanceof LtiRefusal) return refusalPage(e, request.headers.get("accept-language"));
  throw e;
}

export async function ltiLogin(db: Db, request: Request): Promise<Response> {
  try {
    const location = await startLogin(db, await paramsOf(request), toolUrls(request.url));
    const headers = new Headers({ location, "cache-control": "no-store" });
    headers.append("set-cookie", stateCookie(new URL(location).searchParams.get("state")!)); // login CSRF: lib/lti/browser-binding.ts
    return new Response(null, { status: 302, headers });
  } catch (e) {
    return refused(e, request);
  }
}

/**
 * Where a launch lands: the deep linking picker, the resource link's assignment, the target link when
 * it names a page of the tool (its href as is: rebuilding it from its path would turn "//host/…" into
 * another host), else the course.
 */
export function landingUrl(outcome: LaunchOutcome | DeepLinkingOutcome, origin: string): string {
  // Deep linking: the picker for the stored request (lib/lti/deep-linking.ts).
  if (outcome.kind === "deep-linking") return new URL(`/teach/lti/deep-link/${outcome.deepLinkRequestId}`, origin).href;
  // A resource link made by deep linking opens its assignment.
  if (outcome.assignmentId) {
    const page = outcome.role === "STUDENT" ? `/assignments/${outcome.assignmentId}` : `/teach/assignments/${outcome.assignmentId}`;
    return new URL(page, origin).href;
  }
  const course = outcome.role === "STUDENT" ? `/dashboard#course-${outcome.courseId}` : `/teach/courses/${outcome.courseId}`;
  try {
    const target = new URL(outcome.targetLinkUri);
    if (target.origin === origin && target.pathname !== "/" && !target.pathname.startsWith("/api/")) return target.href;
  } catch {
    // not a URL: open the course
  }
  return new URL(course, origin).href;
}

export async function ltiLaunch(db: Db, request: Request): Promise<Response> {
  try {
    const form = await paramsOf(request);
    await checkStateBinding(db, request, form); // login CSRF: lib/lti/browser-binding.ts
    const outcome = await acceptLaunch(db, form);
    const { origin } = toolUrls(request.url);
    const cookie = await sessionCookie(claimsFor(outcome.user, { framed: true }));
    const headers = new Headers({ location: landingUrl(outcome, origin), "cache-control": "no-store" });
    const { options } = cookie;
    headers.append(
      "set-cookie",
      `${cookie.name}=${cookie.value}; Path=${options.path}; Expires=${options.expires.toUTCString()}; HttpOnly; ${framedCookieAttributes(options.secure)}`,
    );
    headers.append("set-cookie", clearedStateCookie(form.state!));
    // Inside the LMS's frame the cookie may be blocked: a page checks it came back (lib/lti/handoff.ts).
    if (request.headers.get("sec-fetch-dest") === "iframe") return framedLaunchResponse(db, request, outcome.user.id, headers);
    // 303: the browser follows with a GET. Under https the cookie is SameSite=None (lib/lti/framing.ts)
    // so it also goes with the requests of the app inside the LMS's iframe; under http it is Lax.
    return new Response(null, { status: 303, headers });
  } catch (e) {
    return refused(e, request);
  }
}

export async function ltiJwks(db: Db): Promise<Response> {
  return Response.json(await publishedJwks(db), { headers: { "cache-control": "public, max-age=300" } });
}

/** The route handlers' entry points, on the app's database. */
export const loginRoute = (request: Request) => ltiLogin(getDb(), request);
export const launchRoute = (request: Request) => ltiLaunch(getDb(), request);
export const jwksRoute = () => ltiJwks(getDb());
