import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { addAssignment, lookup } from "./db";
import { editorText, screenshot, setEditorText, signIn } from "./helpers";
import { lookupAll, submitAs } from "./review-db";

/**
 * The whole loop after a mistake in a problem: submissions graded against a wrong answer key, the
 * instructor fixes the problem in the browser editor (previewing two seeds) and saves a new version,
 * which changes nothing for the assignment by itself; then moves the assignment to the new version,
 * seeing every student's change before it is applied.
 */
test("an instructor fixes a problem, saves version 2 (the assignment stays on version 1), previews the move and applies it", async ({ page, browser }) => {
  const slug = "e2e-fixed-gate";
  // Version 1, imported through the real command as a problem of DL-101: ∂f/∂x keyed as "x + y" (it is z).
  const broken = fs
    .readFileSync("problems/classic/add-mul-gate.yaml", "utf8")
    .replace(/^id: add-mul-gate$/m, `id: ${slug}`)
    .replace('expected: "z"', 'expected: "x + y"')
    .replace(/^tests:[\s\S]*$/m, "tests: []\n");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-fix-"));
  fs.writeFileSync(path.join(dir, `${slug}.yaml`), broken);
  const imported = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "lib/cli/main.ts", "problem", "import", "--course", "DL-101", dir], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL },
    encoding: "utf8",
  });
  expect(imported).toContain(`${slug}: created 1`);
  const problemId = String(lookup("SELECT id FROM Problem WHERE slug = ?", slug).id);
  const courseId = String(lookup("SELECT id FROM Course WHERE code = 'DL-101'").id);
  const assignmentId = addAssignment({
    title: "Gates, with a wrong key (e2e)",
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    problems: [[slug, 4]],
  });
  const [alice, bob] = submitAs([
    { email: "student1@chainrule.test", assignmentId, problemSlug: slug, set: { dfdx: "z" } },
    { email: "student2@chainrule.test", assignmentId, problemSlug: slug, set: { dfdx: "x + y" } },
  ]);
  expect(alice!.score).toBeLessThan(1);
  expect(bob!.score).toBe(1);

  // The fix, in the browser editor: two seeds side by side, then the corrected key saved as version 2.
  await signIn(page, "instructor@chainrule.test");
  await page.goto(`/teach/courses/${courseId}/problems/${problemId}`);
  await expect(page.getByTestId("shared-note")).toContainText("This course owns this problem");
  await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
  const [a, b] = [await page.getByTestId("params-a").innerText(), await page.getByTestId("params-b").innerText()];
  expect(a).not.toBe(b);
  const editor = page.getByTestId("problem-source");
  const text = await editorText(editor);
  expect(text).toContain('expected: "x + y"');
  await setEditorText(editor, text.replace('expected: "x + y"', 'expected: "z"'));
  await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
  await page.getByTestId("save-problem").click();
  await expect(page.getByTestId("save-result")).toHaveText("Saved as version 2.");
  // The assignment still uses version 1, and says so.
  await expect(page.getByTestId("used-by")).toHaveAttribute("data-version", "1");
  await screenshot(page, "fix-editor-saved");
  const pinned = () =>
    lookup("SELECT v.version FROM AssignmentProblem ap JOIN ProblemVersion v ON v.id = ap.problemVersionId WHERE ap.assignmentId = ?", assignmentId).version;
  expect(pinned()).toBe(1);

  // The change between the versions, side by side.
  await page.getByTestId("compare-previous").first().click();
  await expect(page.getByTestId("compare-summary")).toHaveText("1 line added, 1 line removed.");
  const changed = page.getByTestId("version-diff").locator('tr[data-kind="changed"]');
  await expect(changed).toHaveCount(1);
  await expect(changed.locator("td.left")).toContainText('expected: "x + y"');
  await expect(changed.locator("td.right")).toContainText('expected: "z"');
  await screenshot(page, "fix-compare-versions");

  // The assignment's form offers the move; the bulk regrade page previews it, nothing written until confirmed.
  await page.goto(`/teach/assignments/${assignmentId}/edit`);
  await expect(page.getByTestId("pinned-version")).toHaveAttribute("data-version", "1");
  await page.getByTestId("newer-version").getByRole("link", { name: "Preview moving to version 2" }).click();
  await expect(page.getByTestId("bulk-moving")).toContainText("1 problem moves to another version");
  const preview = page.getByTestId("bulk-preview");
  await expect(preview.locator('tr[data-student="student1@chainrule.test"]').getByTestId("bulk-part-dfdx")).toHaveText("0% → 100%");
  await expect(preview.locator('tr[data-student="student2@chainrule.test"]').getByTestId("bulk-part-dfdx")).toHaveText("100% → 0%");
  const versions = () =>
    lookupAll("SELECT v.version FROM Submission s JOIN ProblemVersion v ON v.id = s.problemVersionId WHERE s.assignmentId = ?", assignmentId).map(
      (r) => r.version,
    );
  expect(versions()).toEqual([1, 1]);
  expect(pinned()).toBe(1);
  await screenshot(page, "fix-bulk-preview");
  await page.getByTestId("bulk-apply").click();
  await expect(page.getByTestId("bulk-done")).toContainText("1 problem moved to the chosen version. Done: 2 submissions regraded");
  expect(versions()).toEqual([2, 2]);
  expect(pinned()).toBe(2);
  expect(lookup("SELECT COUNT(*) AS n FROM AuditLog WHERE action = 'assignment.version' AND entityId = ?", assignmentId).n).toBe(1);

  // The student whose right answer had been marked wrong now sees full marks on that attempt.
  const student = await (await browser.newContext({ locale: "en-US" })).newPage();
  await signIn(student, "student1@chainrule.test");
  await student.goto(`/submissions/${alice!.submissionId}`);
  await expect(student.getByTestId("result-summary")).toHaveText("Result of attempt 1: 100%");
  await expect(student.getByTestId("part-result-dfdx")).toHaveAttribute("data-verdict", "correct");
  await screenshot(student, "fix-student-regraded");
  // Her answers went in as numbers (not typed): the live problem page shows them as text in its boxes.
  await student.goto(`/assignments/${assignmentId}/problems/${problemId}`);
  await expect(student.getByTestId("answer-dfdx")).toHaveValue("z");
  await expect(student.getByTestId("answer-grad-z")).toHaveValue(/^-?\d+(\.\d+)?$/);
  fs.rmSync(dir, { recursive: true, force: true });
});
