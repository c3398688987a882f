"use server";

/**
 * The staff submission page's server actions: override a part's score, answer a regrade request.
 * Each parses the form with zod and asks lib/authz.ts (both inside lib/review), then refreshes the
 * pages that show the submission.
 */
import { revalidatePath } from "next/cache";
import { formValues, nextSeq, type ReviewFormState } from "@/app/_components/review/form-state";
import { overridePartAs, respondRegradeAs } from "@/lib/dal/staff-review";
import { getCurrentUser } from "@/lib/session";

function refresh(submissionId: string | undefined) {
  if (!submissionId) return;
  revalidatePath(`/teach/submissions/${submissionId}`);
  revalidatePath(`/submissions/${submissionId}`);
}

export async function overrideAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  const values = formValues(formData);
  const seq = nextSeq(prev);
  const user = await getCurrentUser();
  if (!user) return { status: "error", seq, error: "unauthenticated", values };
  const r = await overridePartAs(user, values);
  if (!r.ok) return { status: "error", seq, error: r.error, ...(r.field ? { field: r.field } : {}), values };
  refresh(values.submissionId);
  return { status: "ok", seq, message: "override.saved" };
}

export async function respondRegradeAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  const values = formValues(formData);
  const seq = nextSeq(prev);
  const user = await getCurrentUser();
  if (!user) return { status: "error", seq, error: "unauthenticated", values };
  const r = await respondRegradeAs(user, values);
  if (!r.ok) return { status: "error", seq, error: r.error, ...(r.field ? { field: r.field } : {}), values };
  refresh(values.submissionId);
  return { status: "ok", seq, message: r.status === "ACCEPTED" ? "regrade.accepted" : "regrade.declined" };
}
