import { describe, expect, it } from "vitest";
import { LOCALES, negotiateLocale } from "@/lib/i18n/config";
import { CATALOGS } from "@/lib/i18n/messages";

function flatten(obj: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The {placeholders} of an ICU message (plural/select arguments included, their branches not). */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*(?:[,}])/g)]
    .map((m) => m[1]!)
    .filter((v, i, a) => a.indexOf(v) === i)
    .sort();
}

describe("message catalogs", () => {
  const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(CATALOGS[l])])) as Record<string, Map<string, string>>;

  for (const locale of LOCALES) {
    for (const other of LOCALES) {
      if (locale === other) continue;
      it(`${locale} has every key that ${other} has`, () => {
        const missing = [...flat[other]!.keys()].filter((k) => !flat[locale]!.has(k));
        expect(missing).toEqual([]);
      });
    }
    it(`${locale} has no empty message`, () => {
      expect([...flat[locale]!].filter(([, v]) => v.trim() === "").map(([k]) => k)).toEqual([]);
    });
  }

  it("uses the same placeholders in every language", () => {
    const [first, ...rest] = LOCALES;
    for (const [key, message] of flat[first]!) {
      for (const l of rest) expect(placeholders(flat[l]!.get(key)!), `${l}:${key}`).toEqual(placeholders(message));
    }
  });
});

describe("language negotiation", () => {
  it("follows the browser's preference by weight", () => {
    expect(negotiateLocale("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(negotiateLocale("zh-TW")).toBe("zh-CN");
    expect(negotiateLocale("en-GB,en;q=0.9")).toBe("en");
    expect(negotiateLocale("fr-FR,zh;q=0.5,en;q=0.7")).toBe("en");
    expect(negotiateLocale("de, zh;q=0.3")).toBe("zh-CN");
  });

  it("falls back to English for nothing usable", () => {
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("")).toBe("en");
    expect(negotiateLocale("fr, de")).toBe("en");
    expect(negotiateLocale("zh;q=0, en;q=0")).toBe("en");
    expect(negotiateLocale(";;;,,q=abc")).toBe("en");
  });
});
