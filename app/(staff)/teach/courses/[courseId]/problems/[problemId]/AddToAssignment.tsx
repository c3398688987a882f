"use client";

/**
 * "Add to assignment" on a problem's page: one of the person's assignments (those they may edit, from
 * every course they teach as instructor) and the points, which default to the problem's part points.
 * The server decides and pins the version; this shows its answer and links to the assignment.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { FieldMessage, invalidProps, thrownError, useErrorText } from "@/app/_components/authoring/form";
import type { AddedToAssignment, AssignmentToAddTo } from "@/lib/authoring/assignments";
import type { FieldErrors } from "@/lib/validations/form-result";
import { addToAssignmentAction } from "@/app/_actions/add-to-assignment";

export function AddToAssignment(props: {
  courseId: string;
  courseCode: string;
  problemId: string;
  version: number;
  archived: boolean;
  assignments: AssignmentToAddTo[];
  points: number;
  mayCreateHere: boolean;
}) {
  const t = useTranslations("authoring.addTo");
  const errorText = useErrorText();
  const router = useRouter();
  const [assignmentId, setAssignmentId] = useState("");
  const [points, setPoints] = useState(String(props.points));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<AddedToAssignment | null>(null);
  const [pending, setPending] = useState(false);
  const courses = [...new Set(props.assignments.map((a) => a.courseCode))];

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setDone(null);
    try {
      const r = await addToAssignmentAction(props.problemId, { assignmentId, points });
      if (r.status === "ok") {
        setErrors({});
        setDone(r.value);
        setAssignmentId("");
        router.refresh();
      } else if (r.status === "invalid") setErrors(r.errors);
      else setErrors({ assignmentId: { code: r.status === "forbidden" ? "notYours" : "notFound" } });
    } catch (e) {
      setErrors({ form: thrownError(e) });
    }
    setPending(false);
  }

  // The refusals read in this form's words; field codes in the shared ones (authoring.errors).
  const text = (key: string) => {
    const e = errors[key];
    return e && (e.code === "notYours" || e.code === "notFound") ? t(e.code) : errorText(e);
  };
  const assignmentError = text("assignmentId");
  const pointsError = text("points");
  const formError = text("form");
  return (
    <section className="card" aria-labelledby="add-to-heading" data-testid="add-to-assignment">
      <h2 id="add-to-heading">{t("heading")}</h2>
      {props.archived ? (
        <p className="hint">{t("archived")}</p>
      ) : props.assignments.length === 0 ? (
        <p className="hint" data-testid="add-to-none">
          {t("none")}{" "}
          {props.mayCreateHere ? <Link href={`/teach/courses/${props.courseId}/assignments/new`}>{t("newAssignment", { code: props.courseCode })}</Link> : null}
        </p>
      ) : (
        <>
          <p className="hint">{t("intro", { version: props.version })}</p>
          <form className="inline-form" onSubmit={onSubmit} noValidate>
            <div>
              <label htmlFor="add-to-assignment">{t("assignment")}</label>
              <select
                id="add-to-assignment"
                value={assignmentId}
                onChange={(e) => setAssignmentId(e.target.value)}
                {...invalidProps("add-to-assignment", assignmentError)}
              >
                <option value="">{t("choose")}</option>
                {courses.map((code) => (
                  <optgroup key={code} label={code}>
                    {props.assignments
                      .filter((a) => a.courseCode === code)
                      .map((a) => (
                        <option key={a.assignmentId} value={a.assignmentId} disabled={a.hasProblem}>
                          {a.hasProblem ? t("hasIt", { title: a.title }) : a.title}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
              <FieldMessage id="add-to-assignment-error" error={assignmentError} />
            </div>
            <div>
              <label htmlFor="add-to-points">{t("points")}</label>
              <input
                id="add-to-points"
                type="text"
                inputMode="decimal"
                style={{ width: "7rem" }}
                value={points}
                onChange={(e) => setPoints(e.target.value)}
                aria-describedby={pointsError ? "add-to-points-error" : "add-to-points-hint"}
                aria-invalid={pointsError ? true : undefined}
              />
              <p className="hint" id="add-to-points-hint">
                {t("pointsHint")}
              </p>
              <FieldMessage id="add-to-points-error" error={pointsError} />
            </div>
            <button type="submit" className="button" disabled={pending} data-testid="add-to-button">
              {pending ? t("adding") : t("button")}
            </button>
          </form>
          {formError ? (
            <p className="alert error" role="alert" data-testid="add-to-error">
              {formError}
            </p>
          ) : null}
          {done ? (
            <p className="alert ok" role="status" data-testid="add-to-done">
              {t("done", { title: done.title, position: done.position, version: done.version, points: done.points })}{" "}
              <Link href={`/teach/assignments/${done.assignmentId}/edit`} data-testid="add-to-open">
                {t("open")}
              </Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
