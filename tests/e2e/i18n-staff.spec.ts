/**
 * The staff UI in Chinese: a TA, an instructor and the site admin with the zh-CN locale walk every
 * kind of staff page, and the page's chrome (headings, table headers, buttons, labels, navigation
 * links) holds no English UI words. Data (names, emails, ids, numbers, problem text) may be in any
 * language, so chrome is judged by a list of English UI words rather than by its alphabet.
 */
import { expect, test, type Page } from "@playwright/test";
import { addAssignment, lookup, withDb } from "./db";
import { screenshot, signIn, type DemoEmail } from "./helpers";
import { addVersion, copyProblem, submitAs } from "./review-db";

/** Words that only UI chrome says: none may appear in a zh-CN staff page's headings, headers, buttons, labels or nav links. */
const ENGLISH_UI =
  /\b(Courses?|Roster|Settings|Problems?|Assignments?|Save|Submit|Cancel|Delete|Edit|Email|Role|Score|Points|Status|Students?|Submissions?|Queue|Regrade|Analytics|Preview|Back|Search|Filter|Due|Title|Actions|Add|Remove|Compare|Create|Sign out|Export|Download|Publish(ed)?|Draft|Attempts?|Review|Override|History|Comment|Version|Accounts|Sessions|Revoke|Members|Dashboard|Teach|Join code|Overview|Released?|Opens|Closes|Answers?|Feedback|Mistakes?|Late|Total|Average|Median)\b/;

const CHROME = "h1, h2, h3, h4, th, button, label, legend, summary, nav a, [role=tab]";

/** People's names are data, whatever words they hold ("Student editor", added by other browser tests): longest first. */
function userNames(): string[] {
  return withDb((db) => db.prepare("SELECT name FROM User").all() as { name: string | null }[])
    .map((r) => r.name ?? "")
    .filter((n) => n.length > 0)
    .sort((a, b) => b.length - a.length);
}

async function englishChrome(page: Page): Promise<string[]> {
  const texts = await page.locator(CHROME).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0)
      .map((el) => (el.getAttribute("aria-label") ?? "") + " " + (el.textContent ?? ""))
      .map((t) => t.replace(/\s+/g, " ").trim()),
  );
  const names = userNames();
  return texts.filter((t) => ENGLISH_UI.test(names.reduce((rest, name) => rest.split(name).join(" "), t)));
}

const course = () => String(lookup("SELECT id FROM Course WHERE code = ?", "DL-101").id);
const problem = () => String(lookup("SELECT id FROM Problem WHERE slug = ?", "seed-std-dev").id);
let assignmentId: string;
let submissionId: string;
/** A problem of this test's own with two versions, for the compare page. */
let versioned: string;

test.beforeAll(() => {
  // An assignment of this test's own with one graded submission (a graph, a formula and a number, one of them wrong).
  assignmentId = addAssignment({
    title: "zh-CN staff walk (e2e)",
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    problems: [["add-mul-gate", 10]],
  });
  submissionId = submitAs([{ email: "student3@chainrule.test", assignmentId, problemSlug: "add-mul-gate", set: { "annotate/q/grad": 999 } }])[0]!.submissionId;
  const slug = `i18n-compare-${Date.now().toString(36)}`;
  versioned = copyProblem("seed-std-dev", slug);
  addVersion(slug, () => {});
});
const assignment = () => assignmentId;
const submission = () => submissionId;

async function signInZh(page: Page, email: DemoEmail, baseURL: string) {
  await signIn(page, email);
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseURL }]);
}

async function walk(page: Page, paths: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    const response = await page.goto(path);
    if ((response?.status() ?? 500) >= 400) {
      found[path] = [`status ${response?.status()}`];
      continue;
    }
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.locator("main h1, main h2").first()).toBeVisible();
    const english = await englishChrome(page);
    if (english.length > 0) found[path] = english;
  }
  return found;
}

test("a TA's staff pages in zh-CN have no English chrome", async ({ page, baseURL }) => {
  await signInZh(page, "ta@chainrule.test", baseURL!);
  const c = course();
  const a = assignment();
  const found = await walk(page, [
    "/teach",
    `/teach/courses/${c}`,
    `/teach/courses/${c}/problems`,
    `/teach/courses/${c}/problems/${problem()}`,
    `/teach/assignments/${a}`,
    `/teach/assignments/${a}/analytics`,
    `/teach/submissions/${submission()}`,
  ]);
  await page.goto(`/teach/assignments/${a}`);
  await screenshot(page, "i18n-staff-queue-zh");
  // The check can fail: the same pages in English are full of these words.
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await page.goto(`/teach/assignments/${a}`);
  expect((await englishChrome(page)).length).toBeGreaterThan(3);
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseURL! }]);
  await page.goto(`/teach/submissions/${submission()}`);
  await screenshot(page, "i18n-staff-submission-zh");
  expect(found).toEqual({});
  // Problem titles come from the problem's file in the reader's language, in the bank and on the problem's page.
  await page.goto(`/teach/courses/${c}/problems/${problem()}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("两个样本的标准差（作业 2，1.2）");
  await page.goto(`/teach/courses/${c}/problems`);
  await expect(page.getByRole("main")).toContainText("两个样本的标准差（作业 2，1.2）");
});

test("an instructor's authoring and settings pages in zh-CN have no English chrome", async ({ page, baseURL }) => {
  await signInZh(page, "instructor@chainrule.test", baseURL!);
  const c = course();
  const p = problem();
  const a = assignment();
  const found = await walk(page, [
    `/teach/courses/${c}/roster`,
    `/teach/courses/${c}/settings`,
    `/teach/courses/${c}/problems/new`,
    `/teach/courses/${c}/problems/${p}`,
    `/teach/courses/${c}/problems/${versioned}/compare?a=1&b=2`,
    `/teach/courses/${c}/assignments/new`,
    `/teach/assignments/${a}/edit`,
    `/teach/assignments/${a}/regrade`,
  ]);
  await page.goto(`/teach/courses/${c}/problems/${p}`);
  await screenshot(page, "i18n-staff-problem-zh");
  expect(found).toEqual({});
});

test("the site admin's accounts page in zh-CN has no English chrome", async ({ page, baseURL }) => {
  await signInZh(page, "admin@chainrule.test", baseURL!);
  expect(await walk(page, ["/accounts", "/teach/courses/new"])).toEqual({});
});
