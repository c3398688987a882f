"use server";

import { updateAssignment } from "@/lib/authoring/assignments";
import { getDb } from "@/lib/db/client";
import type { Outcome } from "@/lib/validations/form-result";
import { assignmentIdSchema } from "@/lib/validations/ids";
import { getCurrentUser } from "@/lib/session";

export async function updateAssignmentAction(assignmentId: unknown, input: unknown): Promise<Outcome<{ changed: boolean }>> {
  const id = assignmentIdSchema.safeParse(assignmentId);
  const user = await getCurrentUser();
  if (!id.success || !user) return { status: "not-found" };
  return updateAssignment(getDb(), user, id.data, input);
}
