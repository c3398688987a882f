"use client";

/** The join code and invite link students use, with a new code on demand and joining turned off or on. */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { refusalCode, useErrorText } from "@/app/_components/authoring/form";
import type { FieldError } from "@/lib/validations/form-result";
import { regenerateJoinCodeAction, setJoiningAction } from "./actions";

export function JoiningPanel({ courseId, joinCode }: { courseId: string; joinCode: string | null }) {
  const t = useTranslations("authoring.settings");
  const errorText = useErrorText();
  const router = useRouter();
  const [code, setCode] = useState(joinCode);
  const [origin, setOrigin] = useState("");
  const [error, setError] = useState<FieldError | null>(null);
  const [pending, setPending] = useState(false);
  const [copied, setCopied] = useState(false);
  // The origin is known only in the browser, after hydration; the server renders the link without it.
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => setOrigin(window.location.origin), []);
  const link = code ? `${origin}/join/${code}` : null;

  async function run(action: () => Promise<{ status: string; value?: { joinCode: string | null } }>) {
    setPending(true);
    setError(null);
    setCopied(false);
    try {
      const r = await action();
      if (r.status === "ok" && r.value) {
        setCode(r.value.joinCode);
        router.refresh();
      } else setError(refusalCode(r.status));
    } catch {
      setError({ code: "generic" });
    }
    setPending(false);
  }

  return (
    <div className="stack">
      {error ? (
        <p className="alert error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {code ? (
        <>
          <p>{t("openExplained")}</p>
          <p>
            <span className="visually-hidden">{t("joinCode")}: </span>
            <span className="secret" data-testid="join-code">
              {code}
            </span>
          </p>
          <p>
            {t("inviteLink")}: <code data-testid="invite-link">{link}</code>{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                if (link)
                  void navigator.clipboard?.writeText(link).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  );
              }}
            >
              {copied ? t("copied") : t("copy")}
            </button>
          </p>
          <div className="actions-row">
            <button
              type="button"
              className="button secondary"
              disabled={pending}
              onClick={() => {
                if (window.confirm(t("regenerateConfirm"))) void run(() => regenerateJoinCodeAction(courseId));
              }}
            >
              {t("regenerate")}
            </button>
            <button type="button" className="button secondary" disabled={pending} onClick={() => void run(() => setJoiningAction(courseId, false))}>
              {t("close")}
            </button>
          </div>
        </>
      ) : (
        <>
          <p data-testid="joining-closed">{t("closedExplained")}</p>
          <div className="actions-row">
            <button type="button" className="button" disabled={pending} onClick={() => void run(() => setJoiningAction(courseId, true))}>
              {t("open")}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
