"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";

export function SignOutForm() {
  const t = useTranslations("signOut");
  const [pending, setPending] = useState(false);
  return (
    <div style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap", alignItems: "center" }}>
      <button
        className="button"
        type="button"
        disabled={pending}
        onClick={() => {
          setPending(true);
          void signOut({ callbackUrl: "/signin" });
        }}
      >
        {pending ? t("working") : t("confirm")}
      </button>
      <Link href="/">{t("cancel")}</Link>
    </div>
  );
}
