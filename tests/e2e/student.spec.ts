import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import { toEvalJson, type NestedNumbers } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { addAssignment, lookup, variantOf, withDb } from "./db";
import { screenshot, signIn } from "./helpers";
import { fillAnnotationTable, statementNumbers } from "./own-student";

const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";
const CE_FORMULA = "-ln(e^y11/(e^y11+e^y12+e^y13)) - ln(e^y22/(e^y21+e^y22+e^y23)) - ln(e^y33/(e^y31+e^y32+e^y33))";

const text = (v: NestedNumbers | null) => (typeof v === "number" ? String(v) : JSON.stringify(v));

async function openProblem(page: Page, assignment: string, problem: RegExp) {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: assignment }).click();
  // The dashboard links problems too: wait for the assignment's own page before choosing one.
  await expect(page).toHaveURL(/\/assignments\/[^/]+$/);
  await page.getByRole("main").getByRole("link", { name: problem }).click();
  await expect(page).toHaveURL(/\/problems\//);
}

/** Builds the graph in the editor, has the server check it, then fills every annotation in the table view. */
async function buildAndAnnotate(page: Page, at: Record<string, number>, change?: (nodes: ReturnType<typeof toEvalJson>["nodes"]) => void) {
  await page.getByTestId("graph-source-graph").fill(STD);
  await page.getByRole("button", { name: "Check my graph" }).click();
  await expect(page.getByTestId("construction-graph")).toContainText("Your graph computes the right function and is detailed.");
  const nodes = toEvalJson(evaluateSource(STD, { at }).evaluated).nodes;
  change?.(nodes);
  const annotate = page.getByTestId("part-annotate");
  await annotate.getByRole("button", { name: "Table" }).click();
  await fillAnnotationTable(annotate, nodes);
  return nodes;
}

const fieldVerdict = (page: Page, testId: string) => page.locator(`[data-field="${testId}"] .feedback`);

