import { getDb } from "@/lib/db/client";
import { csvResponse } from "@/lib/export/csv";
import { submissionsCsv } from "@/lib/export/gradebook";
import { guardRoute } from "@/lib/guards";
import { describeIssues, jsonError } from "@/lib/http";
import { assignmentIdSchema } from "@/lib/validations/ids";

export const dynamic = "force-dynamic";

/** Every submission of an assignment, one row each. Exporting grades is a course-level permission. */
export async function GET(_request: Request, { params }: { params: Promise<{ assignmentId: string }> }) {
  const parsed = assignmentIdSchema.safeParse((await params).assignmentId);
  if (!parsed.success) return jsonError(400, "bad-request", "Invalid assignment id.", describeIssues(parsed.error.issues));
  const review = await guardRoute("assignment.review", { assignmentId: parsed.data });
  if (!review.ok) return review.response;
  const guard = await guardRoute("grades.export", { courseId: review.grant.courseId });
  if (!guard.ok) return guard.response;
  const out = await submissionsCsv(getDb(), parsed.data);
  if (!out) return jsonError(404, "not-found", "No such resource.");
  return csvResponse(out.csv, out.fileName);
}
