import { expect, test, type Page } from "@playwright/test";
import crypto from "node:crypto";
import fs from "node:fs";
import { addAssignment, addUser, lookup } from "./db";
import { editorText, screenshot, setEditorText, signIn } from "./helpers";
import { copyProblem } from "./review-db";

/**
 * Problems belong to courses. The case that matters: an instructor of an unrelated course (DL-201) opens a
 * bank problem that DL-101 uses. She cannot change it (no save, and an upload of its id is refused);
 * she forks it into her course and edits her copy; DL-101's students see nothing change. Even a new
 * version saved by a site admin reaches DL-101 only when its staff move the assignment to it.
 */
const TITLE = "Standard deviation of two samples (homework 2, 1.2)";

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

/** Types new text into the problem editor, waits for the preview to accept it, and saves. */
async function saveInEditor(page: Page, change: (text: string) => string, expected: string) {
  const editor = page.getByTestId("problem-source");
  await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
  await setEditorText(editor, change(await editorText(editor)));
  await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
  await page.getByTestId("save-problem").click();
  await expect(page.getByTestId("save-result")).toHaveText(expected);
}

test("an instructor of another course cannot change a bank problem DL-101 uses: she forks it, edits the copy, and DL-101 sees nothing change", async ({
  page,
  browser,
}) => {
  const suffix = crypto.randomBytes(3).toString("hex");
  const slug = `e2e-bank-std-${suffix}`;
  const problemId = copyProblem("seed-std-dev", slug);
  const dl101 = String(lookup("SELECT id FROM Course WHERE code = 'DL-101'").id);
  const dl201 = String(lookup("SELECT id FROM Course WHERE code = 'DL-201'").id);
  const assignmentId = addAssignment({
    title: `Ownership homework ${suffix} (e2e)`,
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    problems: [[slug, 10]],
  });
  const dana = { email: `e2e-dana-${suffix}@uni.test`, name: "Dana Other", password: `dana-${suffix}-pass` };
  addUser({ ...dana, courses: [["DL-201", "INSTRUCTOR"]] });
  const versionsOf = (id: string) => lookup("SELECT COUNT(*) AS n FROM ProblemVersion WHERE problemId = ?", id).n;

  // Seen from DL-201: a bank problem, previewed but not saved.
  await signInAs(page, dana.email, dana.password);
  await page.goto(`/teach/courses/${dl201}/problems/${problemId}`);
  await expect(page.getByTestId("shared-note")).toContainText("This problem is in the built-in bank");
  await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
  await expect(page.getByTestId("save-problem")).toHaveCount(0);
  await expect(page.getByTestId("problem-lifecycle")).toHaveCount(0);
  await screenshot(page, "ownership-bank-problem-from-other-course");

  // An upload of a file with its id is refused too, with the way out: fork it.
  const file = fs.readFileSync("problems/seed/std-dev.yaml", "utf8").replace("id: seed-std-dev", `id: ${slug}`).replace(TITLE, "Hijacked");
  await page.goto(`/teach/courses/${dl201}/problems`);
  await page.locator("#problem-file").setInputFiles({ name: `${slug}.yaml`, mimeType: "application/yaml", buffer: Buffer.from(file) });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("upload-owned-elsewhere")).toContainText(`Not imported: the problem “${slug}” is in the built-in bank`);
  expect(versionsOf(problemId)).toBe(1);

  // The fork: a copy owned by DL-201 that links back to where it came from.
  await page.goto(`/teach/courses/${dl201}/problems/${problemId}`);
  await expect(page.locator("#fork-slug")).toHaveAttribute("placeholder", `${slug}-dl-201`);
  await page.getByTestId("fork-button").click();
  await expect(page.getByTestId("fork-done")).toContainText(`Forked as ${slug}-dl-201 (from version 1).`);
  await page.getByTestId("fork-open").click();
  await expect(page.getByTestId("forked-from")).toHaveText(`Forked from ${slug}, version 1.`);
  await expect(page.getByTestId("shared-note")).toContainText("This course owns this problem");
  await saveInEditor(page, (text) => text.replace(TITLE, "Dana's own standard deviation"), "Saved as version 2.");
  await screenshot(page, "ownership-fork-edited");
  const forkId = String(lookup("SELECT id FROM Problem WHERE slug = ?", `${slug}-dl-201`).id);
  expect(
    lookup("SELECT p.ownerCourseId, v.problemId AS origin FROM Problem p JOIN ProblemVersion v ON v.id = p.forkedFromVersionId WHERE p.id = ?", forkId),
  ).toEqual({
    ownerCourseId: dl201,
    origin: problemId,
  });
  await page.goto(`/teach/courses/${dl201}/problems`);
  const row = page.locator(`[data-testid="bank-problem"][data-slug="${slug}-dl-201"]`);
  await expect(row.getByTestId("problem-owner")).toHaveText("this course");
  await expect(row).toContainText(`forked from ${slug} v1`);

  // DL-101's students: the title and problem they had, unchanged.
  const student = await (await browser.newContext({ locale: "en-US" })).newPage();
  await signIn(student, "student1@chainrule.test");
  await student.goto("/dashboard");
  const homework = student.getByTestId("student-assignment").filter({ hasText: `Ownership homework ${suffix}` });
  await expect(homework).toContainText(TITLE);
  await expect(homework).not.toContainText("Dana's own");
  await student.goto(`/assignments/${assignmentId}/problems/${problemId}`);
  await expect(student.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  expect(versionsOf(problemId)).toBe(1);

  // A site admin may change the bank problem; DL-101 keeps the version it uses until its staff move it.
  const admin = await (await browser.newContext({ locale: "en-US" })).newPage();
  await signIn(admin, "admin@chainrule.test");
  await admin.goto(`/teach/courses/${dl101}/problems/${problemId}`);
  await expect(admin.getByTestId("shared-note")).toContainText("as a site admin you may save new versions");
  await saveInEditor(admin, (text) => text.replace(TITLE, "Standard deviation, revised"), "Saved as version 2.");
  await expect(admin.getByTestId("used-by")).toHaveAttribute("data-version", "1");
  await student.reload();
  await expect(student.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await screenshot(student, "ownership-student-unchanged");
  await admin.context().close();
  await student.context().close();

  // Dana archives her copy: gone from the bank list, there on request.
  await page.goto(`/teach/courses/${dl201}/problems/${forkId}`);
  await page.getByTestId("archive-problem").click();
  await expect(page.getByTestId("problem-archived")).toBeVisible();
  await page.goto(`/teach/courses/${dl201}/problems`);
  await expect(page.locator(`[data-testid="bank-problem"][data-slug="${slug}-dl-201"]`)).toHaveCount(0);
  await page.getByTestId("toggle-archived").click();
  await expect(page.locator(`[data-testid="bank-problem"][data-slug="${slug}-dl-201"]`)).toContainText("archived");
});
