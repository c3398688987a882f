/**
 * What the review forms' server actions answer: nothing yet, done, or an error code (translated by
 * the form, review.errors.<code>) with the values typed, so a refused form keeps what was entered.
 */
export type ReviewFormState =
  | { status: "idle"; seq: number }
  | { status: "ok"; seq: number; message?: string; params?: Record<string, number> }
  | { status: "error"; seq: number; error: string; field?: string; values: Record<string, string> };

export const IDLE: ReviewFormState = { status: "idle", seq: 0 };

/**
 * The text fields of a submitted form (files and React's own fields left out). A server action can be
 * called with anything, not only by its form: a value that is not form data has no fields.
 */
export function formValues(formData: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(formData instanceof FormData)) return out;
  for (const [k, v] of formData) if (typeof v === "string" && !k.startsWith("$")) out[k] = v;
  return out;
}

/** The sequence number of the answer to a form's state (any value sent as that state counts as none). */
export function nextSeq(prev: unknown): number {
  const seq = (prev as { seq?: unknown } | null | undefined)?.seq;
  return (typeof seq === "number" && Number.isSafeInteger(seq) && seq >= 0 ? seq : 0) + 1;
}
