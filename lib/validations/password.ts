/** Checking a new password as the form and the server both do (pure: runs in the browser too). */
import { NEW_PASSWORD_MIN, PASSWORD_MAX } from "./auth";

export type PasswordField = "current" | "next" | "confirm";
export type PasswordProblem = "required" | "too-short" | "too-long" | "mismatch" | "same" | "wrong-current";

/** What is wrong with a password change, field by field, before anything is looked up. */
export function passwordProblem(v: { current: string; next: string; confirm: string }): { field: PasswordField; problem: PasswordProblem } | null {
  if (!v.current) return { field: "current", problem: "required" };
  if (v.next.length < NEW_PASSWORD_MIN) return { field: "next", problem: "too-short" };
  if (v.next.length > PASSWORD_MAX) return { field: "next", problem: "too-long" };
  if (v.next === v.current) return { field: "next", problem: "same" };
  if (v.next !== v.confirm) return { field: "confirm", problem: "mismatch" };
  return null;
}
