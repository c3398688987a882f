"use client";

/** What saving the problem file answered: the new version, or why not (with a link to the line at fault). */
import { useTranslations } from "next-intl";
import type { SaveOutcome } from "@/lib/authoring/problems";
import { refusalCode, useErrorText } from "./form";

export function SaveMessage({ result, onJump }: { result: SaveOutcome | null; onJump: (line: number) => void }) {
  const t = useTranslations("authoring.editor");
  const errorText = useErrorText();
  if (!result) return null;
  let body: React.ReactNode;
  let ok = false;
  switch (result.status) {
    case "saved":
      ok = true;
      body = t(`saved.${result.result.action}`, { version: result.result.version });
      break;
    case "invalid-file":
      body = t("saveInvalid", { count: result.issues.filter((i) => i.severity === "error").length });
      break;
    case "id-changed":
      body = (
        <>
          {t("idChanged", { expected: result.expected })}{" "}
          <button type="button" className="link-button" onClick={() => onJump(result.line)}>
            {t("line", { line: result.line })}
          </button>
        </>
      );
      break;
    case "id-taken":
      body = (
        <>
          {t("idTaken", { slug: result.slug })}{" "}
          <button type="button" className="link-button" onClick={() => onJump(result.line)}>
            {t("line", { line: result.line })}
          </button>
        </>
      );
      break;
    case "invalid":
      body = errorText(Object.values(result.errors)[0]);
      break;
    default:
      body = errorText(refusalCode(result.status));
  }
  return (
    <p className={`alert ${ok ? "ok" : "error"}`} role={ok ? "status" : "alert"} data-testid="save-result">
      {body}
    </p>
  );
}
