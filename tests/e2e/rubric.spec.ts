import { expect, test, type Browser, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { addAssignment, addUser, lookup } from "./db";
import { screenshot, signIn } from "./helpers";
import { submitAs } from "./review-db";

/**
 * Saved comments (a rubric) as a TA uses them: a comment worth −1 on the graph part (6 of the
 * problem's 8 part points) is defined once, applied to two students' submissions with a click each,
 * then changed to −2; both submissions' scores follow, and the student reads the comment under the
 * part. Two students of the test's own, in an assignment of its own, both with full marks to start.
 */
test.describe.configure({ mode: "serial" });

const PASSWORD = "rubric-own-password";
const TEXT = "The gradient of q skips the chain rule";
const tag = crypto.randomBytes(4).toString("hex");
const students = [`rubric-a-${tag}@e2e.test`, `rubric-b-${tag}@e2e.test`];
let submissions: string[] = [];

test.beforeAll(() => {
  const assignmentId = addAssignment({
    title: `Rubric (e2e ${tag})`,
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    problems: [["add-mul-gate", 10]],
  });
  students.forEach((email, i) => addUser({ email, name: `Rubric student ${i + 1}`, password: PASSWORD, courses: [["DL-101", "STUDENT"]] }));
  submissions = submitAs(students.map((email) => ({ email, assignmentId, problemSlug: "add-mul-gate" }))).map((r) => r.submissionId);
});

const storedScore = (id: string) => Number(lookup("SELECT score FROM Submission WHERE id = ?", id).score);

async function asTa(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, "ta@chainrule.test");
  return page;
}

test("a TA defines a −1 comment, applies it to two submissions with a click, changes it to −2, and both scores follow", async ({ browser }) => {
  expect(submissions.map(storedScore)).toEqual([1, 1]);
  const page = await asTa(browser);
  await page.goto(`/teach/submissions/${submissions[0]}`);
  const rubric = page.getByTestId("rubric-annotate");
  await rubric.getByText("New saved comment").click();
  await rubric.getByLabel("Comment").fill(TEXT);
  await rubric.getByLabel("Points (negative takes off)").fill("-1");
  await rubric.getByRole("button", { name: "Add comment" }).click();
  const toggle = rubric.getByRole("button", { name: new RegExp(TEXT) });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(toggle).toContainText("−1");

  // One click applies it: the part goes from 6 to 5 of 6 points, the submission from 8 to 7 of 8.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("grading-score-annotate")).toContainText("83.3%");
  expect(storedScore(submissions[0]!)).toBeCloseTo(7 / 8);

  await page.goto(`/teach/submissions/${submissions[1]}`);
  const second = page.getByTestId("rubric-annotate").getByRole("button", { name: new RegExp(TEXT) });
  await expect(second).toHaveAttribute("aria-pressed", "false");
  await second.click();
  await expect(second).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("rubric-annotate")).toContainText("on 2 submissions");
  expect(storedScore(submissions[1]!)).toBeCloseTo(7 / 8);

  // −1 → −2, once, from the second submission's page: both submissions change.
  const item = page.getByTestId("rubric-annotate").locator(".rubric-item");
  await item.getByText("Edit").click();
  await item.getByLabel("Points (negative takes off)").fill("-2");
  await item.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("rubric-annotate").getByRole("button", { name: new RegExp(TEXT) })).toContainText("−2");
  await expect(page.getByTestId("grading-score-annotate")).toContainText("66.7%");
  expect(submissions.map(storedScore).map((s) => Math.round(s * 1000) / 1000)).toEqual([0.75, 0.75]);

  await page.goto(`/teach/submissions/${submissions[0]}`);
  await expect(page.getByTestId("grading-score-annotate")).toContainText("66.7%");
  // The click is in the submission's history.
  const applied = page.getByTestId("audit-history").locator('[data-action="submission.rubric-apply"]');
  await expect(applied).toHaveCount(1);
  // In words, not the raw action name.
  await expect(applied).toContainText(`applied the saved comment "${TEXT}" (-1 points) to part annotate; score 100% → 87.5%`);
  await page.getByTestId("rubric-annotate").scrollIntoViewIfNeeded();
  await screenshot(page, "rubric-ta-view");

  // A bad edit names the field and changes nothing.
  const first = page.getByTestId("rubric-annotate").locator(".rubric-item");
  await first.getByText("Edit").click();
  await first.getByLabel("Points (negative takes off)").fill("-7");
  await first.getByRole("button", { name: "Save" }).click();
  await expect(first.getByRole("alert")).toContainText("Points: at most the part's points");
  expect(storedScore(submissions[0]!)).toBeCloseTo(0.75);
  await page.context().close();
});

test("the student reads the comment and its points under the part on their result page", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.locator('input[name="email"]').fill(students[0]!);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await expect(page).not.toHaveURL(/\/signin/);
  await page.goto(`/submissions/${submissions[0]}`);
  const comments = page.getByTestId("rubric-comments-annotate");
  await expect(comments).toContainText(TEXT);
  await expect(comments).toContainText("−2");
  await comments.scrollIntoViewIfNeeded();
  await screenshot(page, "rubric-student-view");
  await context.close();
});
