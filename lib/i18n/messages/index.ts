/**
 * The message catalogs: one core file per language, plus one file per area of the app (review,
 * authoring, solution, rubric, LTI deep linking, lmsSync) so that areas can grow their strings without touching each other's files. Each area's
 * strings live under its own top-level key.
 */
import type { Locale } from "@/lib/i18n/config";
import authoringEn from "./authoring.en.json";
import authoringZh from "./authoring.zh-CN.json";
import en from "./en.json";
import ltiDeepLinkingEn from "./lti-deep-linking.en.json";
import ltiDeepLinkingZh from "./lti-deep-linking.zh-CN.json";
import lmsSyncEn from "./lms-sync.en.json";
import lmsSyncZh from "./lms-sync.zh-CN.json";
import reviewEn from "./review.en.json";
import reviewZh from "./review.zh-CN.json";
import rubricEn from "./rubric.en.json";
import rubricZh from "./rubric.zh-CN.json";
import solutionEn from "./solution.en.json";
import solutionZh from "./solution.zh-CN.json";
import zhCN from "./zh-CN.json";

export type Messages = typeof en & {
  review: typeof reviewEn;
  authoring: typeof authoringEn;
  solution: typeof solutionEn;
  rubric: typeof rubricEn;
  ltiDeepLinking: typeof ltiDeepLinkingEn;
  lmsSync: typeof lmsSyncEn;
};

export const CATALOGS: Record<Locale, Messages> = {
  en: { ...en, review: reviewEn, authoring: authoringEn, solution: solutionEn, rubric: rubricEn, ltiDeepLinking: ltiDeepLinkingEn, lmsSync: lmsSyncEn },
  "zh-CN": { ...zhCN, review: reviewZh, authoring: authoringZh, solution: solutionZh, rubric: rubricZh, ltiDeepLinking: ltiDeepLinkingZh, lmsSync: lmsSyncZh },
};

export function messagesFor(locale: Locale): Messages {
  return CATALOGS[locale];
}
