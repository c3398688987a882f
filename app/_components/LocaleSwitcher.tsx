"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useTransition } from "react";
import { setLocale } from "@/app/_actions/locale";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/config";

export function LocaleSwitcher() {
  const t = useTranslations("nav");
  const locale = useLocale();
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  return (
    <span className="locale">
      <label htmlFor={id} style={{ display: "inline", fontWeight: 400, marginRight: "0.4rem" }}>
        {t("language")}
      </label>
      <select
        id={id}
        value={locale}
        disabled={pending}
        style={{ width: "auto" }}
        onChange={(e) => {
          const next = e.target.value;
          startTransition(async () => {
            const result = await setLocale(next);
            if (result.ok) router.refresh();
          });
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
