"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { MOMENT_STYLE } from "./moment";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600_000],
  ["month", 30 * 24 * 3600_000],
  ["week", 7 * 24 * 3600_000],
  ["day", 24 * 3600_000],
  ["hour", 3600_000],
  ["minute", 60_000],
];

export function relativeTime(target: Date, now: Date, locale: string): string {
  const diff = target.getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(Math.round(diff / 60_000), "minute");
}

/**
 * A moment shown in the reader's own time zone (their browser's), with "in 2 days" beside it when
 * asked. The server does not know that zone, so the first render says UTC and the browser corrects it.
 */
export function LocalTime({ iso, relative = false }: { iso: string; relative?: boolean }) {
  const locale = useLocale();
  const format = useFormatter();
  const t = useTranslations("time");
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the browser's clock and zone are known only after hydration (the server's render says UTC)
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const date = new Date(iso);
  const text = now
    ? format.dateTime(date, { ...MOMENT_STYLE, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })
    : `${format.dateTime(date, { ...MOMENT_STYLE, timeZone: "UTC" })} ${t("utcNote")}`;
  return (
    <>
      <time dateTime={iso} title={iso}>
        {text}
      </time>
      {relative && now ? <span className="relative-time"> ({relativeTime(date, now, locale)})</span> : null}
    </>
  );
}
