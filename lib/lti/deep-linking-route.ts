import "server-only";

/**
 * POST /api/lti/deep-link/[id]: the picker's form (app/(staff)/teach/lti/deep-link/[id]) posts the
 * assignments picked, or cancel; the answer is the page that carries the signed response to the LMS
 * (lib/lti/deep-linking.ts). A route and not a server action because the answer is a whole HTML
 * document with its own Content-Security-Policy (form-action widened to the return URL's origin).
 * It takes only same-origin form posts: the session cookie may go with cross-site requests when the
 * tool is framed by the LMS (SameSite=None).
 */
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/authz";
import { getDb, type Db } from "@/lib/db/client";
import { getCurrentUser } from "@/lib/session";
import { deepLinkPickSchema, respondToDeepLink, returnPage, returnPagePolicy } from "./deep-linking";
import { toolUrls } from "./login";
import { LtiRefusal, refusalPage } from "./refusal";

export async function ltiDeepLinkResponse(db: Db, actor: Actor | null, request: Request, id: string, now: Date = new Date()): Promise<Response> {
  const acceptLanguage = request.headers.get("accept-language");
  try {
    if (!actor) throw new LtiRefusal(401, "deep-link-not-yours", "sign in first: the picker is opened by a launch from the LMS");
    const { origin } = toolUrls(request.url);
    const from = request.headers.get("origin");
    if (from !== origin) throw new LtiRefusal(403, "bad-request", `the form was posted from ${from ?? "an unknown origin"}, not from ${origin}`);
    const type = request.headers.get("content-type") ?? "";
    if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) {
      throw new LtiRefusal(400, "bad-request", `expected a form post, got content-type ${type || "(none)"}`);
    }
    const form = await request.formData();
    const parsed = deepLinkPickSchema.safeParse(
      form.get("cancel") !== null ? { cancel: true } : { assignmentIds: form.getAll("assignment").filter((v) => typeof v === "string") },
    );
    if (!parsed.success) throw new LtiRefusal(400, "bad-request", parsed.error.issues.map((i) => `${i.path.join(".") || "form"}: ${i.message}`).join("; "));
    const response = await respondToDeepLink(db, actor, id, parsed.data, origin, now);
    // The proxy put this request's CSP nonce and policy on it and leaves the response's policy to this
    // route (proxy.ts); the page's script carries that nonce.
    const nonce = request.headers.get("x-nonce") ?? "";
    const appPolicy = request.headers.get("content-security-policy") ?? "default-src 'self'";
    return new Response(returnPage(response, nonce, acceptLanguage), {
      status: 200,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy": returnPagePolicy(appPolicy, response.returnUrl),
      },
    });
  } catch (e) {
    if (!(e instanceof LtiRefusal)) throw e;
    await recordAudit(db, {
      actorId: actor?.id ?? null,
      action: "lti.deep-link.refused",
      entityType: "LtiDeepLinkRequest",
      entityId: id.slice(0, 64),
      after: { reason: e.reason, detail: e.detail },
    });
    const page = refusalPage(e, acceptLanguage);
    // The proxy leaves this route's policy to it (proxy.ts): the refusal page gets the app's own.
    page.headers.set("content-security-policy", request.headers.get("content-security-policy") ?? "default-src 'self'");
    return page;
  }
}

/** The route handler's entry point, on the app's database and session. */
export async function deepLinkResponseRoute(request: Request, id: string): Promise<Response> {
  return ltiDeepLinkResponse(getDb(), await getCurrentUser(), request, id);
}
