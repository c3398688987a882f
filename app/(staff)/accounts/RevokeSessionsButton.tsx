"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { revokeSessionsAction } from "./actions";

/** Ends every session of one account, after a confirmation; revoking one's own signs oneself out too. */
export function RevokeSessionsButton({ userId, name, self }: { userId: string; name: string; self: boolean }) {
  const t = useTranslations("accounts");
  const router = useRouter();
  const [state, setState] = useState<"idle" | "pending" | "done" | "failed">("idle");

  async function revoke() {
    if (!window.confirm(t(self ? "revokeOwnConfirm" : "revokeConfirm", { name }))) return;
    setState("pending");
    try {
      const r = await revokeSessionsAction({ userId });
      setState(r.status === "ok" ? "done" : "failed");
      if (r.status === "ok" && self) router.push("/signin");
    } catch {
      setState("failed");
    }
  }

  return (
    <>
      <button type="button" className="link-button" disabled={state === "pending"} onClick={() => void revoke()}>
        {t("revoke")}
        <span className="visually-hidden"> {name}</span>
      </button>
      {state === "done" ? (
        <p className="small" role="status" data-testid="revoked">
          {t("revoked", { name })}
        </p>
      ) : null}
      {state === "failed" ? (
        <p className="field-error" role="alert">
          {t("failed")}
        </p>
      ) : null}
    </>
  );
}
