import { isRefusal } from "@/lib/authz";
import { loadCourseSummary } from "@/lib/assignments/dashboard";
import { getDb } from "@/lib/db/client";
import { refusalResponse } from "@/lib/guards";
import { describeIssues, jsonError } from "@/lib/http";
import { getCurrentUser } from "@/lib/session";
import { courseIdSchema } from "@/lib/validations/ids";

export const dynamic = "force-dynamic";

/** A course and its assignments, for anyone in the course; an assignment's problems only once lib/authz.ts lets the viewer see them. */
export async function GET(_request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) return jsonError(400, "bad-request", "Invalid course id.", describeIssues(parsed.error.issues));
  const user = await getCurrentUser();
  if (!user) return jsonError(401, "unauthenticated", "Sign in first.");
  const summary = await loadCourseSummary(getDb(), user, parsed.data);
  if (isRefusal(summary)) return refusalResponse(summary);
  return Response.json(summary);
}
