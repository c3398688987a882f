import { expect, test, type Browser, type Page } from "@playwright/test";
import fs from "node:fs";
import { csvRows as parseCsv } from "@/lib/csv";
import { addAssignment, lookup } from "./db";
import { screenshot, signIn, type DemoEmail } from "./helpers";
import { addVersion, copyProblem, lookupAll, submitAs } from "./review-db";

/**
 * The TA's side: overriding a score, a regrade request round trip, the gradebook export, the class
 * heatmap, and refusals for staff of another course. One assignment of its own, so the other browser
 * tests' submissions do not matter here.
 */
test.describe.configure({ mode: "serial" });

const TITLE = "Review round trip (e2e)";
const CE_TITLE = "Cross-entropy of a batch of three samples (homework 2, 1.1)";
const GATE_TITLE = "Backpropagation through f = (x + y) · z";
let assignmentId: string;
let courseId: string;
let ids: { ce: string; gate: string };
/**
 * The gate problem, as a copy of the bank's whose variants never have q = x + y = 1: there, a downstream
 * gradient of 1 is both the local derivative and q's own value, and the grader rightly names neither
 * (about one variant in nine), which the analytics test below must not depend on.
 */
const GATE_SLUG = `e2e-review-gate-${Math.random().toString(36).slice(2, 8)}`;

test.beforeAll(() => {
  copyProblem("add-mul-gate", GATE_SLUG, (content) => {
    content.constraints = [...((content.constraints as string[]) ?? []), "x + y != 1"];
  });
  assignmentId = addAssignment({
    title: TITLE,
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    releasePolicy: "NEVER",
    problems: [
      ["seed-cross-entropy", 5],
      [GATE_SLUG, 4],
    ],
  });
  courseId = String(lookup("SELECT id FROM Course WHERE code = 'DL-101'").id);
  ids = {
    ce: String(lookup("SELECT id FROM Problem WHERE slug = 'seed-cross-entropy'").id),
    gate: String(lookup("SELECT id FROM Problem WHERE slug = ?", GATE_SLUG).id),
  };
});

async function asUser(browser: Browser, email: DemoEmail): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

function submissionOf(email: string, problemId: string): string {
  return String(
    lookup(
      "SELECT s.id FROM Submission s JOIN User u ON u.id = s.userId WHERE u.email = ? AND s.assignmentId = ? AND s.problemId = ? ORDER BY s.attempt DESC",
      email,
      assignmentId,
      problemId,
    ).id,
  );
}

