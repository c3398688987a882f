"use server";

/**
 * "Add to assignment" on a staff problem page: the problem (bound by the page) appended to one of the
 * person's assignments with its points. lib/authoring checks access (assignment.manage, problem.view),
 * pins the version as the assignment form does, and audits; this only finds the user.
 */
import { revalidatePath } from "next/cache";
import { addProblemToAssignmentAs } from "@/lib/dal/staff-assignments";
import type { AddedToAssignment } from "@/lib/authoring/assignments";
import type { Outcome } from "@/lib/validations/form-result";
import { problemIdSchema } from "@/lib/validations/ids";
import { getCurrentUser } from "@/lib/session";

export async function addToAssignmentAction(problemId: unknown, input: unknown): Promise<Outcome<AddedToAssignment>> {
  const id = problemIdSchema.safeParse(problemId);
  const user = await getCurrentUser();
  if (!id.success || !user) return { status: "not-found" };
  const r = await addProblemToAssignmentAs(user, id.data, input);
  if (r.status === "ok") revalidatePath(`/teach/assignments/${r.value.assignmentId}`, "layout");
  return r;
}