test.describe("the student's problem page", () => {
  test("the seed standard deviation, every node entered from the engine's numbers, gets full marks", async ({ page }) => {
    await signIn(page, "student1@chainrule.test");
    await openProblem(page, "Homework 2: theory", /Standard deviation/);
    const at = await statementNumbers(page);
    expect(at).toEqual({ x1: -1, x2: 3 });
    const nodes = await buildAndAnnotate(page, at);
    const grad = (id: string) => text(nodes.find((n) => n.id === id)!.grad);
    await page.getByTestId("answer-grad-x1").fill(grad("x1"));
    await page.getByTestId("answer-grad-x2").fill(grad("x2"));
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("result-summary")).toHaveText("Result of attempt 1: 100%");
    for (const part of ["graph", "annotate", "grad-x1", "grad-x2"]) {
      await expect(page.getByTestId(`part-result-${part}`)).toHaveAttribute("data-verdict", "correct");
    }
    await page.getByTestId("part-annotate").getByRole("button", { name: "Drawing" }).click();
    await screenshot(page, "student-std-full-marks");

    // the annotated graph exports as SVG and PNG
    const [svgDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("part-annotate").getByRole("button", { name: "Download SVG" }).click(),
    ]);
    expect(svgDownload.suggestedFilename()).toBe("seed-std-dev-annotate.svg");
    const svg = fs.readFileSync(await svgDownload.path(), "utf8");
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg /);
    expect(svg).toContain("√");
    expect(svg).toContain("✓");
    const [pngDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("part-annotate").getByRole("button", { name: "Download PNG" }).click(),
    ]);
    const png = fs.readFileSync(await pngDownload.path());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(5_000);
  });

  test("one wrong upstream gradient is named, and what follows from it is carried", async ({ page }) => {
    await signIn(page, "student2@chainrule.test");
    await openProblem(page, "Homework 2: theory", /Standard deviation/);
    const at = await statementNumbers(page);
    await buildAndAnnotate(page, at, (nodes) => {
      // one branch's contribution at the mean instead of the sum of both
      const m = nodes.find((n) => n.id === "m")!;
      const m1 = nodes.find((n) => n.id === "m.1")!;
      const local = 0.5;
      const branch = -(nodes.find((n) => n.id === "a.1")!.grad as number);
      m.grad = branch;
      m.edges.find((e) => e.from === "m.1")!.downstream = branch * local;
      m1.grad = branch * local;
    });
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("result-summary")).toContainText("Result of attempt 1:");
    await expect(fieldVerdict(page, "table-m-grad")).toHaveAttribute("data-verdict", "incorrect");
    await expect(fieldVerdict(page, "table-m-grad")).toHaveAttribute("data-diagnosis", "missing-fanout-sum");
    await expect(fieldVerdict(page, "table-m-grad")).toContainText("Wrong");
    await expect(fieldVerdict(page, "table-m-downstream-m.1")).toHaveAttribute("data-verdict", "carried");
    await expect(fieldVerdict(page, "table-m-downstream-m.1")).toContainText("Right given your earlier work");
    await expect(fieldVerdict(page, "table-m.1-grad")).toHaveAttribute("data-verdict", "carried");
    await expect(fieldVerdict(page, "table-s-value")).toHaveAttribute("data-verdict", "correct");
    // the same marks on the drawing itself
    const annotate = page.getByTestId("part-annotate");
    await annotate.getByRole("button", { name: "Drawing" }).click();
    await expect(annotate.locator('svg g[data-node="m"]')).toContainText("✗");
    await expect(annotate.locator('svg g[data-node="m.1"]')).toContainText("↷");
    await screenshot(page, "student-std-carried");
  });

  test("the seed cross-entropy: the formula and the value, right and wrong", async ({ page }) => {
    await signIn(page, "student3@chainrule.test");
    await openProblem(page, "Homework 2: theory", /Cross-entropy/);
    await page.getByTestId("answer-formula").fill(CE_FORMULA.replace(/-ln/, "ln").replace(/^ln/, "ln"));
    await page.getByTestId("answer-loss").fill("1.1061");
    await expect(page.locator('[data-field="answer-loss"] .read-preview')).toHaveText("Read as 1.1061");
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("result-summary")).toHaveText("Result of attempt 1: 0%");
    await expect(page.getByTestId("part-result-formula")).toHaveAttribute("data-verdict", "incorrect");
    await expect(page.getByTestId("part-formula")).toContainText("Your formula differs at");
    await expect(fieldVerdict(page, "answer-loss")).toHaveAttribute("data-diagnosis", "wrong-log-base");
    await expect(fieldVerdict(page, "answer-loss")).toContainText(/log/i);
    // hints open after the wrong attempt
    await expect(page.getByTestId("part-loss")).toContainText("Use the natural logarithm");
    await screenshot(page, "student-ce-wrong");

    await page.getByTestId("answer-formula").fill(CE_FORMULA);
    await page.getByTestId("answer-loss").fill("-(ln(e^0.65/(e^0.65+e^0.43+e^0.11)) + ln(e^0.51/(e^0.05+e^0.51+e^0.18)) + ln(e^0.72/(e^0.33+e^0.21+e^0.72)))");
    await expect(page.locator('[data-field="answer-loss"] .read-preview')).toHaveText("Read as 2.54692");
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("result-summary")).toHaveText("Result of attempt 2: 100%");
    await expect(page.getByTestId("part-result-formula")).toHaveAttribute("data-verdict", "correct");
    await screenshot(page, "student-ce-right");
  });

  test("an unreadable answer shows the error and uses no attempt; a reload keeps the draft", async ({ page }) => {
    addAssignment({
      title: "Quiz: one attempt",
      opensAt: new Date(Date.now() - 86_400_000),
      dueAt: new Date(Date.now() + 86_400_000),
      maxAttempts: 1,
      problems: [["seed-cross-entropy", 5]],
    });
    await signIn(page, "student1@chainrule.test");
    await openProblem(page, "Quiz: one attempt", /Cross-entropy/);
    await page.getByTestId("answer-loss").fill("0.5.3");
    await expect(page.locator('[data-field="answer-loss"] .read-preview')).toHaveText("Could not read this: unexpected `.` at column 4");
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("submit-invalid")).toContainText("did not use an attempt");
    await expect(fieldVerdict(page, "answer-loss")).toHaveAttribute("data-verdict", "invalid");
    await expect(page.getByTestId("submit")).toBeEnabled();
    await screenshot(page, "student-invalid");

    // the draft survives a reload
    await page.getByTestId("answer-loss").fill("2.5469");
    await expect(page.getByTestId("save-state")).toHaveText("Draft saved");
    await page.reload();
    await expect(page.getByTestId("answer-loss")).toHaveValue("2.5469");

    // the one attempt is used by a readable answer, then the limit holds
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("result-summary")).toHaveText(/Result of attempt 1/);
    await page.reload();
    await expect(page.getByTestId("submit")).toBeDisabled();
    await expect(page.getByText("You have used all your attempts.")).toBeVisible();
  });

  test("the due date is enforced", async ({ page }) => {
    addAssignment({
      title: "Closed homework",
      opensAt: new Date(Date.now() - 7 * 86_400_000),
      dueAt: new Date(Date.now() - 86_400_000),
      maxAttempts: 3,
      latePolicy: "REFUSE",
      problems: [["seed-cross-entropy", 5]],
    });
    await signIn(page, "student2@chainrule.test");
    await openProblem(page, "Closed homework", /Cross-entropy/);
    await expect(page.getByText("This assignment is closed.")).toBeVisible();
    await expect(page.getByTestId("submit")).toBeDisabled();
  });

  test("no reference number reaches the browser before it may (HTML, RSC payload, scripts)", async ({ page }) => {
    await signIn(page, "student2@chainrule.test");
    const { variant, problemId, assignmentId } = variantOf("student2@chainrule.test", "Backpropagation practice", "seed/cross-entropy-random.yaml");
    // Every computed number of the variant (values and gradients of non-input nodes, with their per-row losses),
    // in the forms a page could print them.
    const reference = new Set<string>();
    for (const n of toEvalJson(variant.evaluated).nodes) {
      if (n.op === "const") continue;
      for (const v of [n.op === "input" ? null : n.value, n.grad].flat(3) as (number | null)[]) {
        if (typeof v !== "number" || Number.isInteger(v * 100)) continue;
        reference.add(String(v));
        reference.add(v.toFixed(4));
        reference.add(v.toPrecision(5));
      }
    }
    expect(reference.size).toBeGreaterThan(20);
    const url = `/assignments/${assignmentId}/problems/${problemId}`;
    const bodies: string[] = [];
    const html = await (await page.request.get(url)).text();
    bodies.push(html);
    bodies.push(await (await page.request.get(url, { headers: { RSC: "1" } })).text());
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) bodies.push(await (await page.request.get(src)).text());
    // the page is the right one: the variant's own parameters are in it
    const y = variant.parameters.Y as number[][];
    expect(html).toContain(String(y[0]![0]));
    const leaks = [...reference].filter((r) => bodies.some((b) => b.includes(r)));
    expect(leaks).toEqual([]);
    // and the check would have caught one: after a submission (this assignment shows answers immediately) the numbers are there
    await page.goto(url);
    await page.getByTestId("answer-loss").fill("1");
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("result-summary")).toBeVisible();
    const after = await (await page.request.get(url, { headers: { RSC: "1" } })).text();
    expect([...reference].some((r) => after.includes(r))).toBe(true);
  });

  test("a problem can be completed with the keyboard alone, graph included", async ({ page }) => {
    await signIn(page, "student3@chainrule.test");
    const { problemId, assignmentId } = variantOf("student3@chainrule.test", "Backpropagation practice", "seed/std-dev-random.yaml");
    await page.goto(`/assignments/${assignmentId}/problems/${problemId}`);
    const focusOn = async (testId: string) => {
      for (let i = 0; i < 60; i++) {
        if ((await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) === testId) return;
        await page.keyboard.press("Tab");
      }
      throw new Error(`Tab never reached ${testId}`);
    };
    await focusOn("graph-source-graph");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(STD);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter"); // Check my graph
    await expect(page.getByTestId("construction-graph")).toContainText("detailed");
    const at = await statementNumbers(page);
    const nodes = toEvalJson(evaluateSource(STD, { at }).evaluated).nodes;
    // into the drawing: arrows move between nodes, Enter opens the node's first field
    for (let i = 0; i < 40; i++) {
      const onNode = await page.evaluate(
        () => document.activeElement?.closest("[data-part='annotate']") && document.activeElement?.closest("[data-node]")?.getAttribute("data-node"),
      );
      if (onNode) break;
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("End");
    await expect(page.locator("[data-part='annotate'] g[data-node='s'] > g[role='button']")).toBeFocused();
    await page.keyboard.press("Enter");
    const s = nodes.find((n) => n.id === "s")!;
    await page.keyboard.type(text(s.value));
    await expect(page.locator("[data-part='annotate'] g[data-node='s']")).toContainText(text(s.value).slice(0, 6));
    await page.keyboard.press("Tab");
    await page.keyboard.type(text(s.grad));
    await focusOn("answer-grad-x1");
    await page.keyboard.type(text(nodes.find((n) => n.id === "x1")!.grad));
    await focusOn("answer-grad-x2");
    await page.keyboard.type(text(nodes.find((n) => n.id === "x2")!.grad));
    await focusOn("submit");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("result-summary")).toContainText("Result of attempt 1:");
    for (const part of ["graph", "grad-x1", "grad-x2"]) await expect(page.getByTestId(`part-result-${part}`)).toHaveAttribute("data-verdict", "correct");
    await expect(page.locator("[data-part='annotate'] g[data-node='s']")).toContainText("✓");
    await screenshot(page, "student-keyboard");
  });

  test("usable 375 px wide: nothing but the drawing scrolls sideways", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await signIn(page, "student1@chainrule.test");
    await openProblem(page, "Homework 2: theory", /Standard deviation/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, "student-375px");
    await context.close();
  });
});

