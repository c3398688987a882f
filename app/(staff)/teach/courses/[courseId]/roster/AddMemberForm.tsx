"use client";

/** Adds one person by email with a role; a new email gets an account, whose one-time password is shown here once. */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { FieldMessage, FormAlert, invalidProps, refusalCode, useErrorText } from "@/app/_components/authoring/form";
import type { FieldErrors } from "@/lib/validations/form-result";
import type { Added } from "@/lib/roster/members";
import { addMemberAction } from "./actions";

export function AddMemberForm({ courseId }: { courseId: string }) {
  const t = useTranslations("authoring.roster");
  const roles = useTranslations("roles");
  const common = useTranslations("authoring.common");
  const errorText = useErrorText();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState("STUDENT");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [added, setAdded] = useState<Added | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setAdded(null);
    try {
      const r = await addMemberAction(courseId, { email, name, role });
      if (r.status === "ok") {
        setErrors({});
        setAdded(r.value);
        setEmail("");
        setName("");
        router.refresh();
      } else setErrors(r.status === "invalid" ? r.errors : { form: refusalCode(r.status) });
    } catch {
      setErrors({ form: { code: "generic" } });
    }
    setPending(false);
  }

  const emailError = errorText(errors.email);
  const nameError = errorText(errors.name);
  const roleError = errorText(errors.role);
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <FormAlert errors={errors} />
      {added ? (
        <div className="once" role="status" data-testid="member-added">
          <p>{t("addedMessage", { name: added.name, email: added.email, role: roles(added.role) })}</p>
          {added.temporaryPassword ? (
            <>
              <p>
                {t("temporaryPassword")}: <code data-testid="temporary-password">{added.temporaryPassword}</code>
              </p>
              <p className="hint">{t("temporaryPasswordOnce")}</p>
            </>
          ) : null}
        </div>
      ) : null}
      <div className="form-grid">
        <div>
          <label htmlFor="member-email">{t("email")}</label>
          <input
            id="member-email"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            {...invalidProps("member-email", emailError)}
          />
          <FieldMessage id="member-email-error" error={emailError} />
        </div>
        <div>
          <label htmlFor="member-name">{t("name")}</label>
          <input
            id="member-name"
            type="text"
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
            {...invalidProps("member-name", nameError)}
          />
          <p className="hint">{t("nameHint")}</p>
          <FieldMessage id="member-name-error" error={nameError} />
        </div>
        <div>
          <label htmlFor="member-role">{t("role")}</label>
          <select id="member-role" value={role} onChange={(e) => setRole(e.target.value)} {...invalidProps("member-role", roleError)}>
            {(["STUDENT", "TA", "INSTRUCTOR"] as const).map((r) => (
              <option key={r} value={r}>
                {roles(r)}
              </option>
            ))}
          </select>
          <FieldMessage id="member-role-error" error={roleError} />
        </div>
      </div>
      <div className="actions-row">
        <button className="button" type="submit" disabled={pending}>
          {pending ? common("saving") : t("addButton")}
        </button>
      </div>
    </form>
  );
}
