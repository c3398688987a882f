/**
 * An axe-core scan (WCAG 2.0 and 2.1, A and AA rules) of every kind of page, as each of its users
 * sees it, in English and in Chinese: no serious or critical violation. A violation is reported
 * with its rule, its help text and the elements it was found on.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addAssignment, lookup } from "./db";
import { signIn, type DemoEmail } from "./helpers";
import { submitAs } from "./review-db";

const id = (sql: string, ...params: unknown[]) => String(lookup(sql, ...params).id);
const courseId = (code: string) => id("SELECT id FROM Course WHERE code = ?", code);
const assignmentId = (title: string) => id("SELECT id FROM Assignment WHERE title = ?", title);
const problemId = (slug: string) => id("SELECT id FROM Problem WHERE slug = ?", slug);

type PageKind = { name: string; as: DemoEmail | null; path: () => string; ready?: (page: Page) => Promise<void> };

const HOMEWORK = "Homework 2: theory";
const STD = "seed-std-dev";
const PRACTICE = "Backpropagation practice";

const PAGES: PageKind[] = [
  { name: "sign-in", as: null, path: () => "/signin" },
  { name: "student dashboard", as: "student1@chainrule.test", path: () => "/dashboard" },
  { name: "join a course", as: "student1@chainrule.test", path: () => "/join" },
  { name: "change password", as: "student1@chainrule.test", path: () => "/password" },
  { name: "assignment", as: "student1@chainrule.test", path: () => `/assignments/${assignmentId(HOMEWORK)}` },
  {
    name: "problem with a graph to build",
    as: "student1@chainrule.test",
    path: () => `/assignments/${assignmentId(HOMEWORK)}/problems/${problemId(STD)}`,
    ready: async (page) => {
      await expect(page.getByTestId("statement")).toBeVisible();
    },
  },
  {
    name: "problem with a graph to annotate",
    as: "student1@chainrule.test",
    path: () => `/assignments/${assignmentId(PRACTICE)}/problems/${problemId("add-mul-gate")}`,
    ready: async (page) => {
      await expect(page.locator(".graph-scroll svg g[data-node]").first()).toBeVisible();
    },
  },
  { name: "history", as: "student1@chainrule.test", path: () => `/assignments/${assignmentId(HOMEWORK)}/problems/${problemId(STD)}/history` },
  { name: "submission (student)", as: "student1@chainrule.test", path: () => `/submissions/${submission.id}` },
  { name: "staff home", as: "instructor@chainrule.test", path: () => "/teach" },
  { name: "course", as: "instructor@chainrule.test", path: () => `/teach/courses/${courseId("DL-101")}` },
  { name: "roster", as: "instructor@chainrule.test", path: () => `/teach/courses/${courseId("DL-101")}/roster` },
  { name: "course settings", as: "instructor@chainrule.test", path: () => `/teach/courses/${courseId("DL-101")}/settings` },
  { name: "problem bank", as: "instructor@chainrule.test", path: () => `/teach/courses/${courseId("DL-101")}/problems` },
  { name: "staff problem", as: "instructor@chainrule.test", path: () => `/teach/courses/${courseId("DL-101")}/problems/${problemId(STD)}` },
  {
    name: "problem editor",
    as: "instructor@chainrule.test",
    path: () => `/teach/courses/${courseId("DL-101")}/problems/new`,
    ready: async (page) => {
      await expect(page.getByTestId("problem-source")).toBeVisible();
    },
  },
  { name: "new assignment", as: "instructor@chainrule.test", path: () => `/teach/courses/${courseId("DL-101")}/assignments/new` },
  { name: "edit assignment", as: "instructor@chainrule.test", path: () => `/teach/assignments/${assignmentId(HOMEWORK)}/edit` },
  { name: "review queue", as: "ta@chainrule.test", path: () => `/teach/assignments/${assignmentId(HOMEWORK)}` },
  { name: "submission (staff)", as: "ta@chainrule.test", path: () => `/teach/submissions/${submission.id}` },
  { name: "analytics", as: "ta@chainrule.test", path: () => `/teach/assignments/${assignmentId(HOMEWORK)}/analytics` },
  { name: "bulk regrade", as: "instructor@chainrule.test", path: () => `/teach/assignments/${assignmentId(HOMEWORK)}/regrade` },
  { name: "new course", as: "instructor@chainrule.test", path: () => "/teach/courses/new" },
  { name: "accounts", as: "admin@chainrule.test", path: () => "/accounts" },
  { name: "LMS registrations", as: "admin@chainrule.test", path: () => "/lti" },
];

/** A graded submission with a wrong answer and a named mistake, for the submission pages. */
const submission = { id: "" };
test.beforeAll(() => {
  const assignmentId = addAssignment({
    title: "Accessibility (e2e)",
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    releasePolicy: "IMMEDIATE",
    problems: [[STD, 10]],
  });
  // ∂s/∂x1 with the variance divided by N − 1: a named mistake.
  const [done] = submitAs([{ email: "student1@chainrule.test", assignmentId, problemSlug: STD, set: { "grad-x1": String(-Math.SQRT1_2) } }]);
  submission.id = done!.submissionId;
});

/** The serious and critical violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 5)
          .join(", ")}`,
    );
}

for (const locale of ["en", "zh-CN"] as const) {
  test.describe(`accessibility (${locale})`, () => {
    for (const kind of PAGES) {
      test(`the ${kind.name} page has no serious or critical axe violation`, async ({ page, context, baseURL }) => {
        if (kind.as) await signIn(page, kind.as);
        await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
        await page.goto(kind.path());
        await expect(page.getByRole("main")).toBeVisible();
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        await kind.ready?.(page);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }
  });
}
