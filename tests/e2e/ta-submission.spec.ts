import { expect, test, type Browser, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { addAssignment, lookup, withDb } from "./db";
import { screenshot, signIn } from "./helpers";
import { submitAs } from "./review-db";

/**
 * The staff submission page as a TA works through it: each part once (the student's answers, the
 * verdicts and the reference side by side), counts in the header that agree with the threads below,
 * the history as "field: old → new" lines, and the keyboard shortcuts. A three-part problem
 * (add-mul-gate: a graph, a formula and a number) in an assignment of its own.
 */
test.describe.configure({ mode: "serial" });

const STUDENTS = ["student1@chainrule.test", "student2@chainrule.test"] as const;
let assignmentId: string;
let alice: string;
let bob: string;

test.beforeAll(() => {
  assignmentId = addAssignment({
    title: "TA submission view (e2e)",
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    problems: [["add-mul-gate", 10]],
  });
  const [a, b] = submitAs([
    // A wrong formula and a wrong number on the graph, so each part has something to grade.
    { email: STUDENTS[0], assignmentId, problemSlug: "add-mul-gate", set: { dfdx: "x + y", "annotate/q/grad": 999 } },
    { email: STUDENTS[1], assignmentId, problemSlug: "add-mul-gate" },
  ]);
  alice = a!.submissionId;
  bob = b!.submissionId;
  // Two open regrade requests on Alice's submission.
  const studentId = String(lookup("SELECT id FROM User WHERE email = ?", STUDENTS[0]).id);
  withDb((db) => {
    for (const [partId, reason] of [
      ["dfdx", "My formula is the same thing written differently."],
      ["annotate", "The gradient of q was a typo."],
    ])
      db.prepare("INSERT INTO RegradeRequest (id, submissionId, partId, studentId, reason, status, createdAt) VALUES (?, ?, ?, ?, ?, 'OPEN', ?)").run(
        `e2e${crypto.randomBytes(10).toString("hex")}`,
        alice,
        partId,
        studentId,
        reason,
        new Date().toISOString().replace("Z", "+00:00"),
      );
  });
});

async function asTa(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, "ta@chainrule.test");
  return page;
}

const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

/**
 * Before this view, the same submission was 5,685 px tall at 1280 px (every part shown twice); now
 * about 3,600 px: the annotated drawing once, the graph's 13 fields beside their references, and the
 * two open requests' answer forms. The bound leaves room for font differences between machines, not
 * for a part shown twice again.
 */
const HEIGHT_BOUND = 4000;

test("each part is shown once, the student's answers beside the reference and the verdicts, in a page far shorter than before", async ({ browser }) => {
  const page = await asTa(browser);
  await page.goto(`/teach/submissions/${alice}`);
  await expect(page.locator("section.grading-part")).toHaveCount(3);
  // The student's workspace (answer fields) is not repeated above the grading.
  await expect(page.locator('[data-testid^="answer-"]')).toHaveCount(0);
  await expect(page.getByText("Your answer")).toHaveCount(0);
  // The graph part is drawn once, as the student annotated it, with the verdicts on the nodes (read-only).
  const drawing = page.getByTestId("grading-annotate").locator(".graph-scroll svg");
  await expect(drawing).toHaveCount(1);
  await expect(drawing.locator('g[data-node="q"]')).toContainText("✗");
  await expect(page.getByTestId("grading-annotate").locator(".annotated-graph input:not([disabled])")).toHaveCount(0);

  // The graph: the wrong gradient of q beside its reference, marked wrong.
  const annotate = page.getByTestId("fields-annotate");
  await expect(annotate.locator("thead")).toContainText("Student's answer");
  const wrong = annotate.locator('tr[data-verdict="incorrect"]');
  await expect(wrong).toHaveCount(1);
  await expect(wrong.locator("td").nth(1)).toHaveText("999");
  // The formula: the student's text beside the reference's.
  const dfdx = page.getByTestId("texts-dfdx");
  await expect(dfdx.locator("h4")).toHaveText(["Student's answer", "Reference"]);
  await expect(dfdx.locator("pre").first()).toHaveText("x + y");
  await expect(dfdx.locator("pre").nth(1)).toHaveText("z");
  await expect(page.getByTestId("grading-score-dfdx")).toContainText("0% of 1 point");

  const height = await pageHeight(page);
  console.log(`page height: ${height} px`);
  expect(height).toBeLessThan(HEIGHT_BOUND);
  await screenshot(page, "ta-submission-compact");
});

