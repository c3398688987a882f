"use client";

/** Archive or unarchive, duplicate under a new title, or delete (only without submissions) an assignment. */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { FieldMessage, invalidProps, refusalCode, useErrorText } from "@/app/_components/authoring/form";
import type { FieldError, Outcome } from "@/lib/validations/form-result";
import { archiveAssignmentAction, deleteAssignmentAction, duplicateAssignmentAction } from "./actions";

/** The first error and the field it is about ("form" for the whole action). */
function firstError(r: Outcome<unknown>): { field: string; error: FieldError } | null {
  if (r.status === "ok") return null;
  if (r.status !== "invalid") return { field: "form", error: refusalCode(r.status) };
  const [field, error] = Object.entries(r.errors)[0] ?? ["form", { code: "invalid" }];
  return { field, error };
}

export function AssignmentLifecycle(props: { assignmentId: string; courseId: string; title: string; archived: boolean; submissions: number }) {
  const t = useTranslations("authoring.assignment.manage");
  const errorText = useErrorText();
  const router = useRouter();
  const [copyTitle, setCopyTitle] = useState(t("copyOf", { title: props.title }));
  const [error, setError] = useState<{ field: string; error: FieldError } | null>(null);
  const [pending, setPending] = useState(false);

  async function run<T>(action: () => Promise<Outcome<T>>, after: (value: T) => void) {
    setPending(true);
    setError(null);
    try {
      const r = await action();
      if (r.status === "ok") after(r.value);
      else setError(firstError(r));
    } catch {
      setError({ field: "form", error: { code: "generic" } });
    }
    setPending(false);
  }

  const titleError = error?.field === "title" ? errorText(error.error) : null;
  const formError = error && error.field !== "title" ? errorText(error.error) : null;
  return (
    <section className="card" aria-labelledby="manage-heading" data-testid="assignment-lifecycle">
      <h2 id="manage-heading">{t("heading")}</h2>
      <p className={props.archived ? "alert warn" : "hint"} data-testid="assignment-archived-state">
        {props.archived ? t("archived") : t("active")}
      </p>
      <div className="actions-row">
        <button
          type="button"
          className="button secondary"
          disabled={pending}
          data-testid={props.archived ? "unarchive-assignment" : "archive-assignment"}
          onClick={() =>
            void run(
              () => archiveAssignmentAction(props.assignmentId, { archived: !props.archived }),
              () => router.refresh(),
            )
          }
        >
          {pending ? t("working") : props.archived ? t("unarchive") : t("archive")}
        </button>
        <button
          type="button"
          className="button danger"
          disabled={pending || props.submissions > 0}
          data-testid="delete-assignment"
          aria-describedby={props.submissions > 0 ? "delete-assignment-blocked" : undefined}
          onClick={() => {
            if (!window.confirm(t("deleteConfirm", { title: props.title }))) return;
            void run(
              () => deleteAssignmentAction(props.assignmentId),
              () => {
                router.push(`/teach/courses/${props.courseId}`);
                router.refresh();
              },
            );
          }}
        >
          {t("delete")}
        </button>
        {props.submissions > 0 ? (
          <span className="hint" id="delete-assignment-blocked">
            {t("deleteBlocked", { count: props.submissions })}
          </span>
        ) : null}
      </div>
      <form
        className="inline-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(
            () => duplicateAssignmentAction(props.assignmentId, { title: copyTitle }),
            (v) => router.push(`/teach/assignments/${v.assignmentId}/edit`),
          );
        }}
      >
        <div>
          <label htmlFor="copy-title">{t("duplicateTitle")}</label>
          <input id="copy-title" type="text" value={copyTitle} onChange={(e) => setCopyTitle(e.target.value)} {...invalidProps("copy-title", titleError)} />
          <p className="hint">{t("duplicateHint")}</p>
        </div>
        <button type="submit" className="button secondary" disabled={pending} data-testid="duplicate-assignment">
          {t("duplicate")}
        </button>
      </form>
      <FieldMessage id="copy-title-error" error={titleError} />
      {formError ? (
        <p className="alert error" role="alert" data-testid="lifecycle-error">
          {formError}
        </p>
      ) : null}
    </section>
  );
}
