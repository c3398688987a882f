/**
 * lib/authz.ts's answers, turned into what Next.js pages, route handlers and server actions return:
 * a 403 page, a 403 JSON body, or an action error. Nothing here decides anything.
 */
import { forbidden, notFound } from "next/navigation";
import { authorize, type Action, type Target } from "@/lib/authz";
import { getDb } from "@/lib/db/client";
import { jsonError } from "@/lib/http";
import { getCurrentUser, requireUser, type CurrentUser } from "@/lib/session";

export type Granted = { user: CurrentUser; courseId: string; role: "STUDENT" | "TA" | "INSTRUCTOR" | null; isOwner: boolean };

/** For pages: the 403 page when denied, the 404 page when the target does not exist. */
export async function requirePermission(action: Action, target: Target): Promise<Granted> {
  const user = await requireUser();
  const decision = await authorize(getDb(), user, action, target);
  if (!decision.allowed) {
    if (decision.reason === "not-found") notFound();
    forbidden();
  }
  return { user, courseId: decision.courseId, role: decision.role, isOwner: decision.isOwner };
}

/** For route handlers: either the grant, or the JSON response to return (401, 403 or 404). */
export async function guardRoute(
  action: Action,
  target: Target,
): Promise<{ ok: true; grant: Granted } | { ok: false; response: Response }> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, response: jsonError(401, "unauthenticated", "Sign in first.") };
  const decision = await authorize(getDb(), user, action, target);
  if (!decision.allowed) {
    return decision.reason === "not-found"
      ? { ok: false, response: jsonError(404, "not-found", "No such resource.") }
      : { ok: false, response: jsonError(403, "forbidden", "You do not have access to this resource.") };
  }
  return { ok: true, grant: { user, courseId: decision.courseId, role: decision.role, isOwner: decision.isOwner } };
}
