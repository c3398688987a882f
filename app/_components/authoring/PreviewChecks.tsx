"use client";

/** The live check beside the editor: valid or how many errors, the variant count, the validator's messages (a click jumps to the line), the author tests. */
import { useTranslations } from "next-intl";
import type { ProblemPreview } from "@/lib/authoring/preview";
import type { ProblemIssue } from "@/lib/problems/source";

export function PreviewChecks({
  preview,
  previewError,
  checking,
  issues,
  jumpTo,
}: {
  preview: ProblemPreview | null;
  previewError: string | null;
  checking: boolean;
  issues: ProblemIssue[];
  jumpTo: (line: number) => void;
}) {
  const t = useTranslations("authoring.editor");
  const valid = preview?.valid === true;
  const errorCount = issues.filter((i) => i.severity === "error").length;
  return (
    <div className="stack">
      <p id="preview-state" role="status" className={`preview-state ${checking ? "" : valid ? "valid" : "invalid"}`} data-testid="preview-state">
        {checking ? t("checking") : previewError ? previewError : preview ? (valid ? t("valid") : t("invalid", { count: errorCount })) : t("checking")}
      </p>
      {preview?.variants ? (
        <p className="hint">
          {preview.variants.exact ? t("variantsExact", { count: preview.variants.count }) : t("variantsEstimated", { count: preview.variants.count })}
        </p>
      ) : null}
      <p className="hint">{t("previewSeedsNote")}</p>
      {issues.length ? (
        <section aria-labelledby="issues-heading">
          <h2 id="issues-heading" className="small">
            {t("issues")}
          </h2>
          <ul className="issues" data-testid="problem-issues">
            {issues.map((i, k) => (
              <li key={k} className={i.severity} data-line={i.line}>
                <button type="button" onClick={() => jumpTo(i.line)}>
                  <span className="where">{t("line", { line: i.line })}</span>
                  {i.severity === "warning" ? `${t("warning")}: ` : ""}
                  {i.message}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {preview && preview.tests.length ? (
        <section aria-labelledby="tests-heading">
          <h2 id="tests-heading" className="small">
            {t("tests", { passed: preview.tests.filter((x) => x.passed).length, total: preview.tests.length })}
          </h2>
          <ul className="tests" data-testid="author-tests">
            {preview.tests.map((x) => (
              <li key={x.name} className={x.passed ? "passed" : "failed"}>
                {x.name}
                {x.failures.length ? <div className="field-error">{x.failures.join("; ")}</div> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
