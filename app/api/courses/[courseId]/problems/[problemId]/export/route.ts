import { problemFileExport } from "@/lib/dal/api";
import { describeIssues, jsonError } from "@/lib/http";
import { courseIdSchema, problemIdSchema } from "@/lib/validations/ids";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** A problem's current file, as `<id>.yaml`, for the course's staff (every course sees the bank; the course is whose page it came from). */
export async function GET(request: Request, context: { params: Promise<{ courseId: string; problemId: string }> }) {
  return observeRoute("GET", "/api/courses/[courseId]/problems/[problemId]/export", request, () => respond(context));
}

/** The answer, timed by observeRoute (lib/observability/observe.ts). */
async function respond({ params }: { params: Promise<{ courseId: string; problemId: string }> }) {
  const raw = await params;
  const courseId = courseIdSchema.safeParse(raw.courseId);
  const problemId = problemIdSchema.safeParse(raw.problemId);
  if (!courseId.success) return jsonError(400, "bad-request", "Invalid course id.", describeIssues(courseId.error.issues));
  if (!problemId.success) return jsonError(400, "bad-request", "Invalid problem id.", describeIssues(problemId.error.issues));
  const found = await problemFileExport(courseId.data, problemId.data);
  if (!found.ok) return found.response;
  const file = found.value;
  if (!file) return jsonError(404, "not-found", "No such problem.");
  return new Response(file.text, {
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
