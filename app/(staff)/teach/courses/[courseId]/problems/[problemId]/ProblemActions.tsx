"use client";

/**
 * What an instructor can do to a problem besides saving versions: fork it (one version, into this
 * course), archive or unarchive it, delete it while unused. The server decides; this shows its answer.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { FieldMessage, FormAlert, invalidProps, refusalCode, useErrorText } from "@/app/_components/authoring/form";
import type { Forked } from "@/lib/authoring/problem-lifecycle";
import type { FieldErrors, Outcome } from "@/lib/validations/form-result";
import { archiveProblemAction, deleteProblemAction, forkProblemAction } from "@/app/(staff)/teach/courses/[courseId]/problems/actions";

function errorsOf(r: Outcome<unknown>): FieldErrors {
  return r.status === "invalid" ? r.errors : r.status === "ok" ? {} : { form: refusalCode(r.status) };
}

export function ForkProblem(props: { courseId: string; courseCode: string; problemId: string; versions: number[]; suggested: string; duplicate: boolean }) {
  const t = useTranslations("authoring.fork");
  const errorText = useErrorText();
  const router = useRouter();
  const latest = props.versions.at(-1) ?? 1;
  const [slug, setSlug] = useState("");
  const [version, setVersion] = useState(String(latest));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<Forked | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setDone(null);
    try {
      const r = await forkProblemAction(props.courseId, props.problemId, { slug, version: Number(version) });
      setErrors(errorsOf(r));
      if (r.status === "ok") {
        setDone(r.value);
        router.refresh();
      }
    } catch {
      setErrors({ form: { code: "generic" } });
    }
    setPending(false);
  }

  const slugError = errorText(errors.slug);
  return (
    <section className="card" aria-labelledby="fork-heading" data-testid="fork-problem">
      <h2 id="fork-heading">{props.duplicate ? t("duplicateHeading", { code: props.courseCode }) : t("heading", { code: props.courseCode })}</h2>
      <p className="hint">{props.duplicate ? t("duplicateIntro", { code: props.courseCode }) : t("intro", { code: props.courseCode })}</p>
      <form className="inline-form" onSubmit={onSubmit} noValidate>
        <div>
          <label htmlFor="fork-slug">{t("slug")}</label>
          <input
            id="fork-slug"
            type="text"
            value={slug}
            placeholder={props.suggested}
            onChange={(e) => setSlug(e.target.value)}
            {...invalidProps("fork-slug", slugError)}
          />
          <p className="hint">{t("slugHint", { suggested: props.suggested })}</p>
          <FieldMessage id="fork-slug-error" error={slugError} />
        </div>
        <div>
          <label htmlFor="fork-version">{t("version")}</label>
          <select id="fork-version" value={version} onChange={(e) => setVersion(e.target.value)}>
            {[...props.versions].reverse().map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </select>
          <FieldMessage id="fork-version-error" error={errorText(errors.version)} />
        </div>
        <button type="submit" className="button" disabled={pending} data-testid="fork-button">
          {pending ? t("forking") : props.duplicate ? t("duplicateButton") : t("button")}
        </button>
      </form>
      {errors.form ? <FormAlert errors={{ form: errors.form }} /> : null}
      {done ? (
        <p className="alert ok" role="status" data-testid="fork-done">
          {t("done", { slug: done.slug, version: done.fromVersion })}{" "}
          <Link href={`/teach/courses/${props.courseId}/problems/${done.problemId}`} data-testid="fork-open">
            {t("open")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export function ProblemLifecycle(props: { courseId: string; problemId: string; slug: string; archived: boolean; deletable: boolean }) {
  const t = useTranslations("authoring.lifecycle");
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run(action: () => Promise<Outcome<unknown>>, after: (r: Outcome<unknown>) => void) {
    setPending(true);
    setError(null);
    try {
      const r = await action();
      if (r.status === "ok") after(r);
      else setError(errorText(Object.values(errorsOf(r))[0]));
    } catch {
      setError(errorText({ code: "generic" }));
    }
    setPending(false);
  }

  return (
    <section className="card" aria-labelledby="lifecycle-heading" data-testid="problem-lifecycle">
      <h2 id="lifecycle-heading">{t("heading")}</h2>
      <div className="actions-row">
        <button
          type="button"
          className="button secondary"
          disabled={pending}
          data-testid={props.archived ? "unarchive-problem" : "archive-problem"}
          onClick={() =>
            void run(
              () => archiveProblemAction(props.courseId, props.problemId, { archived: !props.archived }),
              () => router.refresh(),
            )
          }
        >
          {pending ? t("working") : props.archived ? t("unarchive") : t("archive")}
        </button>
        <button
          type="button"
          className="button danger"
          disabled={pending || !props.deletable}
          data-testid="delete-problem"
          aria-describedby={props.deletable ? undefined : "delete-blocked"}
          onClick={() => {
            if (!window.confirm(t("deleteConfirm", { slug: props.slug }))) return;
            void run(
              () => deleteProblemAction(props.courseId, props.problemId),
              () => router.push(`/teach/courses/${props.courseId}/problems`),
            );
          }}
        >
          {t("delete")}
        </button>
        {props.deletable ? null : (
          <span className="hint" id="delete-blocked">
            {t("deleteBlocked")}
          </span>
        )}
      </div>
      {error ? (
        <p className="alert error" role="alert" data-testid="lifecycle-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
