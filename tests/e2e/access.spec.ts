import { expect, test } from "@playwright/test";
import { addAssignment, lookup } from "./db";
import { screenshot, signIn } from "./helpers";

/**
 * Access decided by lib/authz.ts, seen from the browser: a student learns that an assignment exists
 * and when it opens, and nothing of its problems (no title, no link, no statement) on any page or
 * route until it opens; staff see them; a site admin does not work in a student's name.
 */
const WEEK = 7 * 86_400_000;
let unopened = "";
let problemId = "";
let problemTitle = "";

test.beforeAll(() => {
  unopened = addAssignment({
    title: "Access: opens next week",
    opensAt: new Date(Date.now() + WEEK),
    dueAt: new Date(Date.now() + 2 * WEEK),
    maxAttempts: null,
    problems: [["seed-cross-entropy", 10]],
  });
  const p = lookup("SELECT id, title FROM Problem WHERE slug = ?", "seed-cross-entropy");
  problemId = String(p.id);
  problemTitle = String(p.title);
});

test("a student sees an unopened assignment's dates and nothing of its problems, on every page and route", async ({ page }) => {
  await signIn(page, "student1@chainrule.test");
  const row = page.getByTestId("student-assignment").filter({ hasText: "Access: opens next week" });
  await expect(row).toContainText("Opens");
  await expect(row.locator(`a[href*="/problems/"]`)).toHaveCount(0);
  await screenshot(page, "access-student-dashboard-unopened");
  // The seeded homework uses the same problem: its link is there, this assignment's is not.
  expect(await page.content()).not.toContain(`/assignments/${unopened}/problems/`);

  const assignment = await page.goto(`/assignments/${unopened}`);
  expect(assignment?.status()).toBe(200);
  await expect(page.getByText(/This assignment opens/)).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain(problemId);
  expect(html).not.toContain(problemTitle);
  await screenshot(page, "access-student-assignment-unopened");

  await page.goto(`/assignments/${unopened}/problems/${problemId}`);
  await expect(page.getByText(/This assignment opens/)).toBeVisible();
  await expect(page.getByTestId("statement")).toHaveCount(0);
  expect(await page.content()).not.toContain(problemTitle);

  const history = await page.goto(`/assignments/${unopened}/problems/${problemId}/history`);
  expect(history?.status()).toBe(403);

  const course = String(lookup("SELECT courseId FROM Assignment WHERE id = ?", unopened).courseId);
  const api = await page.request.get(`/api/courses/${course}`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { role: string; course: { assignments: { id: string; problems: { id: string }[] | null }[] } };
  expect(body.role).toBe("STUDENT");
  const entry = body.course.assignments.find((a) => a.id === unopened)!;
  expect(entry.problems).toBeNull();
  expect(JSON.stringify(entry)).not.toContain(problemId);
  expect(body.course.assignments.some((a) => a.problems?.some((p) => p.id === problemId))).toBe(true); // the open homework's
});

test("the course's TA sees the unopened assignment's problems", async ({ page }) => {
  await signIn(page, "ta@chainrule.test");
  await page.goto(`/assignments/${unopened}`);
  await expect(page.getByTestId("assignment-problem")).toHaveCount(1);
  await page.getByTestId("assignment-problem").getByRole("link").click();
  await expect(page.getByTestId("statement")).toBeVisible();
  // Staff look; they do not submit.
  await expect(page.getByTestId("submit")).toBeDisabled();
});

test("a site admin sees a problem page but cannot submit in a student's name", async ({ page }) => {
  await signIn(page, "admin@chainrule.test");
  const hw = String(lookup("SELECT id FROM Assignment WHERE title = ?", "Homework 2: theory").id);
  await page.goto(`/assignments/${hw}/problems/${problemId}`);
  await expect(page.getByTestId("statement")).toBeVisible();
  await expect(page.getByTestId("submit")).toBeDisabled();
  await screenshot(page, "access-admin-problem-page");
});
