"use client";

import { useTranslations } from "next-intl";
import { formatBytes, isTooLargeError, SERVER_ACTION_BODY_LIMIT } from "@/lib/security/body-limits";

/**
 * Shown instead of a stack trace when a page fails on the server, or when an action the page called
 * was refused; a body over the size limit (the proxy's 413) says so and gives the limit.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  const tooLarge = isTooLargeError(error);
  return (
    <main id="main" className="auth-wrap">
      <div className="auth-card" role="alert" data-testid={tooLarge ? "too-large" : "error"}>
        <h1>{tooLarge ? t("tooLargeTitle") : t("errorTitle")}</h1>
        <p>{tooLarge ? t("tooLargeBody", { limit: formatBytes(SERVER_ACTION_BODY_LIMIT) }) : t("errorBody")}</p>
        <button className="button" type="button" onClick={reset}>
          {t("retry")}
        </button>
      </div>
    </main>
  );
}
