import { gradebookExport } from "@/lib/dal/api";
import { csvStreamResponse } from "@/lib/export/csv";
import { describeIssues, jsonError } from "@/lib/http";
import { courseIdSchema } from "@/lib/validations/ids";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** The course's gradebook: one row per student, one column per assignment problem, and the total; streamed as it is written. */
export async function GET(request: Request, context: { params: Promise<{ courseId: string }> }) {
  return observeRoute("GET", "/api/courses/[courseId]/gradebook.csv", request, () => respond(context));
}

/** The answer, timed by observeRoute (lib/observability/observe.ts). */
async function respond({ params }: { params: Promise<{ courseId: string }> }) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) return jsonError(400, "bad-request", "Invalid course id.", describeIssues(parsed.error.issues));
  const out = await gradebookExport(parsed.data);
  if (!out.ok) return out.response;
  if (!out.value) return jsonError(404, "not-found", "No such resource.");
  return csvStreamResponse(out.value.lines, out.value.fileName);
}
