"use server";

/** A student asks staff to look again at one part of their own submission (lib/review/regrade.ts decides). */
import { revalidatePath } from "next/cache";
import { formValues, nextSeq, type ReviewFormState } from "@/app/_components/review/form-state";
import { getDb } from "@/lib/db/client";
import { requestRegrade } from "@/lib/review/regrade";
import { getCurrentUser } from "@/lib/session";

export async function requestRegradeAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  const values = formValues(formData);
  const seq = nextSeq(prev);
  const user = await getCurrentUser();
  if (!user) return { status: "error", seq, error: "unauthenticated", values };
  const r = await requestRegrade(getDb(), user, values);
  if (!r.ok) return { status: "error", seq, error: r.error, ...(r.field ? { field: r.field } : {}), values };
  revalidatePath(`/submissions/${values.submissionId}`);
  revalidatePath(`/teach/submissions/${values.submissionId}`);
  return { status: "ok", seq, message: "regrade.sent" };
}
