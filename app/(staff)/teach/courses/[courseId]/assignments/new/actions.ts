"use server";

import { createAssignmentAs } from "@/lib/dal/staff-assignments";
import type { Outcome } from "@/lib/validations/form-result";
import { courseIdSchema } from "@/lib/validations/ids";
import { getCurrentUser } from "@/lib/session";

export async function createAssignmentAction(courseId: unknown, input: unknown): Promise<Outcome<{ assignmentId: string }>> {
  const id = courseIdSchema.safeParse(courseId);
  const user = await getCurrentUser();
  if (!id.success || !user) return { status: "not-found" };
  return createAssignmentAs(user, id.data, input);
}
