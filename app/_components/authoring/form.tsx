"use client";

/**
 * Pieces every authoring form shares: turning the server's error codes into sentences
 * (authoring.errors.<code>), and a labelled field with its error tied to it for screen readers.
 */
import { useTranslations } from "next-intl";
import { formatBytes, isTooLargeError, SERVER_ACTION_BODY_LIMIT } from "@/lib/security/body-limits";
import type { FieldError, FieldErrors } from "@/lib/validations/form-result";
import "./authoring.css";

// Placeholders some messages use; the server fills in what it knows.
const BLANKS = { role: "", line: "", max: "", min: "", count: 0, problems: "" };

export function useErrorText(): (error: FieldError | undefined | null) => string | null {
  const t = useTranslations("authoring.errors");
  return (error) => {
    if (!error) return null;
    const key = t.has(error.code as never) ? error.code : "invalid";
    return t(key as never, { ...BLANKS, ...(error.values ?? {}) } as never);
  };
}

/** What a server action may answer besides the form's own errors. */
export function refusalCode(status: string): FieldError {
  return { code: status === "forbidden" ? "forbidden" : status === "not-found" ? "notFound" : "generic" };
}

/** What to say when calling an action threw: the proxy's 413 names the limit; anything else is "generic". */
export function thrownError(error: unknown): FieldError {
  return isTooLargeError(error) ? { code: "requestTooLarge", values: { max: formatBytes(SERVER_ACTION_BODY_LIMIT) } } : { code: "generic" };
}

export function FieldMessage({ id, error }: { id: string; error: string | null }) {
  if (!error) return null;
  return (
    <p className="field-error" id={id}>
      {error}
    </p>
  );
}

/** Props that tie an input to its error message. */
export function invalidProps(id: string, error: string | null) {
  return error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}

/** The form-level message: how many fields need fixing, or why it was refused. */
export function FormAlert({ errors }: { errors: FieldErrors }) {
  const t = useTranslations("authoring.common");
  const text = useErrorText();
  const keys = Object.keys(errors);
  if (keys.length === 0) return null;
  const whole = errors.form;
  return (
    <p className="alert error" role="alert" data-testid="form-error">
      {whole ? text(whole) : t("fixFields", { count: keys.length })}
    </p>
  );
}
