/**
 * What a staff form gets back from the server: the value, or per-field error codes the page
 * translates (authoring.errors.<code>), or a refusal. Error codes, not sentences, cross this
 * boundary so that the same check reads in English and Chinese.
 */
import type { z } from "zod";

export type FieldError = { code: string; values?: Record<string, string | number> };
/** Keyed by the field's path: "title", "problems.2.points"; "form" for the form as a whole. */
export type FieldErrors = Record<string, FieldError>;

export type Outcome<T> = { status: "ok"; value: T } | { status: "invalid"; errors: FieldErrors } | { status: "forbidden" } | { status: "not-found" };

export const invalid = (errors: FieldErrors): { status: "invalid"; errors: FieldErrors } => ({ status: "invalid", errors });
export const ok = <T>(value: T): { status: "ok"; value: T } => ({ status: "ok", value });

/** A zod message that is one of our codes ("required", "tooLong"); anything else reads as "invalid". */
const CODE = /^[a-z][A-Za-z]{1,40}$/;

/** The first problem with each field, as codes with the limit that was crossed (min / max) when there is one. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "form";
    if (out[key]) continue;
    const values: Record<string, number> = {};
    if ("maximum" in issue && typeof issue.maximum !== "undefined") values.max = Number(issue.maximum);
    if ("minimum" in issue && typeof issue.minimum !== "undefined") values.min = Number(issue.minimum);
    out[key] = { code: CODE.test(issue.message) ? issue.message : "invalid", ...(Object.keys(values).length ? { values } : {}) };
  }
  return out;
}
