import { submissionsExport } from "@/lib/dal/api";
import { csvStreamResponse } from "@/lib/export/csv";
import { describeIssues, jsonError } from "@/lib/http";
import { assignmentIdSchema } from "@/lib/validations/ids";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** Every submission of an assignment, one row each, streamed as it is read. Exporting grades is a course-level permission. */
export async function GET(request: Request, context: { params: Promise<{ assignmentId: string }> }) {
  return observeRoute("GET", "/api/assignments/[assignmentId]/submissions.csv", request, () => respond(context));
}

/** The answer, timed by observeRoute (lib/observability/observe.ts). */
async function respond({ params }: { params: Promise<{ assignmentId: string }> }) {
  const parsed = assignmentIdSchema.safeParse((await params).assignmentId);
  if (!parsed.success) return jsonError(400, "bad-request", "Invalid assignment id.", describeIssues(parsed.error.issues));
  const out = await submissionsExport(parsed.data);
  if (!out.ok) return out.response;
  if (!out.value) return jsonError(404, "not-found", "No such resource.");
  return csvStreamResponse(out.value.lines, out.value.fileName);
}
