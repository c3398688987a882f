import { getDb } from "@/lib/db/client";
import { guardRoute } from "@/lib/guards";
import { describeIssues, jsonError } from "@/lib/http";
import { courseIdSchema } from "@/lib/validations/ids";

export const dynamic = "force-dynamic";

/** A course and its assignments (archived ones left out), for anyone in the course. */
export async function GET(_request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) return jsonError(400, "bad-request", "Invalid course id.", describeIssues(parsed.error.issues));
  const guard = await guardRoute("course.view", { courseId: parsed.data });
  if (!guard.ok) return guard.response;
  const course = await getDb().course.findUniqueOrThrow({
    where: { id: parsed.data },
    select: {
      id: true,
      code: true,
      title: true,
      term: true,
      assignments: { where: { archivedAt: null }, orderBy: { dueAt: "asc" }, select: { id: true, title: true, opensAt: true, dueAt: true } },
    },
  });
  return Response.json({ course, role: guard.grant.role });
}
