/**
 * lib/authz.ts's answers, turned into what Next.js pages, route handlers and server actions return:
 * a 403 page, a 403 JSON body, or an action error. Nothing here decides anything.
 */
import "server-only";
import { forbidden, notFound } from "next/navigation";
import { authorize, can, type Action, type Context, type Refusal, type Target } from "@/lib/authz";
import { getDb } from "@/lib/db/client";
import { jsonError } from "@/lib/http";
import { getCurrentUser, requireUser, type CurrentUser } from "@/lib/session";

export type Granted = {
  user: CurrentUser;
  courseId: string;
  role: "STUDENT" | "TA" | "INSTRUCTOR" | null;
  isOwner: boolean;
  ctx: Context;
  /** Whether the same user may do another action on the same target (lib/authz.ts's table). */
  allows: (action: Action) => boolean;
};

/** For pages: the 403 page when denied (an assignment not open yet included), the 404 page when the target does not exist. */
export async function requirePermission(action: Action, target: Target): Promise<Granted> {
  const user = await requireUser();
  const decision = await authorize(getDb(), user, action, target);
  if (!decision.allowed) refusePage(decision);
  return granted(user, decision);
}

/** For pages whose loader refused (lib/assignments asks lib/authz.ts itself): the 404 or 403 page. */
export function refusePage(refusal: Refusal): never {
  if (refusal.reason === "not-found") notFound();
  forbidden();
}

/** The JSON a route handler answers for a refusal. */
export function refusalResponse(refusal: Refusal): Response {
  if (refusal.reason === "not-found") return jsonError(404, "not-found", "No such resource.");
  if (refusal.reason === "not-open") return jsonError(403, "not-open", `This assignment opens at ${refusal.opensAt.toISOString()}.`);
  return jsonError(403, "forbidden", "You do not have access to this resource.");
}

/** For route handlers: either the grant, or the JSON response to return (401, 403 or 404). */
export async function guardRoute(action: Action, target: Target): Promise<{ ok: true; grant: Granted } | { ok: false; response: Response }> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, response: jsonError(401, "unauthenticated", "Sign in first.") };
  const decision = await authorize(getDb(), user, action, target);
  if (!decision.allowed) return { ok: false, response: refusalResponse(decision) };
  return { ok: true, grant: granted(user, decision) };
}

function granted(user: CurrentUser, d: Extract<Awaited<ReturnType<typeof authorize>>, { allowed: true }>): Granted {
  return { user, courseId: d.courseId, role: d.role, isOwner: d.isOwner, ctx: d.ctx, allows: (action) => can(user, action, d.ctx) };
}
