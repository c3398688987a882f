import type { Locale } from "../config";
import en from "./en.json";
import zhCN from "./zh-CN.json";

export type Messages = typeof en;

export const CATALOGS: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export function messagesFor(locale: Locale): Messages {
  return CATALOGS[locale];
}
