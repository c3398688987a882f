"use client";

/** A course's code, title and term: the same form creates a course and edits one. */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { FieldMessage, FormAlert, invalidProps, refusalCode, useErrorText } from "@/app/_components/authoring/form";
import type { FieldErrors } from "@/lib/validations/form-result";
import { updateCourseAction } from "./[courseId]/settings/actions";
import { createCourseAction } from "./new/actions";

type Values = { code: string; title: string; term: string };

export function CourseForm({ mode, courseId, initial }: { mode: "create" | "edit"; courseId?: string; initial: Values }) {
  const t = useTranslations("authoring.course");
  const common = useTranslations("authoring.common");
  const errorText = useErrorText();
  const router = useRouter();
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setSaved(null);
    try {
      const r = mode === "create" ? await createCourseAction(values) : await updateCourseAction(courseId!, values);
      if (r.status === "invalid") setErrors(r.errors);
      else if (r.status !== "ok") setErrors({ form: refusalCode(r.status) });
      else {
        setErrors({});
        if ("courseId" in r.value) {
          router.push(`/teach/courses/${r.value.courseId}/settings?created=1`);
          return;
        }
        setSaved(r.value.changed ? common("saved") : common("noChange"));
        router.refresh();
      }
    } catch {
      setErrors({ form: { code: "generic" } });
    }
    setPending(false);
  }

  const field = (name: keyof Values, max: number, hint?: string) => {
    const error = errorText(errors[name]);
    const id = `course-${name}`;
    return (
      <div>
        <label htmlFor={id}>{t(name)}</label>
        <input
          id={id}
          type="text"
          value={values[name]}
          maxLength={max + 20}
          onChange={(e) => setValues({ ...values, [name]: e.target.value })}
          {...invalidProps(id, error)}
        />
        {hint ? <p className="hint">{hint}</p> : null}
        <FieldMessage id={`${id}-error`} error={error} />
      </div>
    );
  };

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <FormAlert errors={errors} />
      {saved ? (
        <p className="alert ok" role="status" data-testid="form-saved">
          {saved}
        </p>
      ) : null}
      <div className="form-grid">
        {field("code", 32, t("codeHint"))}
        {field("title", 200)}
        {field("term", 100, t("termHint"))}
      </div>
      <div className="actions-row">
        <button className="button" type="submit" disabled={pending}>
          {pending ? common("saving") : mode === "create" ? t("create") : common("save")}
        </button>
      </div>
    </form>
  );
}
