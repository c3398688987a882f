import { getFormatter, getTranslations } from "next-intl/server";
import { MOMENT_STYLE } from "@/app/_components/moment";

/**
 * A moment inside a sentence the server writes ("opens Nov 27, 2026, 2:35 PM (UTC)"): the server does
 * not know the reader's time zone, so it says UTC, as LocalTime's first render does.
 */
export async function utcMoment(date: Date): Promise<string> {
  const format = await getFormatter();
  const t = await getTranslations("time");
  return `${format.dateTime(date, { ...MOMENT_STYLE, timeZone: "UTC" })} ${t("utcNote")}`;
}