test("a TA overrides a score with a comment, and the student sees the new score and the comment", async ({ browser }) => {
  // Alice submits through the page: the formula left out, the loss with its sign flipped.
  const student = await asUser(browser, "student1@chainrule.test");
  await student.goto(`/assignments/${assignmentId}/problems/${ids.ce}`);
  await student.getByTestId("answer-loss").fill("-2.54692");
  await student.getByTestId("submit").click();
  await expect(student.getByTestId("result-summary")).toHaveText("Result of attempt 1: 0%");
  const submissionId = submissionOf("student1@chainrule.test", ids.ce);

  // The TA finds it in the queue as ungraded, with its named mistake.
  const ta = await asUser(browser, "ta@chainrule.test");
  await ta.goto(`/teach/courses/${courseId}`);
  await ta
    .getByRole("row", { name: new RegExp(TITLE.replace(/[()]/g, "\\$&")) })
    .getByRole("link", { name: "Review" })
    .click();
  await expect(ta).toHaveURL(new RegExp(`/teach/assignments/${assignmentId}$`));
  const row = ta.getByTestId("queue-problem-seed-cross-entropy").locator('tr[data-student="student1@chainrule.test"]');
  await expect(row).toHaveAttribute("data-ungraded", "yes");
  await expect(row).toContainText("Sign flipped");
  await expect(row.getByTestId("queue-score")).toHaveText("0%");
  await expect(ta.getByTestId("queue-problem-seed-cross-entropy").locator('tr[data-student="student2@chainrule.test"]')).toContainText("No submission");
  await screenshot(ta, "review-queue");
  await row.getByRole("link", { name: "Alice Zhang" }).click();
  await expect(ta).toHaveURL(new RegExp(`/teach/submissions/${submissionId}$`));

  // Staff see the reference beside the student's number, and the mistake with the TA's detail.
  const fields = ta.getByTestId("fields-loss");
  await expect(fields.locator("tbody tr")).toHaveCount(1);
  await expect(fields.locator("tbody tr td").nth(1)).toHaveText("-2.54692");
  await expect(fields.locator("tbody tr td").nth(2)).toHaveText("2.54692");
  await expect(fields).toContainText("Sign flipped");
  await expect(ta.getByTestId("named-mistakes")).toContainText("sign-flip");

  // A comment is required; nothing changes without one. (The form is folded until opened.)
  await ta.getByTestId("override-loss-details").locator("summary").click();
  const form = ta.getByTestId("override-form-loss");
  await form.getByLabel("Score", { exact: true }).fill("2");
  await form.getByRole("button", { name: "Save override" }).click();
  await expect(ta.getByTestId("override-loss-error")).toHaveText("A comment is required: say why the score changes. The student will see it.");
  await expect(ta.getByTestId("staff-score")).toContainText("Score 0%");
  // Out of range is refused too, and what was typed stays.
  await ta.getByTestId("override-form-loss").getByLabel("Comment for the student (required)").fill("Only the sign slipped; full credit for the value.");
  await ta.getByTestId("override-form-loss").getByLabel("Score", { exact: true }).fill("3");
  await ta.getByTestId("override-form-loss").getByRole("button", { name: "Save override" }).click();
  await expect(ta.getByTestId("override-loss-error")).toContainText("out of range");
  await expect(ta.getByTestId("override-form-loss").getByLabel("Comment for the student (required)")).toHaveValue(
    "Only the sign slipped; full credit for the value.",
  );
  expect(lookup("SELECT COUNT(*) AS n FROM ScoreOverride WHERE submissionId = ?", submissionId).n).toBe(0);

  await ta.getByTestId("override-form-loss").getByLabel("Score", { exact: true }).fill("2");
  await ta.getByTestId("override-form-loss").getByRole("button", { name: "Save override" }).click();
  await expect(ta.getByTestId("override-loss-ok")).toBeVisible();
  await expect(ta.getByTestId("staff-score")).toContainText("Score 40%");
  await expect(ta.getByTestId("grading-score-loss")).toContainText("100% of 2 points");
  await expect(ta.getByTestId("audit-history").locator('tr[data-action="submission.override"]')).toContainText(
    "Chen Jie set part loss to 100% (was 0%); score 0% → 40%",
  );
  await screenshot(ta, "review-override-ta");

  // The student sees it on their attempt page.
  await student.goto(`/submissions/${submissionId}`);
  await expect(student.getByTestId("part-result-loss")).toContainText(
    "Score changed by staff to 2 / 2 points: Only the sign slipped; full credit for the value.",
  );
  await expect(student.getByTestId("result-summary")).toHaveText("Final score of attempt 1, after staff review: 2 / 5 points (40%)");
  await screenshot(student, "review-override-student");
  await student.context().close();
  await ta.context().close();
});

