import { courseSummary } from "@/lib/dal/api";
import { describeIssues, jsonError } from "@/lib/http";
import { courseIdSchema } from "@/lib/validations/ids";
import { observeRoute } from "@/lib/observability/observe";

export const dynamic = "force-dynamic";

/** A course and its assignments, for anyone in the course; an assignment's problems only once lib/authz.ts lets the viewer see them. */
export async function GET(request: Request, context: { params: Promise<{ courseId: string }> }) {
  return observeRoute("GET", "/api/courses/[courseId]", request, () => respond(context));
}

/** The answer, timed by observeRoute (lib/observability/observe.ts). */
async function respond({ params }: { params: Promise<{ courseId: string }> }) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) return jsonError(400, "bad-request", "Invalid course id.", describeIssues(parsed.error.issues));
  const summary = await courseSummary(parsed.data);
  if (!summary.ok) return summary.response;
  return Response.json(summary.value);
}
