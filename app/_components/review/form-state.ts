/**
 * What the review forms' server actions answer: nothing yet, done, or an error code (translated by
 * the form, review.errors.<code>) with the values typed, so a refused form keeps what was entered.
 */
export type ReviewFormState =
  | { status: "idle"; seq: number }
  | { status: "ok"; seq: number; message?: string; params?: Record<string, number> }
  | { status: "error"; seq: number; error: string; field?: string; values: Record<string, string> };

export const IDLE: ReviewFormState = { status: "idle", seq: 0 };

/** The text fields of a submitted form (files and React's own fields left out). */
export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData) if (typeof v === "string" && !k.startsWith("$")) out[k] = v;
  return out;
}