test("a regrade request goes round trip: asked, declined with an answer, asked again, accepted", async ({ browser }) => {
  const [bob] = submitAs([
    { email: "student2@chainrule.test", assignmentId, problemSlug: "seed-cross-entropy", blank: ["formula"], set: { loss: "-2.54692" } },
  ]);
  const student = await asUser(browser, "student2@chainrule.test");
  await student.goto(`/submissions/${bob!.submissionId}`);
  const formula = student.getByTestId("regrade-part-formula");
  await formula.getByText("Ask for a regrade of this part").click();
  await formula.getByRole("button", { name: "Send request" }).click();
  await expect(student.getByTestId("regrade-formula-error")).toHaveText("Say why this part should be looked at again.");
  await formula.getByLabel("Why should this part be looked at again?").fill("I wrote the formula on paper and forgot to type it.");
  await formula.getByRole("button", { name: "Send request" }).click();
  await expect(formula.getByTestId("regrade-state")).toHaveText("Open");
  await expect(formula).toContainText("Your request is waiting for an answer.");
  await expect(formula.getByRole("button", { name: "Send request" })).toHaveCount(0);
  await screenshot(student, "review-regrade-student-asks");

  // The TA goes to the next open request from the queue and declines it with an answer.
  const ta = await asUser(browser, "ta@chainrule.test");
  await ta.goto(`/teach/assignments/${assignmentId}?requests=open`);
  await expect(ta.getByTestId("queue-problem-seed-cross-entropy").locator("tbody tr")).toHaveCount(1);
  await ta.getByTestId("next-request").click();
  await expect(ta).toHaveURL(new RegExp(`/teach/submissions/${bob!.submissionId}$`));
  await expect(ta.getByTestId("open-requests")).toContainText("1 regrade request is waiting");
  const thread = ta.getByTestId("grading-formula").locator('[data-status="OPEN"]');
  await expect(thread).toContainText("I wrote the formula on paper and forgot to type it.");
  await thread.getByRole("button", { name: "Decline" }).click();
  await expect(thread.getByRole("alert")).toHaveText("An answer to the student is required.");
  await thread.getByLabel("Answer to the student (required)").fill("Only what was submitted can be graded.");
  await thread.getByRole("button", { name: "Decline" }).click();
  await expect(ta.getByTestId("grading-formula").locator('[data-status="DECLINED"]')).toContainText("Only what was submitted can be graded.");
  await screenshot(ta, "review-regrade-ta-declines");

  // The student sees the state and the answer, and asks again about the other part.
  await student.reload();
  await expect(formula.getByTestId("regrade-state")).toHaveText("Declined");
  await expect(formula.getByTestId("regrade-answer")).toContainText("Only what was submitted can be graded.");
  const loss = student.getByTestId("regrade-part-loss");
  await loss.getByText("Ask for a regrade of this part").click();
  await loss.getByLabel("Why should this part be looked at again?").fill("My value was rounded the way the hint says.");
  await loss.getByRole("button", { name: "Send request" }).click();
  await expect(loss.getByTestId("regrade-state")).toHaveText("Open");

  await ta.reload();
  const open = ta.getByTestId("grading-loss").locator('[data-status="OPEN"]');
  await open.getByLabel("Answer to the student (required)").fill("Right: your value is within tolerance after all.");
  await open.getByLabel("Score", { exact: true }).fill("1");
  await open.getByLabel("In", { exact: true }).selectOption("fraction");
  await open.getByRole("button", { name: "Accept with this score" }).click();
  await expect(ta.getByTestId("grading-loss").locator('[data-status="ACCEPTED"]')).toContainText("new score 100%");
  await expect(ta.getByTestId("audit-history")).toContainText("Chen Jie accepted the regrade of part loss: 0% → 100%; score 0% → 40%");

  await student.reload();
  await expect(loss.getByTestId("regrade-state")).toHaveText("Accepted");
  await expect(loss.getByTestId("regrade-answer")).toContainText("new score 100%");
  await expect(loss.getByTestId("regrade-answer")).toContainText("Right: your value is within tolerance after all.");
  await expect(student.getByTestId("part-result-loss")).toContainText(
    "Score changed by staff to 2 / 2 points: Right: your value is within tolerance after all.",
  );
  await screenshot(student, "review-regrade-student-answered");
  const states = lookupAll("SELECT partId, status FROM RegradeRequest WHERE submissionId = ? ORDER BY createdAt", bob!.submissionId);
  expect(states).toEqual([
    { partId: "formula", status: "DECLINED" },
    { partId: "loss", status: "ACCEPTED" },
  ]);
  await student.context().close();
  await ta.context().close();
});

