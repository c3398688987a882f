"use server";

/**
 * The staff submission page's server actions: override a part's score, answer a regrade request,
 * define, edit, reorder, delete and apply the part's saved comments (rubric).
 * Each parses the form with zod and asks lib/authz.ts (both inside lib/review), then refreshes the
 * pages that show the submission.
 */
import { revalidatePath } from "next/cache";
import { formValues, nextSeq, type ReviewFormState } from "@/app/_components/review/form-state";
import {
  applyRubricItemAs,
  createRubricItemAs,
  deleteRubricItemAs,
  moveRubricItemAs,
  overridePartAs,
  respondRegradeAs,
  updateRubricItemAs,
} from "@/lib/dal/staff-review";
import type { Actor } from "@/lib/authz";
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

type RubricWriter = (actor: Actor, values: unknown) => Promise<{ ok: true } | { ok: false; error: string; field?: string }>;

/**
 * One rubric action: the form's values to the writer (which parses them with zod and asks lib/authz.ts),
 * then every page showing this submission refreshed. An item's edit or deletion changes the scores of
 * other submissions too; their pages read fresh data when next opened (they are rendered per request).
 */
async function rubricAction(writer: RubricWriter, prev: unknown, formData: unknown): Promise<ReviewFormState> {
  const values = formValues(formData);
  const seq = nextSeq(prev);
  const user = await getCurrentUser();
  if (!user) return { status: "error", seq, error: "unauthenticated", values };
  const r = await writer(user, values);
  if (!r.ok) return { status: "error", seq, error: r.error, ...(r.field ? { field: r.field } : {}), values };
  refresh(values.submissionId);
  return { status: "ok", seq, message: "saved" };
}

export async function createRubricAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  return rubricAction(createRubricItemAs, prev, formData);
}
export async function updateRubricAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  return rubricAction(updateRubricItemAs, prev, formData);
}
export async function deleteRubricAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  return rubricAction(deleteRubricItemAs, prev, formData);
}
export async function moveRubricAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  return rubricAction(moveRubricItemAs, prev, formData);
}
export async function applyRubricAction(prev: unknown, formData: unknown): Promise<ReviewFormState> {
  return rubricAction(applyRubricItemAs, prev, formData);
}
