import { expect, test, type Page } from "@playwright/test";
import { addAssignment } from "./db";
import { screenshot, signIn } from "./helpers";
import { submitAs } from "./review-db";

/**
 * The review queue's order and names: headers that sort the class (and say so with aria-sort),
 * students without a submission last, and a problem's own mistake shown by its message. One
 * assignment of its own: Alice divides by N − 1 (90 %), Bob gets everything right (100 %), Carol
 * does not submit.
 */
test.describe.configure({ mode: "serial" });

const STUDENTS = ["student1@chainrule.test", "student2@chainrule.test", "student3@chainrule.test"];
const MESSAGE = "You divided by N − 1 (the sample standard deviation)";
let assignmentId: string;

test.beforeAll(() => {
  assignmentId = addAssignment({
    title: "Queue order (e2e)",
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    problems: [["seed-std-dev", 10]],
  });
  const [alice, bob] = submitAs([
    // ∂s/∂x1 with the variance divided by N − 1 = 1: −1/√2 instead of −0.5.
    { email: STUDENTS[0]!, assignmentId, problemSlug: "seed-std-dev", set: { "grad-x1": String(-Math.SQRT1_2) } },
    { email: STUDENTS[1]!, assignmentId, problemSlug: "seed-std-dev" },
  ]);
  expect([alice!.score, bob!.score]).toEqual([0.9, 1]);
});

/** The seeded students' names in the order the table shows them (other tests may add students to the course). */
async function order(page: Page): Promise<string[]> {
  const emails = await page
    .getByTestId("queue-table")
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-student") ?? ""));
  const names: Record<string, string> = { [STUDENTS[0]!]: "Alice", [STUDENTS[1]!]: "Bob", [STUDENTS[2]!]: "Carol" };
  return emails.filter((e) => e in names).map((e) => names[e]!);
}
const header = (page: Page, column: string) => page.locator("th", { has: page.getByTestId(`sort-${column}`) });

test("a TA sorts the queue by its headers, students without a submission stay last, and a problem's mistake reads as its message", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, "ta@chainrule.test");
  await page.goto(`/teach/assignments/${assignmentId}`);

  // By name at first, and the Student header says so.
  await expect(header(page, "student")).toHaveAttribute("aria-sort", "ascending");
  await expect(header(page, "score")).toHaveAttribute("aria-sort", "none");
  expect(await order(page)).toEqual(["Alice", "Bob", "Carol"]);

  // Score, ascending, then descending on a second click; Carol (no submission) last both times.
  await page.getByTestId("sort-score").click();
  await expect(page).toHaveURL(/sort=score&dir=asc/);
  await expect(header(page, "score")).toHaveAttribute("aria-sort", "ascending");
  await expect(header(page, "student")).toHaveAttribute("aria-sort", "none");
  expect(await order(page)).toEqual(["Alice", "Bob", "Carol"]);
  await page.getByTestId("sort-score").click();
  await expect(page).toHaveURL(/sort=score&dir=desc/);
  await expect(header(page, "score")).toHaveAttribute("aria-sort", "descending");
  expect(await order(page)).toEqual(["Bob", "Alice", "Carol"]);

  // Names descending would put Carol first, but she has nothing to review.
  await page.getByTestId("sort-student").click();
  await expect(page).toHaveURL(/sort=student&dir=asc/);
  await page.getByTestId("sort-student").click();
  await expect(page).toHaveURL(/sort=student&dir=desc/);
  await expect(header(page, "student")).toHaveAttribute("aria-sort", "descending");
  expect(await order(page)).toEqual(["Bob", "Alice", "Carol"]);

  // Alice's mistake reads as the problem's message; its code is only a detail.
  const alice = page.locator(`tr[data-student="${STUDENTS[0]}"]`);
  const mistake = alice.locator('[data-mistake="sample-vs-population"]');
  await expect(mistake).toContainText(MESSAGE);
  await expect(mistake).toHaveAttribute("title", "sample-vs-population");
  await expect(page.locator("#f-mistake option", { hasText: MESSAGE })).toHaveAttribute("value", "sample-vs-population");
  await screenshot(page, "review-queue-sorted");

  // Only those who submitted: Carol goes; the order chosen by the headers stays.
  await page.getByLabel("Students", { exact: true }).selectOption("submitted");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=submitted/);
  await expect(page).toHaveURL(/sort=student/);
  expect(await order(page)).toEqual(["Bob", "Alice"]);

  // A sort the queue does not know is refused, saying what is wrong.
  await page.goto(`/teach/assignments/${assignmentId}?sort=email`);
  await expect(page.getByTestId("filter-errors")).toContainText("The queue can be sorted by student, score, submitted or status.");
  await context.close();
});
