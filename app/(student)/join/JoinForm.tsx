"use client";

/** Joining a course: type its code (or arrive with it from an invite link and confirm). */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { refusalCode, useErrorText } from "@/app/_components/authoring/form";
import type { Joined } from "@/lib/dal/student";
import type { FieldError } from "@/lib/validations/form-result";
import { joinCourseAction } from "./actions";

export function JoinForm({ fixedCode }: { fixedCode?: string }) {
  const t = useTranslations("authoring.join");
  const roles = useTranslations("roles");
  const errorText = useErrorText();
  const router = useRouter();
  const [code, setCode] = useState(fixedCode ?? "");
  const [error, setError] = useState<FieldError | null>(null);
  const [already, setAlready] = useState<Joined | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    setAlready(null);
    try {
      const r = await joinCourseAction(code);
      if (r.status === "ok") {
        if (r.value.joined || r.value.role === "STUDENT") {
          router.push("/dashboard");
          return;
        }
        setAlready(r.value);
      } else setError(r.status === "invalid" ? (r.errors.code ?? { code: "invalid" }) : refusalCode(r.status));
    } catch {
      setError({ code: "generic" });
    }
    setPending(false);
  }

  const message = errorText(error);
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      {message ? (
        <p className="alert error" role="alert" id="join-error" data-testid="join-error">
          {message}
        </p>
      ) : null}
      {already ? (
        <p className="alert ok" role="status" data-testid="join-already">
          {t("alreadyStaff", { course: `${already.code}: ${already.title}`, role: roles(already.role) })}{" "}
          <a href={`/teach/courses/${already.courseId}`}>{t("openCourse")}</a>
        </p>
      ) : null}
      {fixedCode ? null : (
        <div>
          <label htmlFor="join-code">{t("code")}</label>
          <input
            id="join-code"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            className="mono"
            value={code}
            maxLength={64}
            onChange={(e) => setCode(e.target.value)}
            {...(message ? { "aria-invalid": true, "aria-describedby": "join-error" } : {})}
          />
          <p className="hint">{t("codeHint")}</p>
        </div>
      )}
      <div className="actions-row">
        <button className="button" type="submit" disabled={pending}>
          {pending ? t("joining") : t("joinButton")}
        </button>
      </div>
    </form>
  );
}
