/**
 * The staff modules' own check against lib/authz.ts, so that an action is refused by the module
 * that does it and not only by the page that calls it (tests call the modules directly).
 */
import { authorize, type Action, type Actor, type Target } from "@/lib/authz";
import type { Db } from "@/lib/db/client";

export type Refusal = { status: "forbidden" } | { status: "not-found" };

/** Null when allowed; otherwise what to answer. */
export async function refusal(db: Db, actor: Actor, action: Action, target: Target): Promise<Refusal | null> {
  const decision = await authorize(db, actor, action, target);
  if (decision.allowed) return null;
  return decision.reason === "not-found" ? { status: "not-found" } : { status: "forbidden" };
}

/** Whether a Prisma error is a unique-constraint violation (another row took the value first). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && "code" in e && e.code === "P2002";
}
