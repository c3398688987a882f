/**
 * What a student and an admin read about rate limits and sessions, in both languages, formatted from
 * the real catalogs with the parameters the pages pass (ProblemWorkspace, the accounts page).
 */
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "@/lib/i18n/messages";

const t = (locale: "en" | "zh-CN") => createTranslator({ locale, messages: CATALOGS[locale], namespace: "problem" });

describe("rate-limit messages", () => {
  it("a refused submission says the limit, when to try again, and that no attempt was used", () => {
    expect(t("en")("refused.rate-limited", { message: "", limit: 30, seconds: 12 })).toBe(
      "Too many submissions in a short time: at most 30 a minute. Try again in 12 seconds. This did not use an attempt.",
    );
    expect(t("en")("refused.rate-limited", { message: "", limit: 30, seconds: 1 })).toContain("Try again in 1 second.");
    expect(t("zh-CN")("refused.rate-limited", { message: "", limit: 30, seconds: 12 })).toBe(
      "提交过于频繁：每分钟最多 30 次。请在 12 秒后重试。本次提交没有计入尝试次数。",
    );
  });

  it("a refused graph check says the limit and when to try again", () => {
    expect(t("en")("editor.checkRateLimited", { limit: 60, seconds: 5 })).toBe("Too many checks in a short time: at most 60 a minute. Try again in 5 seconds.");
    expect(t("zh-CN")("editor.checkRateLimited", { limit: 60, seconds: 5 })).toBe("检查过于频繁：每分钟最多 60 次。请在 5 秒后重试。");
  });
});

describe("session messages", () => {
  it("sign-out and the password page say that every session ends", () => {
    expect(createTranslator({ locale: "en", messages: CATALOGS.en })("signOut.question")).toMatch(/every device/);
    expect(createTranslator({ locale: "zh-CN", messages: CATALOGS["zh-CN"] })("signOut.question")).toMatch(/所有设备/);
    expect(createTranslator({ locale: "en", messages: CATALOGS.en })("password.endsSessions")).toMatch(/every other device/);
    expect(createTranslator({ locale: "en", messages: CATALOGS.en })("accounts.revokeConfirm", { name: "Bob" })).toBe(
      "Sign Bob out on every device? They will have to sign in again.",
    );
  });
});