test("the gradebook and per-submission CSV exports carry the right numbers", async ({ browser }) => {
  const ta = await asUser(browser, "ta@chainrule.test");
  await ta.goto(`/teach/courses/${courseId}`);
  const [download] = await Promise.all([ta.waitForEvent("download"), ta.getByRole("link", { name: "Download gradebook (CSV)" }).click()]);
  expect(download.suggestedFilename()).toBe("DL-101-gradebook.csv");
  const text = fs.readFileSync(await download.path(), "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parseCsv(text);
  expect(header!.slice(0, 3)).toEqual(["Student name", "Email", "Login ID"]);
  expect(header!.at(-1)).toMatch(/^Total \(\d+\)$/);
  const ceColumn = header!.indexOf(`${TITLE} — ${CE_TITLE} (5)`);
  const gateColumn = header!.indexOf(`${TITLE} — ${GATE_TITLE} (4)`);
  expect(ceColumn).toBeGreaterThan(2);
  expect(gateColumn).toBe(ceColumn + 1);
  const row = (email: string) => rows.find((r) => r[1] === email)!;
  // Alice: the loss overridden to 2 of 2 points, no formula: 2 of 5. Bob: formula declined (0), loss accepted (2).
  expect(row("student1@chainrule.test").slice(0, 3)).toEqual(["Alice Zhang", "student1@chainrule.test", "student1@chainrule.test"]);
  expect(row("student1@chainrule.test")[ceColumn]).toBe("2");
  expect(row("student2@chainrule.test")[ceColumn]).toBe("2");
  expect(row("student3@chainrule.test")[ceColumn]).toBe("");
  expect(rows.map((r) => r[1])).toEqual(expect.arrayContaining(["student1@chainrule.test", "student2@chainrule.test", "student3@chainrule.test"]));
  // The total is the sum of the row's problem columns.
  const alice = row("student1@chainrule.test");
  const sum = alice.slice(3, -1).reduce((s, c) => s + (c === "" ? 0 : Number(c)), 0);
  expect(Number(alice.at(-1))).toBeCloseTo(sum, 2);
  await screenshot(ta, "review-gradebook-link");

  await ta.goto(`/teach/assignments/${assignmentId}`);
  const [perSubmission] = await Promise.all([ta.waitForEvent("download"), ta.getByTestId("submissions-csv").click()]);
  expect(perSubmission.suggestedFilename()).toBe("DL-101-Review-round-trip-e2e-submissions.csv");
  const [subHeader, ...subRows] = parseCsv(fs.readFileSync(await perSubmission.path(), "utf8"));
  expect(subHeader).toEqual([
    "Student name",
    "Email",
    "Problem",
    "Points possible",
    "Attempt",
    "Created at",
    "Late",
    "Auto score",
    "Late penalty %",
    "Score",
    "Counted",
    "Overridden parts",
    "Mistakes",
    "Part scores",
    "Override final score",
    "Override comments",
    "Rubric comments",
  ]);
  const aliceCe = subRows.find((r) => r[1] === "student1@chainrule.test" && r[2] === CE_TITLE)!;
  expect(aliceCe[4]).toBe("1");
  expect(aliceCe[5]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(aliceCe.slice(6, 13)).toEqual(["no", "0", "0", "2", "yes", "loss", "sign-flip (1)"]);
  await ta.context().close();
});

test("the analytics page shows the class heatmap on the graph for a seeded class", async ({ browser }) => {
  // Three students submit the gate problem through the real submit path: Alice gets q's value wrong,
  // Bob gives the local derivative 1 as q's downstream gradient to x, Carol leaves the graph blank.
  submitAs([
    { email: "student1@chainrule.test", assignmentId, problemSlug: GATE_SLUG, set: { "annotate/q/value": 999 } },
    { email: "student2@chainrule.test", assignmentId, problemSlug: GATE_SLUG, set: { "annotate/q/downstream/x": 1 } },
    { email: "student3@chainrule.test", assignmentId, problemSlug: GATE_SLUG, set: { annotate: { nodes: {} } } },
  ]);
  const ta = await asUser(browser, "ta@chainrule.test");
  await ta.goto(`/teach/assignments/${assignmentId}`);
  await ta.getByRole("link", { name: "Class analytics" }).click();
  const section = ta.getByTestId(`analytics-${GATE_SLUG}`);
  // Other browser tests may add students to the course; three of them submitted here.
  await expect(section.getByTestId("analytics-summary")).toContainText(/^3 of \d+ students submitted/);
  await expect(section.getByTestId(`chart-dist-${GATE_SLUG}`).locator("svg[role=img]")).toBeVisible();
  await expect(section.getByTestId(`mistakes-${GATE_SLUG}`)).toContainText("local-not-chained");
  const heatmap = section.getByTestId("heatmap-annotate");
  await expect(heatmap.locator("svg")).toBeVisible();
  // One tinted box per asked field (x, y, z: value and grad; q and f: value, grad and two downstream gradients).
  await expect(heatmap.locator('svg rect[fill^="rgba(220, 38, 38"]')).toHaveCount(14);
  await expect(heatmap.locator("svg")).toContainText("67%");
  await heatmap.getByText("Show as a table").click();
  const table = heatmap.getByTestId("heat-table-annotate");
  await expect(table.locator('tr[data-key="q|value|"]')).toContainText("2 of 3");
  await expect(table.locator('tr[data-key="q|value|"]')).toContainText("67%");
  await expect(table.locator('tr[data-key="q|downstream|x"]')).toContainText("2 of 3");
  await expect(table.locator('tr[data-key="f|value|"]')).toContainText("1 of 3");
  await expect(table.locator('tr[data-key="q|downstream|y"]')).toContainText("33%");
  await heatmap.scrollIntoViewIfNeeded();
  await screenshot(ta, "review-analytics-heatmap");
  await ta.context().close();
});

test("bulk regrade after a fix: the change is previewed per student and part, and applied only on confirmation", async ({ browser }) => {
  // A problem of this test's own whose first version had a wrong answer key for ∂f/∂x ("x + y").
  const slug = "e2e-regrade-gate";
  const setDfdx = (expected: string) => (content: Record<string, unknown>) => {
    (content.parts as { id: string; expected?: string }[]).find((p) => p.id === "dfdx")!.expected = expected;
  };
  copyProblem("add-mul-gate", slug, setDfdx("x + y"));
  const regradeId = addAssignment({
    title: "Regrade after a fix (e2e)",
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    problems: [[slug, 4]],
  });
  const [alice, bob, carol] = submitAs([
    { email: "student1@chainrule.test", assignmentId: regradeId, problemSlug: slug, set: { dfdx: "z" } },
    { email: "student2@chainrule.test", assignmentId: regradeId, problemSlug: slug },
    { email: "student3@chainrule.test", assignmentId: regradeId, problemSlug: slug, set: { dfdx: "x + y" } },
  ]);
  expect([alice!.score, bob!.score, carol!.score]).toEqual([7 / 8, 1, 1]);

  // Carol's formula was given half credit by hand.
  const ta = await asUser(browser, "ta@chainrule.test");
  await ta.goto(`/teach/submissions/${carol!.submissionId}`);
  await ta.getByTestId("override-dfdx-details").locator("summary").click();
  const form = ta.getByTestId("override-form-dfdx");
  await form.getByLabel("Score", { exact: true }).fill("0.5");
  await form.getByLabel("In", { exact: true }).selectOption("fraction");
  await form.getByLabel("Comment for the student (required)").fill("Half: the idea is there.");
  await form.getByRole("button", { name: "Save override" }).click();
  await expect(ta.getByTestId("staff-score")).toContainText("Score 93.8%");

  // The fix: a new version with the right answer key. Nothing moves by itself: the assignment stays
  // on version 1, and a TA has nothing to regrade and no version to choose.
  expect(addVersion(slug, setDfdx("z"))).toBe(2);
  await ta.goto(`/teach/assignments/${regradeId}`);
  await ta.getByRole("link", { name: "Bulk regrade" }).click();
  await expect(ta.getByTestId("bulk-nothing")).toBeVisible();
  await expect(ta.getByTestId("bulk-target")).toHaveCount(0);
  await expect(ta.getByTestId("bulk-pinned")).toHaveText("version 1");

  // The instructor moves the assignment to version 2, and sees what changes for each student first.
  const instructor = await asUser(browser, "instructor@chainrule.test");
  await instructor.goto(`/teach/assignments/${regradeId}`);
  await instructor.getByRole("link", { name: "Bulk regrade" }).click();
  await instructor.getByTestId("bulk-target").selectOption({ label: "version 2" });
  await instructor.getByRole("button", { name: "Update preview" }).click();
  await expect(instructor.getByTestId("bulk-moving")).toContainText("1 problem moves to another version");
  await expect(instructor.getByTestId("bulk-problems").locator("tbody td").nth(2)).toHaveText("3");
  await expect(instructor.getByTestId("bulk-problems").locator("tbody td").nth(3)).toHaveText("2");
  const preview = instructor.getByTestId("bulk-preview");
  await expect(preview.locator("tbody tr")).toHaveCount(2);
  const aliceRow = preview.locator('tr[data-student="student1@chainrule.test"]');
  await expect(aliceRow.getByTestId("bulk-part-dfdx")).toHaveText("0% → 100%");
  await expect(aliceRow.getByTestId("bulk-score")).toHaveText("87.5% → 100%");
  await expect(preview.locator('tr[data-student="student2@chainrule.test"]').getByTestId("bulk-score")).toHaveText("100% → 87.5%");
  await expect(instructor.getByText("1 other submission moves to the version the assignment uses without a score change.")).toBeVisible();
  await screenshot(instructor, "review-bulk-preview");

  // Replacing overrides shows Carol's override going too; still nothing is written.
  await instructor.getByTestId("bulk-replace").check();
  await instructor.getByRole("button", { name: "Update preview" }).click();
  const carolRow = instructor.getByTestId("bulk-preview").locator('tr[data-student="student3@chainrule.test"]');
  await expect(carolRow).toContainText("overridden");
  await expect(carolRow.getByTestId("bulk-part-dfdx")).toHaveText("50% → 0%");
  await expect(carolRow.getByTestId("bulk-score")).toHaveText("93.8% → 87.5%");
  const versions = () =>
    lookupAll("SELECT v.version FROM Submission s JOIN ProblemVersion v ON v.id = s.problemVersionId WHERE s.assignmentId = ?", regradeId).map(
      (r) => r.version,
    );
  expect(versions()).toEqual([1, 1, 1]);

  // Confirm keeping overrides.
  await instructor.getByTestId("bulk-replace").uncheck();
  await instructor.getByRole("button", { name: "Update preview" }).click();
  await instructor.getByTestId("bulk-apply").click();
  await expect(instructor.getByTestId("bulk-done")).toHaveText("1 problem moved to the chosen version. Done: 3 submissions regraded, 2 with a changed score.");
  await instructor.goto(`/teach/assignments/${regradeId}/regrade`);
  await expect(instructor.getByTestId("bulk-nothing")).toBeVisible();
  await expect(instructor.getByTestId("bulk-pinned")).toHaveText("version 2");
  expect(versions()).toEqual([2, 2, 2]);
  const scores = lookupAll("SELECT u.email, s.score FROM Submission s JOIN User u ON u.id = s.userId WHERE s.assignmentId = ? ORDER BY u.email", regradeId);
  expect(scores.map((r) => [r.email, Math.round(Number(r.score) * 10000) / 10000])).toEqual([
    ["student1@chainrule.test", 1],
    ["student2@chainrule.test", 0.875],
    ["student3@chainrule.test", 0.9375],
  ]);
  expect(
    lookup(
      "SELECT COUNT(*) AS n FROM AuditLog WHERE action = 'submission.regrade' AND entityId IN (?, ?, ?)",
      alice!.submissionId,
      bob!.submissionId,
      carol!.submissionId,
    ).n,
  ).toBe(3);
  await screenshot(instructor, "review-bulk-applied");
  await instructor.context().close();
  await ta.context().close();
});

test("a TA of another course and a student are refused on the review pages and routes", async ({ browser }) => {
  const submissionId = submissionOf("student1@chainrule.test", ids.ce);
  const pages = [
    `/teach/assignments/${assignmentId}`,
    `/teach/assignments/${assignmentId}/analytics`,
    `/teach/assignments/${assignmentId}/regrade`,
    `/teach/submissions/${submissionId}`,
  ];
  const routes = [`/api/courses/${courseId}/gradebook.csv`, `/api/assignments/${assignmentId}/submissions.csv`];
  for (const email of ["ta2@chainrule.test", "student1@chainrule.test"] as const) {
    const page = await asUser(browser, email);
    for (const path of pages) {
      const response = await page.goto(path);
      expect(response?.status(), `${email} ${path}`).toBe(403);
      await expect(page.getByTestId("forbidden")).toBeVisible();
      await expect(page.getByTestId("queue-table")).toHaveCount(0);
      await expect(page.getByTestId("audit-history")).toHaveCount(0);
    }
    if (email === "ta2@chainrule.test") await screenshot(page, "review-ta2-forbidden");
    for (const path of routes) {
      const r = await page.request.get(path);
      expect(r.status(), `${email} ${path}`).toBe(403);
      expect(await r.json()).toEqual({ error: { code: "forbidden", message: "You do not have access to this resource." } });
    }
    await page.context().close();
  }
  // The routes need a session at all, and well-formed ids.
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(routes[0]!)).status()).toBe(401);
  await anonymous.close();
  const ta = await asUser(browser, "ta@chainrule.test");
  expect((await ta.request.get("/api/courses/..%2Fx/gradebook.csv")).status()).toBe(400);
  expect((await ta.request.get("/api/assignments/abcdefghijklmnop/submissions.csv")).status()).toBe(404);
  await ta.context().close();
});
