"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { LocalTime } from "@/app/_components/LocalTime";
import { unlinkSsoAction } from "./actions";

export type SsoLinkItem = { id: string; issuer: string; subject: string; email: string; createdAt: string };

/** One account's single sign-on links, each with "Unlink" after a confirmation that says what it does. */
export function SsoLinks({ name, links, hasPassword }: { name: string; links: SsoLinkItem[]; hasPassword: boolean }) {
  const t = useTranslations("accounts");
  const router = useRouter();
  const [state, setState] = useState<"idle" | "pending" | "done" | "failed">("idle");
  if (links.length === 0 && state !== "done") return <span className="muted">{t("ssoNone")}</span>;

  async function unlink(link: SsoLinkItem) {
    const question = t("ssoUnlinkConfirm", { name, issuer: link.issuer }) + (hasPassword ? "" : ` ${t("ssoUnlinkNoPassword")}`);
    if (!window.confirm(question)) return;
    setState("pending");
    try {
      const r = await unlinkSsoAction({ linkId: link.id });
      setState(r.status === "ok" ? "done" : "failed");
      if (r.status === "ok") router.refresh();
    } catch {
      setState("failed");
    }
  }

  return (
    <div data-testid="sso-links">
      <ul className="small" style={{ margin: 0, paddingLeft: "1rem" }}>
        {links.map((l) => (
          <li key={l.id} data-testid="sso-link-row">
            <span title={t("ssoIssuer")}>{l.issuer}</span> · <span title={t("ssoSubject")}>{l.subject}</span>
            {l.email ? <> · {l.email}</> : null} · <LocalTime iso={l.createdAt} />{" "}
            <button type="button" className="link-button" disabled={state === "pending"} onClick={() => void unlink(l)}>
              {t("ssoUnlink")}
              <span className="visually-hidden"> {name}</span>
            </button>
          </li>
        ))}
      </ul>
      {!hasPassword && links.length > 0 ? <p className="small muted">{t("ssoOnlyWay")}</p> : null}
      {state === "done" ? (
        <p className="small" role="status" data-testid="sso-unlinked">
          {t("ssoUnlinked", { name })}
        </p>
      ) : null}
      {state === "failed" ? (
        <p className="field-error" role="alert">
          {t("failed")}
        </p>
      ) : null}
    </div>
  );
}
