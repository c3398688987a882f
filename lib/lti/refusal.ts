/**
 * Why an LTI login or launch was refused. Every refusal is an HTTP status, a reason code (stable, in
 * the audit log and in tests) and a detail for the person who sees the page, the LMS administrator
 * most likely: what failed, in the terms of the spec.
 */
import { negotiateLocale } from "@/lib/i18n/config";
import en from "@/lib/i18n/messages/lti.en.json";
import zhCN from "@/lib/i18n/messages/lti.zh-CN.json";

export type LtiReason = keyof typeof en.reasons;

export class LtiRefusal extends Error {
  override readonly name = "LtiRefusal";
  constructor(
    readonly status: 400 | 401 | 403,
    readonly reason: LtiReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The error page: the reason in the reader's language, and the technical detail as is. */
export function refusalPage(refusal: LtiRefusal, acceptLanguage: string | null): Response {
  const locale = negotiateLocale(acceptLanguage);
  const t = locale === "zh-CN" ? zhCN : en;
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escape(t.title)}</title></head><body><main><h1>${escape(t.title)}</h1>` +
    `<p data-reason="${refusal.reason}">${escape(t.reasons[refusal.reason])}</p>` +
    `<p><code>${escape(refusal.detail)}</code></p><p>${escape(t.help)}</p></main></body></html>`;
  return new Response(html, { status: refusal.status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
