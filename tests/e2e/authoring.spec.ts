import { expect, test, type Browser, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { NEW_PROBLEM_TEMPLATE } from "@/lib/authoring/template";
import { addUser, lookup, withDb } from "./db";
import { editorSelection, editorText, screenshot, setEditorText, signIn } from "./helpers";

/**
 * The instructor's half of the staff experience, in the browser: assignments, the problem editor,
 * the roster, joining with a code, and who is refused. Everything that changes data happens in
 * DL-201 (or a course made here), so the other suites' counts in DL-101 stay as seeded.
 */

const courseId = (code: string) => String(lookup("SELECT id FROM Course WHERE code = ?", code).id);
const problemId = (slug: string) => String(lookup("SELECT id FROM Problem WHERE slug = ?", slug).id);
const unique = () => crypto.randomBytes(4).toString("hex");
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

/**
 * The line numbers beside the editor's error markers: each marker in the lint gutter is matched with
 * the line number drawn at the same height.
 */
async function lintMarkerLines(page: Page): Promise<number[]> {
  await expect(page.locator(".cm-gutter-lint .cm-lint-marker-error").first()).toBeVisible();
  return page.locator(".cm-editor").evaluate((editor) => {
    const numbers = [...editor.querySelectorAll(".cm-lineNumbers .cm-gutterElement")].map((n) => ({ top: n.getBoundingClientRect().top, text: n.textContent }));
    return [...editor.querySelectorAll(".cm-gutter-lint .cm-lint-marker-error")].map((marker) => {
      const top = marker.closest(".cm-gutterElement")!.getBoundingClientRect().top;
      return Number(numbers.find((n) => Math.abs(n.top - top) < 2)?.text);
    });
  });
}

/** Signs in through the real form with any account (demo or made by the test). */
async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

async function asNewPerson(browser: Browser, email: string, password: string) {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signInAs(page, email, password);
  return { page, close: () => context.close() };
}

test.describe("instructor authoring", () => {
  test.use({ timezoneId: "Asia/Shanghai" });

  test("an instructor creates an assignment with problems (times in their own zone) and a student sees it on their dashboard", async ({ page, browser }) => {
    const suffix = unique();
    const student = { email: `e2e-dana-${suffix}@uni.test`, name: "Dana Student", password: `dana-${suffix}-pass` };
    addUser({ ...student, courses: [["DL-201", "STUDENT"]] });
    const title = `Gates and neurons ${suffix}`;
    const dl201 = courseId("DL-201");

    await signIn(page, "instructor@chainrule.test");
    await page.goto(`/teach/courses/${dl201}`);
    await page.getByRole("link", { name: "New assignment" }).click();
    await expect(page).toHaveURL(new RegExp(`/teach/courses/${dl201}/assignments/new$`));
    await expect(page.getByTestId("time-zone")).toContainText("Asia/Shanghai");

    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Description").fill("Two classic graphs.");
    for (const slug of ["add-mul-gate", "sigmoid-neuron"]) {
      await page.getByLabel("Add a problem from the bank").selectOption(problemId(slug));
      await page.getByRole("button", { name: "Add problem" }).click();
    }
    const rows = page.getByTestId("assignment-problem");
    await expect(rows).toHaveCount(2);
    await page.getByLabel("Points").nth(0).fill("4");
    await page.getByLabel("Points").nth(1).fill("6");
    // the neuron first
    await rows
      .nth(1)
      .getByRole("button", { name: /Move .* up/ })
      .click();
    await expect(rows.nth(0)).toHaveAttribute("data-slug", "sigmoid-neuron");

    // a due time before the opening time is refused at its field, and nothing is created
    await page.getByLabel("Opens").fill("2026-01-10T08:00");
    await page.getByLabel("Due", { exact: true }).fill("2026-01-09T08:00");
    await page.getByLabel("Attempts per problem").fill("0");
    await page.getByLabel("Late work", { exact: true }).selectOption("PENALTY");
    await page.getByLabel("Penalty (%)").fill("150");
    await page.getByRole("button", { name: "Create assignment" }).click();
    await expect(page.getByTestId("form-error")).toContainText("need fixing; nothing was saved");
    await expect(page.locator("#a-dueAt-error")).toHaveText("The due time must be after the opening time.");
    await expect(page.getByLabel("Due", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await screenshot(page, "authoring-assignment-errors");
    expect(lookup("SELECT COUNT(*) AS n FROM Assignment WHERE title = ?", title).n).toBe(0);
    await expect(page.locator("#a-maxAttempts-error")).toHaveText("Between 1 and 1000, or blank for unlimited.");

    await page.getByLabel("Due", { exact: true }).fill("2030-06-30T23:59");
    await page.getByLabel("Attempts per problem").fill("3");
    await page.getByLabel("Penalty (%)").fill("10");
    await page.getByLabel("Late work accepted until").fill("2030-07-02T23:59");
    await page.getByLabel("Correct answers and solutions").selectOption("IMMEDIATE");
    await page.getByRole("button", { name: "Create assignment" }).click();
    await expect(page).toHaveURL(new RegExp(`/teach/courses/${dl201}$`));
    await expect(page.getByTestId("course-assignments")).toContainText(title);

    const stored = lookup("SELECT id, opensAt, dueAt, maxAttempts, latePolicy, latePenaltyPercent, releasePolicy FROM Assignment WHERE title = ?", title);
    // typed in Shanghai (UTC+8), stored in UTC
    expect(new Date(String(stored.opensAt)).toISOString()).toBe("2026-01-10T00:00:00.000Z");
    expect(new Date(String(stored.dueAt)).toISOString()).toBe("2030-06-30T15:59:00.000Z");
    expect(stored).toMatchObject({ maxAttempts: 3, latePolicy: "PENALTY", latePenaltyPercent: 10, releasePolicy: "IMMEDIATE" });
    const order = withDb((db) =>
      db
        .prepare("SELECT p.slug, ap.points FROM AssignmentProblem ap JOIN Problem p ON p.id = ap.problemId WHERE ap.assignmentId = ? ORDER BY ap.position")
        .all(stored.id),
    );
    expect(order).toEqual([
      { slug: "sigmoid-neuron", points: 6 },
      { slug: "add-mul-gate", points: 4 },
    ]);

    // the edit form shows the same times back in the browser's zone
    await page.goto(`/teach/assignments/${String(stored.id)}/edit`);
    await expect(page.getByLabel("Due", { exact: true })).toHaveValue("2030-06-30T23:59");
    await screenshot(page, "authoring-assignment-edit");

    const dana = await asNewPerson(browser, student.email, student.password);
    await dana.page.goto("/dashboard");
    const course = dana.page.getByTestId("student-course").filter({ hasText: "DL-201: Advanced Deep Learning" });
    await expect(course).toHaveCount(1);
    const row = course.getByTestId("student-assignment").filter({ hasText: title });
    await expect(row).toContainText("2 problems");
    await expect(row).toContainText("0 / 10");
    await screenshot(dana.page, "authoring-student-dashboard");
    await dana.close();
  });

  test("an instructor writes a problem in the browser, previews two seeds, sees an error at its line, fixes it and saves a new version", async ({ page }) => {
    const slug = `e2e-gate-${unique()}`;
    const source = NEW_PROBLEM_TEMPLATE.replace("id: new-problem", `id: ${slug}`);
    const dl201 = courseId("DL-201");
    await signIn(page, "instructor@chainrule.test");
    await page.goto(`/teach/courses/${dl201}/problems`);
    await expect(page.getByText("Every course sees the whole bank")).toBeVisible();
    await page.getByRole("link", { name: "New problem" }).click();
    await expect(page.getByTestId("shared-note")).toContainText("A new problem belongs to this course");

    const editor = page.getByTestId("problem-source");
    await setEditorText(editor, source);
    await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
    await expect(page.getByTestId("author-tests")).toContainText("the reference answers get full marks");
    await page.getByTestId("save-problem").click();
    await expect(page).toHaveURL(/\/problems\/[a-z0-9]+\?saved=created$/);
    await expect(page.getByTestId("saved-banner")).toHaveText("Saved: the problem is created as version 1.");

    // two seeds side by side: different numbers, each with its own reference answers
    await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
    const paramsA = page.getByTestId("params-a");
    const paramsB = page.getByTestId("params-b");
    await expect(paramsA).toBeVisible();
    await expect(paramsB).toBeVisible();
    const [a, b] = [await paramsA.innerText(), await paramsB.innerText()];
    expect(a).not.toBe(b);
    const valueA = await page.getByTestId("answer-a-value").innerText();
    const valueB = await page.getByTestId("answer-b-value").innerText();
    const num = (text: string, name: string) => Number(new RegExp(`${name}\\s+(-?[\\d.]+)`).exec(text)![1]);
    expect(Number(valueA)).toBe((num(a, "x") + num(a, "y")) * num(a, "z"));
    expect(Number(valueB)).toBe((num(b, "x") + num(b, "y")) * num(b, "z"));
    await expect(page.getByTestId("seed-a").locator("svg g[data-node='f']")).toBeVisible();
    await screenshot(page, "authoring-editor-two-seeds");
    // switching quickly: seed A one step on shows what seed B showed
    await page.getByRole("button", { name: "Next Seed", exact: true }).click();
    await expect(page.getByLabel("Seed", { exact: true })).toHaveValue("1");
    await expect.poll(() => paramsA.innerText()).toBe(b);
    // a seed box refuses what is not a whole number, and the preview keeps the last good seed
    await page.getByLabel("Seed", { exact: true }).fill("1.5");
    await expect(page.getByTestId("seed-a-error")).toContainText("is not a seed: a seed is a whole number");
    await expect(page.getByLabel("Seed", { exact: true })).toHaveAttribute("aria-invalid", "true");
    expect(await paramsA.innerText()).toBe(b);
    await page.getByLabel("Seed", { exact: true }).fill("1");
    await expect(page.getByTestId("seed-a-error")).toHaveCount(0);
    // renaming the id warns that every variant changes
    await setEditorText(editor, source.replace(`id: ${slug}`, `id: ${slug}-renamed`));
    await expect(page.getByTestId("id-rename-warning")).toContainText(`from “${slug}” to “${slug}-renamed”`);
    await screenshot(page, "authoring-editor-rename-warning");
    await setEditorText(editor, source);
    await expect(page.getByTestId("id-rename-warning")).toHaveCount(0);

    // a broken edit: the error is listed at its line, the editor marks that line, a click selects it
    const broken = source.replace("f = q * z", "f = q * w");
    const line = lineOf(broken, "f = q * w");
    await setEditorText(editor, broken);
    const issue = page.getByTestId("problem-issues").locator(`li[data-line="${line}"]`);
    await expect(issue).toContainText(`Line ${line}`);
    await expect(issue).toContainText('unknown name "w"');
    await expect(lintMarkerLines(page)).resolves.toEqual([line]);
    await expect(page.getByTestId("preview-state")).toContainText("1 error");
    await expect(page.getByTestId("save-problem")).toBeDisabled();
    await issue.getByRole("button").click();
    await expect(editor).toBeFocused();
    expect(await editorSelection(editor)).toBe("  f = q * w");
    await screenshot(page, "authoring-editor-error");

    // fixed, with a real change: a new version
    await setEditorText(editor, source.replace("points: 4", "points: 5"));
    await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
    await page.getByTestId("save-problem").click();
    await expect(page.getByTestId("save-result")).toHaveText("Saved as version 2.");
    await expect(page.getByTestId("problem-version").first()).toHaveAttribute("data-version", "2");
    expect(lookup("SELECT COUNT(*) AS n FROM ProblemVersion v JOIN Problem p ON p.id = v.problemId WHERE p.slug = ?", slug).n).toBe(2);
    await screenshot(page, "authoring-editor-saved");

    // saving again without a change makes no version; the export gives the current file
    await page.getByTestId("save-problem").click();
    await expect(page.getByTestId("save-result")).toHaveText("No change: the content is the same as version 2, so no new version was made.");
    const id = problemId(slug);
    const exported = await page.request.get(`/api/courses/${dl201}/problems/${id}/export`);
    expect(exported.status()).toBe(200);
    expect(exported.headers()["content-disposition"]).toBe(`attachment; filename="${slug}.yaml"`);
    expect(await exported.text()).toBe(source.replace("points: 4", "points: 5"));
  });

  test("the problem file is in a code editor: line numbers, YAML and graph highlighting, typing previews, the validator's error marked at its line, and a preview that fits its box", async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
    });
    const slug = `e2e-editor-${unique()}`;
    // A formula far wider than any screen, in the statement and in the graph.
    const terms = Array.from({ length: 60 }, (_, i) => `x_{${i + 1}}`).join(" + ");
    const source = NEW_PROBLEM_TEMPLATE.replace("id: new-problem", `id: ${slug}`)
      .replace("  then backpropagate through its graph.", (line) => `${line}\n\n  $$\n  g = ${terms}\n  $$`)
      .replace("  q = x + y\n", "  # the sum first\n  q = x + y + 0 * sigmoid(x) * (x * y * z + x * y + y * z + x * z + x + y + z + x * x + y * y + z * z)\n")
      .replace(
        "solution: |",
        (line) =>
          `mistakes:\n  - code: added-z\n    message: You added z instead of multiplying by it.\n    graph: |\n      input x, y, z\n      f = x + y + exp(z)\n      output f\n${line}`,
      );
    await signIn(page, "instructor@chainrule.test");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/teach/courses/${courseId("DL-201")}/problems`);
    await page.getByRole("link", { name: "New problem" }).click();
    const editor = page.getByTestId("problem-source");
    await expect(editor).toHaveAttribute("contenteditable", "true");
    await expect(editor).toHaveAccessibleName("Problem file (YAML)");
    // CodeMirror's own styles arrived under the page's Content-Security-Policy (with the document's nonce)
    await expect(page.locator(".cm-editor")).toHaveCSS("display", "flex");
    await setEditorText(editor, source);
    await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");

    // line numbers, one per line of the file
    const lines = source.split("\n").length;
    await expect(page.locator(".cm-lineNumbers .cm-gutterElement", { hasText: /^1$/ })).toBeVisible();
    await expect(page.locator(".cm-lineNumbers .cm-gutterElement", { hasText: new RegExp(`^${lines}$`) })).toBeAttached();
    // YAML keys, and the graph language inside `graph: |` (the problem's and the mistake's): keywords,
    // functions, numbers, operators, comments
    await expect(editor.locator(".tok-propertyName", { hasText: /^graph$/ })).toHaveCount(2);
    const graphLine = (text: string) => editor.locator(".cm-line", { hasText: text });
    await expect(graphLine("input x, y, z").locator(".cm-graph-keyword")).toHaveText(["input", "input"]);
    await expect(graphLine("output f").locator(".cm-graph-keyword")).toHaveText(["output", "output"]);
    await expect(graphLine("sigmoid(x)").locator(".cm-graph-function")).toHaveText("sigmoid");
    await expect(graphLine("sigmoid(x)").locator(".cm-graph-number").first()).toHaveText("0");
    await expect(graphLine("f = q * z").locator(".cm-graph-operator")).toHaveText(["=", "*"]);
    await expect(graphLine("# the sum first").locator(".cm-graph-comment")).toHaveText("# the sum first");
    // ... and in a mistake's graph, but not outside them: the statement's formula and a message are text
    await expect(graphLine("f = x + y + exp(z)").locator(".cm-graph-function")).toHaveText("exp");
    await expect(graphLine("f = x + y + exp(z)").locator(".cm-graph-operator")).toHaveText(["=", "+", "+"]);
    await expect(editor.locator(".cm-line", { hasText: "Compute" }).locator("[class*='cm-graph-']")).toHaveCount(0);
    await expect(editor.locator(".cm-line", { hasText: "message: You added z" }).locator("[class*='cm-graph-']")).toHaveCount(0);

    // typing at the keyboard goes to the preview: a broken graph line is marked where it is
    await graphLine("f = q * z").click();
    await page.keyboard.press("End");
    await page.keyboard.type(" ^^ 2");
    await expect(page.getByTestId("preview-state")).toContainText("Checking");
    const line = lineOf(source, "f = q * z");
    await expect(page.getByTestId("problem-issues").locator(`li[data-line="${line}"]`)).toBeVisible();
    await expect(page.getByTestId("preview-state")).toContainText("1 error");
    await expect(lintMarkerLines(page)).resolves.toEqual([line]);
    await expect(graphLine("f = q * z ^^ 2").locator(".cm-lintRange-error")).toBeVisible();
    await expect(editor).toHaveAttribute("aria-invalid", "true");
    await page.locator(".cm-gutter-lint .cm-lint-marker-error").hover();
    await expect(page.locator(".cm-tooltip-lint")).toBeVisible();
    await screenshot(page, "authoring-code-editor-error");
    // undo brings the valid file back, and the marker goes
    await editor.focus();
    for (let i = 0; i < 5 && (await editorText(editor)) !== source; i++) await page.keyboard.press("ControlOrMeta+z");
    expect(await editorText(editor)).toBe(source);
    await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
    await expect(page.locator(".cm-lint-marker-error")).toHaveCount(0);
    await expect(editor).not.toHaveAttribute("aria-invalid");
    // Tab indents and the focus stays; Escape then Tab leaves the editor: the keyboard is never trapped
    await page.keyboard.press("ControlOrMeta+Home");
    await page.keyboard.press("Tab");
    await expect(editor).toBeFocused();
    await expect(editor.locator(".cm-line").first()).toHaveText(/^\s+# A problem file/);
    await page.keyboard.press("ControlOrMeta+z");
    await expect(editor.locator(".cm-line").first()).toHaveText(/^# A problem file/);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    await expect(editor).not.toBeFocused();
    await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");

    // the preview fits its box: the wide formula scrolls inside its column, the page never sideways
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await expect(page.getByTestId("seed-a").locator(".math-display")).toBeVisible();
      const fit = await page.evaluate(() => {
        const formula = [...document.querySelectorAll<HTMLElement>("[data-testid='seed-a'] .math-display, [data-testid='seed-a'] .katex-display")];
        const columns = [...document.querySelectorAll<HTMLElement>(".seed-column, .problem-editor > *")];
        return {
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          columns: columns.map((c) => c.scrollWidth - c.clientWidth),
          formulaScrolls: formula.some((f) => f.scrollWidth > f.clientWidth),
        };
      });
      expect(fit.formulaScrolls, `the formula is wider than its column at ${width} px`).toBe(true);
      expect(fit.page, `the page scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      expect(Math.max(...fit.columns), `a column overflows at ${width} px`).toBeLessThanOrEqual(0);
      await screenshot(page, `authoring-code-editor-${width}`);
    }
    expect(violations).toEqual([]);
  });

  test("the instructor adds a student by email, who signs in with the one-time password and sees the course; a CSV import is previewed and applied whole", async ({
    page,
    browser,
  }) => {
    const email = `e2e-erin-${unique()}@uni.test`;
    const dl201 = courseId("DL-201");
    await signIn(page, "instructor@chainrule.test");
    await page.goto(`/teach/courses/${dl201}`);
    await page.getByRole("link", { name: "Manage roster" }).click();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.locator("#member-name-error")).toHaveText("No account has this email yet: give a name to create one.");
    await page.getByLabel("Name", { exact: true }).fill("Erin New");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByTestId("member-added")).toContainText(`Erin New (${email}) was added as Student.`);
    const password = (await page.getByTestId("temporary-password").innerText()).trim();
    expect(password).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
    await expect(page.locator(`[data-testid="roster-member"][data-email="${email}"]`)).toContainText("Erin New");
    await screenshot(page, "authoring-roster-added");

    const erin = await asNewPerson(browser, email, password);
    // a one-time password: the first thing asked is a password of her own
    await expect(erin.page).toHaveURL(/\/password\?callbackUrl=/);
    await expect(erin.page.getByText("You signed in with a one-time password.")).toBeVisible();
    await erin.page.getByLabel("Current password").fill(password);
    await erin.page.getByLabel("New password", { exact: true }).fill("erin-own-password");
    await erin.page.getByLabel("New password again").fill("erin-own-passwort");
    await erin.page.getByRole("button", { name: "Save password" }).click();
    await expect(erin.page.getByTestId("password-error")).toHaveText("The two new passwords differ.");
    await erin.page.getByLabel("New password again").fill("erin-own-password");
    await erin.page.getByRole("button", { name: "Save password" }).click();
    await expect(erin.page).toHaveURL(/\/dashboard$/);
    await expect(erin.page.getByTestId("student-course").filter({ hasText: "DL-201: Advanced Deep Learning" })).toHaveCount(1);
    await screenshot(erin.page, "authoring-new-student-dashboard");
    await erin.close();

    // a file with a bad row: every row's outcome, the error at its line, and nothing to apply
    const a = `e2e-csv-a-${unique()}@uni.test`;
    const b = `e2e-csv-b-${unique()}@uni.test`;
    await page.getByLabel("Or paste the rows").fill(`email,name,role\n${a},Csv A,student\nnot-an-email,Csv Bad,student\n${b},Csv B,ta`);
    await page.getByRole("button", { name: "Preview" }).click();
    const rows = page.getByTestId("import-row");
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText("New account, added");
    await expect(rows.nth(1)).toContainText("Line 3: That is not an email address.");
    await expect(page.getByRole("button", { name: "Apply" })).toBeDisabled();
    await screenshot(page, "authoring-roster-import-errors");
    expect(lookup("SELECT COUNT(*) AS n FROM User WHERE email IN (?, ?)", a, b).n).toBe(0);

    await page.getByLabel("Or paste the rows").fill(`email,name,role\n${a},Csv A,student\n${b},Csv B,ta`);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("import-preview")).toContainText("2 new accounts, 0 added, 0 role changes, 0 unchanged, 0 rows with errors.");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("import-applied")).toContainText("Done: 2 new accounts, 0 added, 0 role changes.");
    await expect(page.locator(`[data-testid="roster-member"][data-email="${b}"] select`)).toHaveValue("TA");
  });

  test("a student joins with the join code; a wrong code is refused; joining again changes nothing", async ({ page, browser }) => {
    const suffix = unique();
    const joiner = { email: `e2e-jo-${suffix}@uni.test`, name: "Jo Joiner", password: `jo-${suffix}-pass` };
    const userId = addUser(joiner);
    await signIn(page, "instructor@chainrule.test");
    await page.goto(`/teach/courses/${courseId("DL-201")}/settings`);
    const code = (await page.getByTestId("join-code").innerText()).trim();
    await expect(page.getByTestId("invite-link")).toHaveText(new RegExp(`/join/${code}$`));

    const jo = await asNewPerson(browser, joiner.email, joiner.password);
    await jo.page.goto("/join");
    await jo.page.getByLabel("Join code").fill("WRONG234");
    await jo.page.getByRole("button", { name: "Join" }).click();
    await expect(jo.page.getByTestId("join-error")).toContainText("This join code does not open any course");
    await screenshot(jo.page, "authoring-join-wrong-code");
    await jo.page.getByLabel("Join code").fill(`${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`);
    await jo.page.getByRole("button", { name: "Join" }).click();
    await expect(jo.page).toHaveURL(/\/dashboard$/);
    await expect(jo.page.getByTestId("student-course").filter({ hasText: "DL-201: Advanced Deep Learning" })).toHaveCount(1);
    await screenshot(jo.page, "authoring-joined");

    // the invite link names the course; joining again is harmless
    await jo.page.goto(`/join/${code}`);
    await expect(jo.page.getByRole("heading", { level: 1 })).toHaveText("Join DL-201: Advanced Deep Learning");
    await jo.page.getByRole("button", { name: "Join" }).click();
    await expect(jo.page).toHaveURL(/\/dashboard$/);
    expect(lookup("SELECT COUNT(*) AS n FROM Membership WHERE userId = ?", userId).n).toBe(1);
    await jo.close();
  });

  test("a site admin creates a course and becomes its instructor, with joining open", async ({ page }) => {
    const code = `E2E-${unique().toUpperCase()}`;
    await signIn(page, "admin@chainrule.test");
    await page.goto("/teach");
    await page.getByRole("link", { name: "New course" }).click();
    await page.getByLabel("Code").fill("DL-101");
    await page.getByLabel("Title").fill("Authoring in the browser");
    await page.getByRole("button", { name: "Create course" }).click();
    await expect(page.locator("#course-code-error")).toHaveText("Another course already has this code.");
    await page.getByLabel("Code").fill(code.toLowerCase());
    await page.getByLabel("Term").fill("Spring 2027");
    await page.getByRole("button", { name: "Create course" }).click();
    await expect(page).toHaveURL(/\/teach\/courses\/[a-z0-9]+\/settings\?created=1$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Settings: ${code}: Authoring in the browser`);
    await expect(page.getByTestId("join-code")).toHaveText(/^[A-Z2-9]{8}$/);
    await screenshot(page, "authoring-course-created");
    const course = lookup(
      "SELECT c.id, m.role FROM Course c JOIN Membership m ON m.courseId = c.id JOIN User u ON u.id = m.userId WHERE c.code = ? AND u.email = ?",
      code,
      "admin@chainrule.test",
    );
    expect(course.role).toBe("INSTRUCTOR");
  });
});

test.describe("who is refused", () => {
  test("a TA of the course is refused the roster, settings, new problems and assignment editing, and previews problems without saving", async ({ page }) => {
    const dl101 = courseId("DL-101");
    const homework = String(lookup("SELECT id FROM Assignment WHERE title = ?", "Homework 2: theory").id);
    await signIn(page, "ta@chainrule.test");
    for (const path of [
      `/teach/courses/${dl101}/roster`,
      `/teach/courses/${dl101}/settings`,
      `/teach/courses/${dl101}/problems/new`,
      `/teach/courses/${dl101}/assignments/new`,
      `/teach/assignments/${homework}/edit`,
      "/teach/courses/new",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByTestId("forbidden")).toBeVisible();
    }
    await page.goto("/teach");
    await expect(page.getByRole("link", { name: "New course" })).toHaveCount(0);
    await screenshot(page, "authoring-ta-403");
    // the editor opens for a TA to preview, with no way to save
    await page.goto(`/teach/courses/${dl101}/problems/${problemId("seed-std-dev")}`);
    await expect(page.getByTestId("preview-state")).toHaveText("✓ The file is valid.");
    await expect(page.getByTestId("save-problem")).toHaveCount(0);
    await expect(page.getByText("only the instructors of the course that owns this problem can save it")).toBeVisible();
    await expect(page.getByTestId("fork-problem")).toHaveCount(0);
  });

  test("the TA of another course is refused every authoring page and the export of this course", async ({ page }) => {
    const dl101 = courseId("DL-101");
    const homework = String(lookup("SELECT id FROM Assignment WHERE title = ?", "Homework 2: theory").id);
    const std = problemId("seed-std-dev");
    await signIn(page, "ta2@chainrule.test");
    for (const path of [
      `/teach/courses/${dl101}/roster`,
      `/teach/courses/${dl101}/settings`,
      `/teach/courses/${dl101}/problems`,
      `/teach/courses/${dl101}/problems/${std}`,
      `/teach/courses/${dl101}/problems/new`,
      `/teach/courses/${dl101}/assignments/new`,
      `/teach/assignments/${homework}/edit`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
    }
    await expect(page.getByTestId("forbidden")).toContainText("You do not have access to this page");
    await screenshot(page, "authoring-other-ta-403");
    const exported = await page.request.get(`/api/courses/${dl101}/problems/${std}/export`);
    expect(exported.status()).toBe(403);
  });
});
