/**
 * An assignment's rules are told before they matter, in the student's own time zone: the due date,
 * the late policy and its deadline, which attempt counts, how many attempts there are and (on a
 * problem's page) how many are left, and when reference answers and the solution are shown.
 */
import { expect, test } from "@playwright/test";
import crypto from "node:crypto";
import { addAssignment } from "./db";
import { screenshot } from "./helpers";
import { signInOwnStudent } from "./own-student";

const ZONE = "Asia/Shanghai";
const day = 24 * 60 * 60_000;
/** A moment as the app writes it, in the browser's zone. */
const local = (d: Date) => new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: ZONE }).format(d);

test.use({ timezoneId: ZONE, locale: "en-US" });

test("the rules say which attempt counts, the attempts left, when solutions show and the late deadline, in the student's zone", async ({ page }) => {
  // Minutes chosen so that UTC and Shanghai (UTC+8) write different days and hours.
  const dueAt = new Date(Math.ceil((Date.now() + 2 * day) / day) * day + 20 * 60 * 60_000);
  const lateUntil = new Date(dueAt.getTime() + 2 * day);
  const title = `Rules ${crypto.randomBytes(3).toString("hex")}`;
  const assignmentId = addAssignment({
    title,
    opensAt: new Date(Date.now() - day),
    dueAt,
    maxAttempts: 3,
    latePolicy: "PENALTY",
    latePenaltyPercent: 20,
    lateUntil,
    releasePolicy: "AFTER_DUE",
    scoreRule: "LATEST",
    problems: [["add-mul-gate", 4]],
  });
  await signInOwnStudent(page, "rules");

  await page.goto(`/assignments/${assignmentId}`);
  const rules = page.getByTestId("rules");
  await expect(rules.locator("li").first()).toContainText(`Due: ${local(dueAt)}`);
  await expect(rules.locator('[data-rule="late"]')).toHaveText(`Late work: accepted until ${local(lateUntil)} with 20% off`);
  await expect(rules.locator('[data-rule="counts"]')).toContainText("Your latest attempt at each problem counts");
  await expect(rules.locator('[data-rule="attempts"]')).toHaveText("3 attempts per problem.");
  await expect(rules.locator('[data-rule="solutions"]')).toHaveText(
    `Reference answers and the solution: shown from ${local(lateUntil)}, once no more work is accepted.`,
  );
  await expect(rules).not.toContainText("UTC");

  // On a problem's page, the attempts left at that problem.
  await page
    .getByRole("main")
    .getByRole("link", { name: /f = \(x \+ y\)/ })
    .click();
  await expect(page).toHaveURL(/\/problems\//);
  await expect(page.getByTestId("rules").locator('[data-rule="attempts"]')).toHaveText("3 attempts per problem: 3 left.");
  await screenshot(page, "rules-problem-page");

  // Nothing typed, nothing stored: the page claims no saved draft. Typing saves one, and says so.
  const saveState = page.getByTestId("save-state");
  await expect(saveState).toHaveText("");
  await page.getByTestId("answer-grad-z").fill("3");
  await expect(saveState).toHaveText("Draft saved");
  await page.reload();
  await expect(page.getByTestId("save-state")).toHaveText("Draft saved");

  // After Submit the focus is on what the submission came to.
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("result-summary")).toBeVisible();
  await expect(page.getByTestId("submit-outcome")).toBeFocused();
});
