"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { passwordProblem, type PasswordField, type PasswordProblem } from "@/lib/validations/password";
import { changePasswordAction } from "./actions";

const FIELDS: { name: PasswordField; autoComplete: string }[] = [
  { name: "current", autoComplete: "current-password" },
  { name: "next", autoComplete: "new-password" },
  { name: "confirm", autoComplete: "new-password" },
];

export function PasswordForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("password");
  const [values, setValues] = useState({ current: "", next: "", confirm: "" });
  const [error, setError] = useState<{ field: PasswordField; problem: PasswordProblem } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const local = passwordProblem(values);
    setError(local);
    if (local) return;
    setPending(true);
    const r = await changePasswordAction(values);
    setPending(false);
    if (r.ok) {
      window.location.assign(callbackUrl);
      return;
    }
    setError({ field: r.field, problem: r.problem });
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      {FIELDS.map((f) => (
        <div key={f.name}>
          <label htmlFor={`pw-${f.name}`}>{t(f.name)}</label>
          <input
            id={`pw-${f.name}`}
            type="password"
            autoComplete={f.autoComplete}
            value={values[f.name]}
            onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            aria-invalid={error?.field === f.name ? true : undefined}
            aria-describedby={error?.field === f.name ? `pw-${f.name}-error` : undefined}
          />
          {error?.field === f.name ? (
            <p className="field-error" id={`pw-${f.name}-error`} data-testid="password-error">
              {t(`problem.${error.problem}`)}
            </p>
          ) : null}
        </div>
      ))}
      <button className="button" type="submit" disabled={pending}>
        {pending ? t("saving") : t("submit")}
      </button>
    </form>
  );
}
