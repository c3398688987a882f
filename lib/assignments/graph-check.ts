/**
 * "Check my graph": a student's own graph checked before they submit, so they can annotate it. It uses
 * no attempt, so it may say whether the graph is acceptable (the right function, detailed enough) and
 * nothing about any number: only the construction part is graded, and where the graph computes a
 * different value, no point or value is reported. (A counterexample at the problem's own point, or
 * its absence there, would tell whether a graph such as `s = 2 + 0 * x1` has the answer's value.)
 */
import { authorize, type Actor } from "@/lib/authz";
import type { Db } from "@/lib/db/client";
import { gradeSubmission, type PartResult } from "@/lib/problems/grade";
import { takeRequest } from "./request-limits";
import { loadWorkContext } from "./workspace";

export type GraphCheckOutcome =
  | { ok: true; part: Extract<PartResult, { kind: "graph-construction" }> }
  /** Too many checks in the last minute (lib/assignments/request-limits.ts): nothing was evaluated. */
  | { ok: false; reason: "rate-limited"; limit: number; retryAfterSeconds: number }
  | { ok: false; reason: string };

export async function checkOwnGraph(
  db: Db,
  actor: Actor,
  input: { assignmentId: string; problemId: string; partId: string; source: string },
  now: Date = new Date(),
): Promise<GraphCheckOutcome> {
  const decision = await authorize(db, actor, "assignment.submit", { assignmentId: input.assignmentId });
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  const context = await loadWorkContext(db, { userId: actor.id, assignmentId: input.assignmentId, problemId: input.problemId });
  if (!context) return { ok: false, reason: "not-found" };
  const part = context.compiled.file.parts.find((p) => p.id === input.partId);
  if (!part || part.kind !== "graph-construction") return { ok: false, reason: "not a graph-construction part" };
  const limited = await takeRequest(db, "graph-check", actor.id, now);
  if (!limited.ok) return { ok: false, reason: "rate-limited", limit: limited.limit, retryAfterSeconds: limited.retryAfterSeconds };
  // Only this part is graded: every other answer is left blank.
  const graded = gradeSubmission(context.compiled, context.variant, { [part.id]: input.source }).parts.find((p) => p.id === part.id);
  if (!graded || graded.kind !== "graph-construction") return { ok: false, reason: "not a graph-construction part" };
  const check = graded.check;
  if (check && check.ok && check.counterexample?.reason === "value") {
    return { ok: true, part: { ...graded, check: { ...check, counterexample: { ...check.counterexample, at: null, expected: null, given: null } } } };
  }
  return { ok: true, part: graded };
}