test.describe("the student's history of a problem", () => {
  test("a student with 120 attempts gets them 50 a page, newest first, with links to older and newer ones", async ({ page }) => {
    const title = `History pages ${Date.now()}`;
    const assignmentId = addAssignment({
      title,
      opensAt: new Date(Date.now() - 86_400_000),
      dueAt: new Date(Date.now() + 7 * 86_400_000),
      maxAttempts: null,
      problems: [["seed-cross-entropy", 5]],
    });
    const user = lookup("SELECT id FROM User WHERE email = ?", "student3@chainrule.test");
    const problem = lookup("SELECT problemId, problemVersionId FROM AssignmentProblem WHERE assignmentId = ?", assignmentId);
    withDb((db) => {
      const insert = db.prepare(
        `INSERT INTO Submission (id, userId, assignmentId, problemId, problemVersionId, variantSeed, answers, results, autoScore, latePenalty, score, attempt, late, createdAt)
         VALUES (?, ?, ?, ?, ?, 'e2e', '{}', '[]', ?, 0, ?, ?, FALSE, ?)`,
      );
      for (let attempt = 1; attempt <= 120; attempt++) {
        const score = (attempt % 10) / 10;
        const at = new Date(Date.now() - (121 - attempt) * 60_000).toISOString().replace("Z", "+00:00");
        insert.run(`e2ehist${attempt}${assignmentId}`, user.id, assignmentId, problem.problemId, problem.problemVersionId, score, score, attempt, at);
      }
    });
    await signIn(page, "student3@chainrule.test");
    await page.goto(`/assignments/${assignmentId}/problems/${String(problem.problemId)}/history`);
    const rows = page.getByTestId("history").locator("tbody tr");
    const pages = page.getByTestId("history-pages");
    await expect(rows).toHaveCount(50);
    await expect(rows.first()).toContainText("Result of attempt 120");
    await expect(rows.last()).toContainText("Result of attempt 71");
    await expect(pages).toContainText("Page 1 of 3 (120 attempts)");
    await expect(pages.getByRole("link", { name: /Newer/ })).toHaveCount(0);
    await screenshot(page, "student-history-page-1");

    await pages.getByRole("link", { name: /Older/ }).click();
    await expect(page).toHaveURL(/history\?page=2$/);
    await expect(rows.first()).toContainText("Result of attempt 70");
    await pages.getByRole("link", { name: /Older/ }).click();
    await expect(rows).toHaveCount(20);
    await expect(rows.last()).toContainText("Result of attempt 1");
    await expect(pages).toContainText("Page 3 of 3");
    await expect(pages.getByRole("link", { name: /Older/ })).toHaveCount(0);
    await pages.getByRole("link", { name: /Newer/ }).click();
    await expect(pages).toContainText("Page 2 of 3");
    await expect(rows.first()).toContainText("Result of attempt 70");
  });
});
