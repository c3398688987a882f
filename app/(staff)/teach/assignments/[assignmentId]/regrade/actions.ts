"use server";

/** Applies a bulk regrade (and version moves) that staff previewed and confirmed (lib/review/bulk-regrade.ts checks everything again). */
import { revalidatePath } from "next/cache";
import { formValues, nextSeq, type ReviewFormState } from "@/app/_components/review/form-state";
import { applyBulkRegradeAs } from "@/lib/dal/staff-review";
import { getCurrentUser } from "@/lib/session";

export async function applyBulkRegradeAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  const values = formValues(formData);
  const seq = nextSeq(prev);
  const user = await getCurrentUser();
  if (!user) return { status: "error", seq, error: "unauthenticated", values };
  const r = await applyBulkRegradeAs(user, values);
  if (!r.ok) return { status: "error", seq, error: r.error, values };
  revalidatePath(`/teach/assignments/${values.assignmentId}`, "layout");
  return { status: "ok", seq, message: "bulk.applied", params: { applied: r.applied, changed: r.changed, moved: r.moved } };
}