test("the header's count of open regrade requests is the number of open threads below it", async ({ browser }) => {
  const page = await asTa(browser);
  await page.goto(`/teach/submissions/${alice}`);
  await expect(page.locator('.grading-part [data-status="OPEN"]')).toHaveCount(2);
  await expect(page.getByTestId("open-requests")).toContainText("2 regrade requests are waiting for an answer below.");
  // "Next open request" looks at the other submissions only, and says so.
  await expect(page.getByTestId("next-request")).toHaveCount(0);
  await expect(page.getByText("No other submission has an open regrade request.")).toBeVisible();
  await expect(page.getByText("No open regrade requests.")).toHaveCount(0);
  // Its link leads to the first of them.
  await page.getByTestId("open-requests").getByRole("link").click();
  await expect(page).toHaveURL(/#regrade-thread-/);
  await screenshot(page, "ta-submission-header");
});

test("j and k walk the queue's order, links do the same, and typing a j in a comment stays on the page", async ({ browser }) => {
  const page = await asTa(browser);
  await page.goto(`/teach/submissions/${alice}`);
  await expect(page.getByTestId("queue-previous")).toHaveCount(0);
  await expect(page.getByTestId("queue-next")).toHaveAttribute("href", `/teach/submissions/${bob}`);
  await page.getByTestId("shortcuts").locator("summary").click();
  await expect(page.getByTestId("shortcuts")).toContainText("next submission in the queue");

  // In a text field, j is a letter.
  await page.getByTestId("override-grad-z-details").locator("summary").click();
  const comment = page.getByTestId("override-form-grad-z").getByLabel("Comment for the student (required)");
  await comment.fill("");
  await comment.press("j");
  await expect(comment).toHaveValue("j");
  await expect(page).toHaveURL(new RegExp(`/teach/submissions/${alice}$`));

  await comment.blur();
  await page.keyboard.press("j");
  await expect(page).toHaveURL(new RegExp(`/teach/submissions/${bob}$`));
  await expect(page.getByTestId("queue-previous")).toHaveAttribute("href", `/teach/submissions/${alice}`);
  await page.keyboard.press("k");
  await expect(page).toHaveURL(new RegExp(`/teach/submissions/${alice}$`));

  // The links reach the same places from the keyboard.
  await page.getByTestId("queue-next").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/teach/submissions/${bob}$`));
});

test("Ctrl+Enter saves an override from its comment box, and the history shows what changed as field: old → new", async ({ browser }) => {
  const page = await asTa(browser);
  await page.goto(`/teach/submissions/${alice}`);
  await page.getByTestId("override-grad-z-details").locator("summary").click();
  const form = page.getByTestId("override-form-grad-z");
  await form.getByLabel("Score", { exact: true }).fill("0.5");
  const comment = form.getByLabel("Comment for the student (required)");
  await comment.fill("Right value, no working shown.");
  await comment.press("Control+Enter");
  await expect(page.getByTestId("override-grad-z-ok")).toBeVisible();
  await expect(page.getByTestId("grading-score-grad-z")).toContainText("50% of 1 point");

  const row = page.getByTestId("audit-history").locator('tr[data-action="submission.override"]');
  const changes = row.getByTestId("audit-changes").locator("li");
  await expect(changes.filter({ hasText: "Part score" })).toHaveText("Part score: 100% → 50%");
  await expect(changes.filter({ hasText: "Comment" })).toHaveText("Comment: — → Right value, no working shown.");
  await expect(changes.filter({ hasText: /^Score:/ })).toHaveText(/^Score: \d+(\.\d)?% → \d+(\.\d)?%$/);
  // No stored JSON on the page.
  await expect(page.getByTestId("audit-history")).not.toContainText("{");
  await expect(page.getByTestId("audit-history")).not.toContainText("partScore");
  await screenshot(page, "ta-submission-history");
});
