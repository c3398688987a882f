/**
 * The formula box and typed input, in the browser: the live preview (KaTeX and the formula written
 * out as read), full-width digits read as ASCII, one "could not read" per message, and a wrong
 * formula's short test point with the expected value only once an attempt was used.
 */
import { expect, test, type Page } from "@playwright/test";
import { addAssignment } from "./db";
import { screenshot, signIn } from "./helpers";

const CE_FORMULA = "-ln(e^y11/(e^y11+e^y12+e^y13)) - ln(e^y22/(e^y21+e^y22+e^y23)) - ln(e^y33/(e^y31+e^y32+e^y33))";
const AT_ZERO = ["y11", "y12", "y13", "y21", "y22", "y23", "y31", "y32", "y33"].map((y) => `${y} = 0`).join(", ");

async function openProblem(page: Page, assignment: string, problem: RegExp) {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: assignment }).click();
  await expect(page).toHaveURL(/\/assignments\/[^/]+$/);
  await page.getByRole("main").getByRole("link", { name: problem }).click();
  await expect(page).toHaveURL(/\/problems\//);
}

test("the formula box shows how a formula was read, and a wrong one's short test point", async ({ page }) => {
  // Answers are never released here: the value at the test point is feedback, not a reference answer.
  addAssignment({
    title: "Formula feedback",
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 86_400_000),
    maxAttempts: 3,
    releasePolicy: "NEVER",
    problems: [["seed-cross-entropy", 5]],
  });
  await signIn(page, "student2@chainrule.test");
  await openProblem(page, "Formula feedback", /Cross-entropy/);

  const formula = page.getByTestId("answer-formula");
  const preview = page.getByTestId("answer-formula-preview");
  await formula.fill("ｙ１１＊ｌｎ（２）");
  await expect(preview).toContainText("Your answer was read as: y11 * ln(2)");
  await expect(page.getByTestId("answer-formula-rendered").locator(".katex")).toBeVisible();
  await expect(page.getByTestId("answer-formula-rendered").locator('annotation[encoding="application/x-tex"]')).toHaveText(
    "y_{11} \\cdot \\ln\\left(2\\right)",
  );
  await formula.fill("-y11^2");
  await expect(preview).toContainText("Your answer was read as: -(y11^2)");
  await formula.fill("y11^^2");
  await expect(preview).toHaveText("Could not read this: unexpected `^` at column 5");

  // Full-width digits and point are read as ASCII.
  await page.getByTestId("answer-loss").fill("２．５４６９２");
  await expect(page.locator('[data-field="answer-loss"] .read-preview')).toHaveText("Read as 2.54692");

  // Sent back unreadable (no attempt used): nothing at all is said about the readable formula.
  await formula.fill(`(${CE_FORMULA})/3`);
  await page.getByTestId("answer-loss").fill("0.5.3");
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("submit-invalid")).toContainText("did not use an attempt");
  const part = page.getByTestId("part-formula");
  await expect(part).not.toContainText("differs");
  await expect(page.getByTestId("part-result-formula")).toHaveCount(0);
  await expect(page.locator('[data-field="answer-loss"] .feedback')).toHaveText(
    "? Could not read `0.5.3`: unexpected `.` at column 4. This does not count as an attempt.",
  );

  // Graded: the expected value at the point, and the mistake named.
  await page.getByTestId("answer-loss").fill("2.54692");
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("result-summary")).toContainText("Result of attempt 1:");
  await expect(part).toContainText(`Your formula differs at ${AT_ZERO}: the expected value there is 3.296, yours gives 1.099.`);
  await expect(part).toContainText("It is the expected formula divided by 3: you took a mean over 3 terms where their sum is expected.");
  await screenshot(page, "student-formula-feedback");
});
