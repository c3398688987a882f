"use server";

import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/config";

export type LocaleResult = { ok: true } | { ok: false; error: string };

/** Keeps the language chosen with the switcher for a year. */
export async function setLocale(locale: unknown): Promise<LocaleResult> {
  if (!isLocale(locale)) return { ok: false, error: `Unknown language: ${typeof locale === "string" ? locale.slice(0, 20) : typeof locale}` };
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 24 * 60 * 60, sameSite: "lax" });
  return { ok: true };
}
