import { expect, test, type Browser, type Page } from "@playwright/test";
import { csvRows as parseCsv } from "@/lib/csv";
import { addAssignment, lookup } from "./db";
import { screenshot, signIn, type DemoEmail } from "./helpers";
import { submitAs } from "./review-db";

/**
 * What a student sees once work is graded: part results in points, a staff override as the headline,
 * a declined regrade reason not accepted twice, the history in points, and the submissions CSV with
 * the override. One assignment of its own (cross-entropy: formula 3 points, loss 2).
 */
test.describe.configure({ mode: "serial" });

const TITLE = "Results in points (e2e)";
let assignmentId: string;
let problemId: string;

test.beforeAll(() => {
  assignmentId = addAssignment({
    title: TITLE,
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    releasePolicy: "NEVER",
    problems: [["seed-cross-entropy", 5]],
  });
  problemId = String(lookup("SELECT id FROM Problem WHERE slug = 'seed-cross-entropy'").id);
});

async function asUser(browser: Browser, email: DemoEmail): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("each part's result says its points, and a blank part says missing, not wrong", async ({ browser }) => {
  const [blank, right] = submitAs([
    { email: "student3@chainrule.test", assignmentId, problemSlug: "seed-cross-entropy", blank: ["formula"], set: { loss: "-2.54692" } },
    { email: "student3@chainrule.test", assignmentId, problemSlug: "seed-cross-entropy", set: { loss: "-2.54692" } },
  ]);
  const student = await asUser(browser, "student3@chainrule.test");
  await student.goto(`/submissions/${blank!.submissionId}`);
  const formula = student.getByTestId("part-result-formula");
  await expect(formula).toHaveAttribute("data-verdict", "missing");
  await expect(formula).toHaveText("∅ Missing · 0 / 3 points");
  const loss = student.getByTestId("part-result-loss");
  await expect(loss).toHaveAttribute("data-verdict", "incorrect");
  // The verdict stays for screen readers; what shows is the mark and the points.
  await expect(loss).toHaveText("✗ Wrong: 0 / 2 points");
  await expect(loss.getByText("Wrong:")).toHaveClass("visually-hidden");
  await screenshot(student, "results-part-points-blank");

  await student.goto(`/submissions/${right!.submissionId}`);
  await expect(student.getByTestId("part-result-formula")).toHaveText("✓ Correct: 3 / 3 points");
  await expect(student.getByTestId("part-result-loss")).toHaveText("✗ Wrong: 0 / 2 points");
  await student.context().close();
});

test("after a TA override the student's result leads with the final score and the TA's comment", async ({ browser }) => {
  const [bob] = submitAs([{ email: "student2@chainrule.test", assignmentId, problemSlug: "seed-cross-entropy", set: { loss: "-2.54692" } }]);
  const ta = await asUser(browser, "ta@chainrule.test");
  await ta.goto(`/teach/submissions/${bob!.submissionId}`);
  await ta.getByTestId("override-loss-details").locator("summary").click();
  const form = ta.getByTestId("override-form-loss");
  await form.getByLabel("Score", { exact: true }).fill("1.5");
  await form.getByLabel("Comment for the student (required)").fill("The value is right up to its sign: most of the credit.");
  await form.getByRole("button", { name: "Save override" }).click();
  await expect(ta.getByTestId("override-loss-ok")).toBeVisible();
  await ta.context().close();

  const student = await asUser(browser, "student2@chainrule.test");
  for (const url of [`/submissions/${bob!.submissionId}`, `/assignments/${assignmentId}/problems/${problemId}`]) {
    await student.goto(url);
    // 3 for the formula + 1.5 for the loss, of 5.
    await expect(student.getByTestId("result-summary")).toHaveText("Final score of attempt 1, after staff review: 4.5 / 5 points (90%)");
    await expect(student.getByTestId("staff-comments")).toHaveText("Staff comment on part 2: The value is right up to its sign: most of the credit.");
    await expect(student.getByTestId("part-override-loss")).toHaveText(
      "✎ Score changed by staff to 1.5 / 2 points: The value is right up to its sign: most of the credit.",
    );
    await expect(student.getByTestId("part-graded-loss")).toHaveText("Graded automatically: ✗ Wrong");
    await expect(student.getByTestId("part-result-formula")).toHaveText("✓ Correct: 3 / 3 points");
  }
  await screenshot(student, "results-override-headline");
  await student.context().close();
});

