"use client";

/**
 * Uploading a problem file (.yaml): checked like the editor's saves, then a new problem of this
 * course or a new version of one it may change; a file naming another owner's problem is refused
 * with a link to that problem (to fork it).
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { refusalCode, thrownError, useErrorText } from "@/app/_components/authoring/form";
import type { SaveOutcome } from "@/lib/authoring/problems";
import { uploadProblemAction } from "./actions";

export function UploadProblem({ courseId }: { courseId: string }) {
  const t = useTranslations("authoring.problems");
  const editor = useTranslations("authoring.editor");
  const errorText = useErrorText();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<SaveOutcome | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    setPending(true);
    try {
      const r = await uploadProblemAction(courseId, file.name, await file.text());
      setResult(r);
      if (r.status === "saved") router.refresh();
    } catch (e) {
      setResult({ status: "invalid", errors: { form: thrownError(e) } });
    }
    setPending(false);
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <div>
        <label htmlFor="problem-file">{t("importFile")}</label>
        <input id="problem-file" type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <p className="hint">{t("importHint")}</p>
      </div>
      <div className="actions-row">
        <button className="button secondary" type="submit" disabled={pending || !file}>
          {pending ? t("importing") : t("importButton")}
        </button>
      </div>
      <div role="status" data-testid="upload-result">
        {result?.status === "saved" ? (
          <p className="alert ok">
            {editor(`saved.${result.result.action}`, { version: result.result.version })}{" "}
            <Link href={`/teach/courses/${courseId}/problems/${result.result.problemId}`}>{t("openInEditor", { slug: result.result.slug })}</Link>
          </p>
        ) : result?.status === "invalid-file" ? (
          <div className="alert error">
            <p>{t("importInvalid", { count: result.issues.filter((i) => i.severity === "error").length })}</p>
            <ul>
              {result.issues.map((i, k) => (
                <li key={k}>{editor("issueAt", { line: i.line, message: i.message })}</li>
              ))}
            </ul>
          </div>
        ) : result?.status === "owned-elsewhere" ? (
          <p className="alert error" data-testid="upload-owned-elsewhere">
            {result.owner === null ? t("importOwnedByBank", { slug: result.slug }) : t("importOwnedElsewhere", { slug: result.slug, owner: result.owner })}{" "}
            <Link href={`/teach/courses/${courseId}/problems/${result.problemId}`}>{t("openToFork", { slug: result.slug })}</Link>
          </p>
        ) : result?.status === "invalid" ? (
          <p className="alert error">{errorText(Object.values(result.errors)[0])}</p>
        ) : result ? (
          <p className="alert error">{errorText(refusalCode(result.status))}</p>
        ) : null}
      </div>
    </form>
  );
}
