"use client";

/**
 * Roster import: choose (or paste) a CSV of email, name, role; the preview lists every row's outcome
 * or errors with its line; applying is a separate, confirmed step that does all of it or nothing.
 */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormAlert, refusalCode, thrownError, useErrorText } from "@/app/_components/authoring/form";
import { Table } from "@/app/_components/Table";
import type { FieldErrors } from "@/lib/validations/form-result";
import type { Applied, ImportPreview } from "@/lib/roster/import";
import { applyImportAction, previewImportAction } from "./actions";

export function CsvImport({ courseId }: { courseId: string }) {
  const t = useTranslations("authoring.roster.import");
  const roles = useTranslations("roles");
  const errorText = useErrorText();
  const router = useRouter();
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewedText, setPreviewedText] = useState<string | null>(null);
  const [applied, setApplied] = useState<Applied | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setText(await file.text());
    setPreview(null);
  }

  async function doPreview() {
    setPending(true);
    setApplied(null);
    try {
      const r = await previewImportAction(courseId, { text });
      if (r.status === "ok") {
        setErrors({});
        setPreview(r.value);
        setPreviewedText(text);
      } else {
        setPreview(null);
        setErrors(r.status === "invalid" ? r.errors : { form: refusalCode(r.status) });
      }
    } catch (e) {
      setErrors({ form: thrownError(e) });
    }
    setPending(false);
  }

  async function doApply() {
    if (previewedText === null) return;
    setPending(true);
    try {
      const r = await applyImportAction(courseId, { text: previewedText });
      if (r.status === "ok") {
        setApplied(r.value);
        setPreview(null);
        setPreviewedText(null);
        setText("");
        setErrors({});
        router.refresh();
      } else if (r.status === "rejected") {
        setPreview(r.preview);
        setErrors({ form: { code: "importChanged" } });
      } else setErrors(r.status === "invalid" ? r.errors : { form: refusalCode(r.status) });
    } catch (e) {
      setErrors({ form: thrownError(e) });
    }
    setPending(false);
  }

  const canApply =
    preview !== null &&
    preview.fileErrors.length === 0 &&
    preview.errorRows === 0 &&
    previewedText === text &&
    preview.rows.some((r) => r.action !== "unchanged");
  return (
    <div className="stack">
      <p>{t("intro")}</p>
      <pre className="hint">{"email,name,role\nli.ming@uni.edu,Li Ming,student\nwang.fang@uni.edu,Wang Fang,ta"}</pre>
      <FormAlert errors={errors.text ? { form: errors.text } : errors} />
      <div>
        <label htmlFor="roster-file">{t("file")}</label>
        <input id="roster-file" type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e.target.files?.[0])} />
      </div>
      <div>
        <label htmlFor="roster-text">{t("paste")}</label>
        <textarea id="roster-text" rows={6} value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} className="mono" />
      </div>
      <div className="actions-row">
        <button type="button" className="button secondary" disabled={pending || !text.trim()} onClick={() => void doPreview()}>
          {t("previewButton")}
        </button>
      </div>

      {preview ? (
        <div data-testid="import-preview">
          <h3>{t("previewHeading")}</h3>
          {preview.fileErrors.map((e, i) => (
            <p key={i} className="alert error">
              {errorText(e)}
            </p>
          ))}
          {preview.rows.length ? (
            <>
              <p role="status">
                {t("summary", {
                  create: preview.counts.create,
                  add: preview.counts.add,
                  change: preview.counts["change-role"],
                  unchanged: preview.counts.unchanged,
                  errors: preview.errorRows,
                })}
              </p>
              <Table
                rows={preview.rows}
                rowKey={(r) => r.line}
                rowProps={(r) => ({ className: r.errors.length ? "row-error" : undefined, "data-testid": "import-row", "data-line": r.line })}
                columns={[
                  { header: t("line"), cell: (r) => r.line },
                  { header: t("email"), cell: (r) => r.email },
                  { header: t("name"), cell: (r) => (r.existingName && r.existingName !== r.name ? `${r.existingName} (${t("existingAccount")})` : r.name) },
                  { header: t("role"), cell: (r) => (r.role ? roles(r.role) : "—") },
                  {
                    header: t("outcome"),
                    cell: (r) =>
                      r.errors.length ? (
                        <ul className="field-list">
                          {r.errors.map((e, i) => (
                            <li key={i} className="field-error">
                              {t("lineError", { line: r.line, message: errorText(e) ?? "" })}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className={`outcome-${r.action}`}>
                          {t(`action.${r.action!}`, { from: r.currentRole ? roles(r.currentRole) : "", to: r.role ? roles(r.role) : "" })}
                        </span>
                      ),
                  },
                ]}
              />
            </>
          ) : null}
          <div className="actions-row">
            <button
              type="button"
              className="button"
              disabled={pending || !canApply}
              onClick={() => {
                if (window.confirm(t("applyConfirm", { count: preview.rows.filter((r) => r.action && r.action !== "unchanged").length }))) void doApply();
              }}
            >
              {t("applyButton")}
            </button>
            {!canApply ? (
              <span className="hint">
                {preview.errorRows || preview.fileErrors.length ? t("fixFirst") : previewedText !== text ? t("previewAgain") : t("nothingToDo")}
              </span>
            ) : null}
          </div>
        </div>
      ) : null}

      {applied ? (
        <div className="once" role="status" data-testid="import-applied">
          <p>{t("appliedMessage", { create: applied.counts.create, add: applied.counts.add, change: applied.counts["change-role"] })}</p>
          {applied.created.length ? (
            <>
              <p>{t("passwordsOnce")}</p>
              <Table
                rows={applied.created}
                rowKey={(c) => c.email}
                columns={[
                  { header: t("email"), cell: (c) => c.email },
                  { header: t("name"), cell: (c) => c.name },
                  { header: t("password"), cell: (c) => <code>{c.temporaryPassword}</code> },
                ]}
              />
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
