import { expect, test } from "@playwright/test";
import crypto from "node:crypto";
import { addAssignment, lookup } from "./db";
import path from "node:path";
import { ARTIFACTS, screenshot, signIn } from "./helpers";

/**
 * "Add to an assignment" on a staff problem page: an instructor adds a bank problem to one of their
 * assignments from the problem's own page (points defaulting to its parts' points), is told so with a
 * link, and finds it at the end of the assignment on the problem's latest version. Changes happen in
 * DL-201 so the other suites' DL-101 counts stay as seeded.
 */

const courseId = (code: string) => String(lookup("SELECT id FROM Course WHERE code = ?", code).id);
const problemId = (slug: string) => String(lookup("SELECT id FROM Problem WHERE slug = ?", slug).id);
const latestVersion = (slug: string) =>
  Number(lookup("SELECT MAX(v.version) AS v FROM ProblemVersion v JOIN Problem p ON p.id = v.problemId WHERE p.slug = ?", slug).v);

test("an instructor adds a problem to an assignment from the problem's page and finds it in the assignment", async ({ page }) => {
  const title = `Added from the bank ${crypto.randomBytes(4).toString("hex")}`;
  const assignmentId = addAssignment({
    title,
    courseCode: "DL-201",
    opensAt: new Date(Date.now() + 86_400_000),
    dueAt: new Date(Date.now() + 8 * 86_400_000),
    maxAttempts: null,
    problems: [["sigmoid-neuron", 5]],
  });
  const version = latestVersion("add-mul-gate");

  await signIn(page, "instructor@chainrule.test");
  await page.goto(`/teach/courses/${courseId("DL-201")}/problems/${problemId("add-mul-gate")}`);
  const card = page.getByTestId("add-to-assignment");
  await expect(card.getByRole("heading", { name: "Add to an assignment" })).toBeVisible();
  await expect(card).toContainText(`pinned to version ${version}`);
  // The parts are worth 6 + 1 + 1.
  await expect(card.getByLabel("Points")).toHaveValue("8");

  // Nothing chosen, then points that are not positive: each said at its field, nothing added.
  await card.getByRole("button", { name: "Add to assignment" }).click();
  await expect(card.locator("#add-to-assignment-error")).toHaveText("Choose an assignment.");
  await card.getByLabel("Assignment").selectOption({ label: title });
  await card.getByLabel("Points").fill("0");
  await card.getByRole("button", { name: "Add to assignment" }).click();
  await expect(card.locator("#add-to-points-error")).toHaveText("Points must be more than 0.");
  await card.screenshot({ path: path.join(ARTIFACTS, "add-to-assignment-bad-points.png") });
  await expect(card.getByLabel("Points")).toHaveAttribute("aria-invalid", "true");
  expect(Number(lookup("SELECT COUNT(*) AS n FROM AssignmentProblem WHERE assignmentId = ?", assignmentId).n)).toBe(1);

  await card.getByLabel("Points").fill("8");
  await card.getByRole("button", { name: "Add to assignment" }).click();
  const done = card.getByTestId("add-to-done");
  await expect(done).toContainText(`Added to “${title}” as problem 2, on version ${version}, worth 8 points.`);
  await expect(card.locator("#add-to-points-error")).toHaveCount(0);
  // The page now knows: the assignment is offered no more.
  await expect(card.getByRole("option", { name: `${title} (already has this problem)` })).toBeDisabled();
  await screenshot(page, "add-to-assignment-done");
  await card.screenshot({ path: path.join(ARTIFACTS, "add-to-assignment-card.png") });

  await done.getByRole("link", { name: "Open the assignment" }).click();
  await expect(page).toHaveURL(new RegExp(`/teach/assignments/${assignmentId}/edit$`));
  const rows = page.getByTestId("assignment-problem");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-slug", "sigmoid-neuron");
  await expect(rows.nth(1)).toHaveAttribute("data-slug", "add-mul-gate");
  await expect(rows.nth(1).getByTestId("pinned-version")).toHaveAttribute("data-version", String(version));
  await expect(rows.nth(1).getByLabel("Points")).toHaveValue("8");
  await screenshot(page, "add-to-assignment-in-assignment");
});

test("a TA, who edits no assignment, is offered no way to add one", async ({ page }) => {
  await signIn(page, "ta@chainrule.test");
  await page.goto(`/teach/courses/${courseId("DL-101")}/problems/${problemId("add-mul-gate")}`);
  await expect(page.getByTestId("problem-usage")).toBeVisible();
  await expect(page.getByTestId("add-to-assignment")).toHaveCount(0);
});
