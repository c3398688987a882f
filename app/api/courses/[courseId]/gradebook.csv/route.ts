import { getDb } from "@/lib/db/client";
import { csvResponse } from "@/lib/export/csv";
import { gradebookCsv } from "@/lib/export/gradebook";
import { guardRoute } from "@/lib/guards";
import { describeIssues, jsonError } from "@/lib/http";
import { courseIdSchema } from "@/lib/validations/ids";

export const dynamic = "force-dynamic";

/** The course's gradebook: one row per student, one column per assignment problem, and the total. */
export async function GET(_request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) return jsonError(400, "bad-request", "Invalid course id.", describeIssues(parsed.error.issues));
  const guard = await guardRoute("grades.export", { courseId: parsed.data });
  if (!guard.ok) return guard.response;
  const out = await gradebookCsv(getDb(), parsed.data);
  if (!out) return jsonError(404, "not-found", "No such resource.");
  return csvResponse(out.csv, out.fileName);
}