test("a declined regrade request is asked again only with a new reason", async ({ browser }) => {
  const [carl] = submitAs([{ email: "student1@chainrule.test", assignmentId, problemSlug: "seed-cross-entropy", blank: ["formula"] }]);
  const reason = "I wrote the formula on paper and forgot to type it.";
  const student = await asUser(browser, "student1@chainrule.test");
  await student.goto(`/submissions/${carl!.submissionId}`);
  const formula = student.getByTestId("regrade-part-formula");
  await formula.getByText("Ask for a regrade of this part").click();
  await formula.getByLabel("Why should this part be looked at again?").fill(reason);
  await formula.getByRole("button", { name: "Send request" }).click();
  await expect(formula.getByTestId("regrade-state")).toHaveText("Open");

  const ta = await asUser(browser, "ta@chainrule.test");
  await ta.goto(`/teach/submissions/${carl!.submissionId}`);
  const open = ta.getByTestId("grading-formula").locator('[data-status="OPEN"]');
  await open.getByLabel("Answer to the student (required)").fill("Only what was submitted can be graded.");
  await open.getByRole("button", { name: "Decline" }).click();
  await expect(ta.getByTestId("grading-formula").locator('[data-status="DECLINED"]')).toBeVisible();
  await ta.context().close();

  await student.reload();
  await expect(formula.getByTestId("regrade-state")).toHaveText("Declined");
  await formula.getByText("Ask for a regrade of this part").click();
  await formula.getByLabel("Why should this part be looked at again?").fill(`  ${reason.toUpperCase()} `);
  await formula.getByRole("button", { name: "Send request" }).click();
  await expect(student.getByTestId("regrade-formula-error")).toHaveText(
    "This reason was already given in a request that was declined. To ask again, explain what is new.",
  );
  await screenshot(student, "results-regrade-reason-repeated");
  expect(lookup("SELECT COUNT(*) AS n FROM RegradeRequest WHERE submissionId = ?", carl!.submissionId).n).toBe(1);

  await formula.getByLabel("Why should this part be looked at again?").fill("The exam sheet with the formula is attached to my email of today.");
  await formula.getByRole("button", { name: "Send request" }).click();
  await expect(formula.getByTestId("regrade-state").last()).toHaveText("Open");
  expect(lookup("SELECT COUNT(*) AS n FROM RegradeRequest WHERE submissionId = ?", carl!.submissionId).n).toBe(2);
  await student.context().close();
});

test("the history shows when each attempt was submitted and its score in points", async ({ browser }) => {
  const student = await asUser(browser, "student3@chainrule.test");
  await student.goto(`/assignments/${assignmentId}/problems/${problemId}/history`);
  const table = student.getByTestId("history");
  await expect(table.locator("thead th")).toHaveText(["#", "Points", "Submitted"]);
  // The first test's two attempts: the blank formula (0 of 5), then the formula right (3 of 5).
  await expect(table.locator('tr[data-attempt="1"]').getByTestId("history-score")).toHaveText("0 / 5");
  await expect(table.locator('tr[data-attempt="2"]').getByTestId("history-score")).toHaveText("3 / 5");
  await expect(table.locator('tr[data-attempt="2"]').getByRole("link")).toHaveText("Result of attempt 2: 3 / 5");
  await screenshot(student, "results-history-points");
  await student.context().close();
});

test("the submissions CSV has each part's points, the override's final score and its comment", async ({ browser }) => {
  const ta = await asUser(browser, "ta@chainrule.test");
  const response = await ta.request.get(`/api/assignments/${assignmentId}/submissions.csv`);
  expect(response.status()).toBe(200);
  const [header, ...rows] = parseCsv(await response.text());
  expect(header!.slice(11)).toEqual(["Overridden parts", "Mistakes", "Part scores", "Override final score", "Override comments", "Rubric comments"]);
  const bob = rows.find((r) => r[1] === "student2@chainrule.test")!;
  expect(bob[9]).toBe("4.5");
  // No saved comment is applied to Bob's submission: the last column is empty.
  expect(bob.slice(13)).toEqual(["formula: 3; loss: 1.5", "4.5", "loss: The value is right up to its sign: most of the credit.", ""]);
  const plain = rows.find((r) => r[1] === "student3@chainrule.test" && r[4] === "2")!;
  expect(plain.slice(13)).toEqual(["formula: 3; loss: 0", "", "", ""]);
  await ta.context().close();
});
