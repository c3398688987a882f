/**
 * A moment inside a sentence the server writes (an assignment's opening, a late-work deadline) reads
 * exactly as LocalTime's first render of the same moment: next-intl's formatter, UTC, and the note.
 */
import { NextIntlClientProvider, createFormatter, createTranslator } from "next-intl";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { LocalTime } from "@/app/_components/LocalTime";
import { CATALOGS } from "@/lib/i18n/messages";

const locale = vi.hoisted((): { current: "en" | "zh-CN" } => ({ current: "en" }));
vi.mock("next-intl/server", async () => {
  const { createFormatter, createTranslator } = await import("next-intl");
  const { CATALOGS } = await import("@/lib/i18n/messages");
  return {
    getFormatter: async () => createFormatter({ locale: locale.current, timeZone: "UTC" }),
    getTranslations: async (namespace: string) =>
      createTranslator({ locale: locale.current, messages: CATALOGS[locale.current], namespace: namespace as never }),
  };
});

import { utcMoment } from "@/app/_components/problem/utc-moment";

const at = new Date("2026-11-27T14:35:00Z");

describe("a moment the server writes", () => {
  for (const lang of ["en", "zh-CN"] as const) {
    it(`matches LocalTime's first render (${lang})`, async () => {
      locale.current = lang;
      const html = renderToStaticMarkup(
        createElement(NextIntlClientProvider, {
          locale: lang,
          messages: CATALOGS[lang],
          timeZone: "UTC",
          children: createElement(LocalTime, { iso: at.toISOString() }),
        }),
      );
      const shown = /<time[^>]*>([^<]*)<\/time>/.exec(html)![1]!.replaceAll("&#x27;", "'");
      expect(await utcMoment(at)).toBe(shown);
      expect(shown).toContain(createTranslator({ locale: lang, messages: CATALOGS[lang], namespace: "time" })("utcNote"));
    });
  }

  it("writes the date and the time of day in UTC, not a sliced ISO string", async () => {
    locale.current = "en";
    const text = await utcMoment(at);
    expect(text).toBe(`${createFormatter({ locale: "en", timeZone: "UTC" }).dateTime(at, { dateStyle: "medium", timeStyle: "short" })} (UTC)`);
    expect(text).toContain("2026");
    expect(text).toContain("2:35");
    expect(text).not.toContain("T14");
  });
});
