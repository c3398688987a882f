"use server";

/** The assignment edit page's actions: the form, archive, duplicate, delete (lib/ checks access and audits). */
import { revalidatePath } from "next/cache";
import { archiveAssignmentAs, deleteAssignmentAs, duplicateAssignmentAs, updateAssignmentAs } from "@/lib/dal/staff-assignments";
import type { Outcome } from "@/lib/validations/form-result";
import { assignmentIdSchema } from "@/lib/validations/ids";
import { getCurrentUser } from "@/lib/session";

async function who(assignmentId: unknown) {
  const id = assignmentIdSchema.safeParse(assignmentId);
  const user = await getCurrentUser();
  return id.success && user ? { user, assignmentId: id.data } : null;
}

export async function updateAssignmentAction(assignmentId: unknown, input: unknown): Promise<Outcome<{ changed: boolean }>> {
  const w = await who(assignmentId);
  if (!w) return { status: "not-found" };
  return updateAssignmentAs(w.user, w.assignmentId, input);
}

export async function archiveAssignmentAction(assignmentId: unknown, input: unknown): Promise<Outcome<{ changed: boolean }>> {
  const w = await who(assignmentId);
  if (!w) return { status: "not-found" };
  const r = await archiveAssignmentAs(w.user, w.assignmentId, input);
  if (r.status === "ok") revalidatePath(`/teach/assignments/${w.assignmentId}`, "layout");
  return r;
}

export async function duplicateAssignmentAction(assignmentId: unknown, input: unknown): Promise<Outcome<{ assignmentId: string }>> {
  const w = await who(assignmentId);
  if (!w) return { status: "not-found" };
  return duplicateAssignmentAs(w.user, w.assignmentId, input);
}

export async function deleteAssignmentAction(assignmentId: unknown): Promise<Outcome<{ courseId: string }>> {
  const w = await who(assignmentId);
  if (!w) return { status: "not-found" };
  return deleteAssignmentAs(w.user, w.assignmentId);
}
