import "server-only";

/**
 * What the JSON and file routes under app/api read. Each function checks the caller through
 * lib/guards.ts (which asks lib/authz.ts) and answers either the data or the ready response for a
 * refusal (401, 403 or 404), so a route handler only parses its parameters and writes the answer.
 */
import { loadCourseSummary, type CourseSummary } from "@/lib/assignments/dashboard";
import { exportProblem } from "@/lib/authoring/problems";
import { isRefusal } from "@/lib/authz";
import { getDb } from "@/lib/db/client";
import { gradebookCsvLines, submissionsCsvLines } from "@/lib/export/gradebook";
import { guardRoute, refusalResponse } from "@/lib/guards";
import { jsonError } from "@/lib/http";
import { getCurrentUser } from "@/lib/session";

/** Either what the route asked for (null when the thing does not exist), or the response that refuses it. */
export type Guarded<T> = { ok: true; value: T } | { ok: false; response: Response };

/** A course and its assignments, for anyone in the course; an assignment's problems only once lib/authz.ts shows them. */
export async function courseSummary(courseId: string): Promise<Guarded<CourseSummary>> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, response: jsonError(401, "unauthenticated", "Sign in first.") };
  const summary = await loadCourseSummary(getDb(), user, courseId);
  if (isRefusal(summary)) return { ok: false, response: refusalResponse(summary) };
  return { ok: true, value: summary };
}

/** The course's gradebook as CSV lines (streamed by the route), for whoever may export its grades. */
export async function gradebookExport(courseId: string): Promise<Guarded<{ lines: AsyncIterable<string>; fileName: string } | null>> {
  const guard = await guardRoute("grades.export", { courseId });
  if (!guard.ok) return guard;
  return { ok: true, value: await gradebookCsvLines(getDb(), courseId) };
}

/** Every submission of an assignment as CSV lines (streamed by the route): for whoever reviews the assignment and may export the course's grades. */
export async function submissionsExport(assignmentId: string): Promise<Guarded<{ lines: AsyncIterable<string>; fileName: string } | null>> {
  const review = await guardRoute("assignment.review", { assignmentId });
  if (!review.ok) return review;
  const guard = await guardRoute("grades.export", { courseId: review.grant.courseId });
  if (!guard.ok) return guard;
  return { ok: true, value: await submissionsCsvLines(getDb(), assignmentId) };
}

/** A problem's current file, for the staff of the course whose page it is exported from. */
export async function problemFileExport(courseId: string, problemId: string): Promise<Guarded<{ fileName: string; text: string } | null>> {
  const guard = await guardRoute("problem.view", { problemId, courseId });
  if (!guard.ok) return guard;
  return { ok: true, value: await exportProblem(getDb(), problemId) };
}

/** One real round trip to the database; throws when it cannot be reached or answers nonsense. */
export async function pingDatabase(): Promise<void> {
  const rows = await getDb().$queryRaw<{ ok: bigint | number }[]>`SELECT 1 AS ok`;
  if (Number(rows[0]?.ok) !== 1) throw new Error("unexpected answer");
}
