"use client";

import { useTranslations } from "next-intl";

/** Shown instead of a stack trace when a page fails on the server. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <main id="main" className="auth-wrap">
      <div className="auth-card" role="alert">
        <h1>{t("errorTitle")}</h1>
        <p>{t("errorBody")}</p>
        <button className="button" type="button" onClick={reset}>
          {t("retry")}
        </button>
      </div>
    </main>
  );
}
