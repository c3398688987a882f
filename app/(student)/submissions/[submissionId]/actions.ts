"use server";

/** A student asks staff to look again at one part of their own submission (lib/review/regrade.ts decides). */
import { revalidatePath } from "next/cache";
import { formValues, nextSeq, type ReviewFormState } from "@/app/_components/review/form-state";
import { askForRegrade } from "@/lib/dal/student";

export async function requestRegradeAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  const values = formValues(formData);
  const seq = nextSeq(prev);
  const r = await askForRegrade(values);
  if (!r.ok) return { status: "error", seq, error: r.error, ...(r.field ? { field: r.field } : {}), values };
  revalidatePath(`/submissions/${values.submissionId}`);
  revalidatePath(`/teach/submissions/${values.submissionId}`);
  return { status: "ok", seq, message: "regrade.sent" };
}
