/**
 * Grades that cannot be gamed, as a student meets them in the browser: a submission with an unreadable
 * answer marks that answer only (no ✓ or ✗ anywhere, on the page or the drawing), "check my graph" says
 * nothing about numbers, precision is stated before submitting, and new practice numbers start clean.
 */
import { expect, test, type Page } from "@playwright/test";
import { toEvalJson, type NestedNumbers } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { addAssignment } from "./db";
import { screenshot, signIn } from "./helpers";

const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";
const CE_FORMULA = "-ln(e^y11/(e^y11+e^y12+e^y13)) - ln(e^y22/(e^y21+e^y22+e^y23)) - ln(e^y33/(e^y31+e^y32+e^y33))";
const text = (v: NestedNumbers | null) => (typeof v === "number" ? String(v) : JSON.stringify(v));

async function openProblem(page: Page, assignment: string, problem: RegExp) {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: assignment }).click();
  await expect(page).toHaveURL(/\/assignments\/[^/]+$/);
  await page.getByRole("main").getByRole("link", { name: problem }).click();
  await expect(page).toHaveURL(/\/problems\//);
}

/** Every verdict mark on the page: the parts' badges and every field's feedback line. */
const verdicts = (page: Page) => page.locator("[data-verdict]").evaluateAll((els) => els.map((e) => e.getAttribute("data-verdict")));

test.describe("grades that cannot be gamed", () => {
  test("an unreadable answer marks only itself: the wrong formula beside it is not judged, and no attempt is used", async ({ page }) => {
    addAssignment({
      title: "Quiz: integrity",
      opensAt: new Date(Date.now() - 86_400_000),
      dueAt: new Date(Date.now() + 86_400_000),
      maxAttempts: 2,
      problems: [
        ["seed-cross-entropy", 5],
        ["seed-std-dev", 10],
      ],
    });
    await signIn(page, "student1@chainrule.test");
    await openProblem(page, "Quiz: integrity", /Cross-entropy/);
    await expect(page.getByTestId("precision-loss")).toHaveText("Give at least 4 significant figures.");
    await page.getByTestId("answer-formula").fill(CE_FORMULA.replace(/^-/, "").replace(/ - /g, " + "));
    await page.getByTestId("answer-loss").fill("2.54.692");
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("submit-invalid")).toContainText("did not use an attempt");
    await expect(page.getByTestId("part-result-loss")).toHaveAttribute("data-verdict", "invalid");
    expect(await verdicts(page)).toEqual(["invalid", "invalid"]); // the loss's badge and its field line
    await expect(page.getByTestId("part-result-formula")).toHaveCount(0);
    await expect(page.getByTestId("part-formula")).not.toContainText("differs");
    await expect(page.getByTestId("result-summary")).toHaveCount(0);
    await expect(page.getByText("1 attempt left after this one")).toBeVisible();
    await screenshot(page, "integrity-ce-unreadable");

    // Too few digits is said as such, and uses the attempt.
    await page.getByTestId("answer-loss").fill("2.55");
    await page.getByTestId("answer-formula").fill(CE_FORMULA);
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("result-summary")).toContainText("Result of attempt 1");
    const loss = page.locator('[data-field="answer-loss"] .feedback');
    await expect(loss).toHaveAttribute("data-verdict", "incorrect");
    await expect(loss).toContainText("Give at least 4 significant figures");
    await expect(loss).not.toHaveAttribute("data-diagnosis", /.+/);
  });

  test("on the graph: eleven wrong numbers and one unreadable one, and the drawing shows only the unreadable one", async ({ page }) => {
    await signIn(page, "student2@chainrule.test");
    await openProblem(page, "Quiz: integrity", /Standard deviation/);
    await page.getByTestId("graph-source-graph").fill(STD);
    await page.getByRole("button", { name: "Check my graph" }).click();
    await expect(page.getByTestId("construction-graph")).toContainText("Your graph computes the right function and is detailed.");
    const nodes = toEvalJson(evaluateSource(STD, { at: { x1: -1, x2: 3 } }).evaluated).nodes;
    const annotate = page.getByTestId("part-annotate");
    await annotate.getByRole("button", { name: "Table" }).click();
    for (const n of nodes) {
      if (n.op === "const") continue;
      // every value right, every gradient probed with a wrong number
      await annotate.getByTestId(`table-${n.id}-value`).fill(text(n.value));
      await annotate.getByTestId(`table-${n.id}-grad`).fill("0.125");
    }
    await annotate.getByTestId("table-v-downstream-v.1").fill("1/4/");
    await page.getByTestId("answer-grad-x1").fill("0.5");
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("submit-invalid")).toBeVisible();
    expect(await verdicts(page)).toEqual(["invalid", "invalid"]);
    await expect(page.locator('[data-field="table-v-downstream-v.1"] .feedback')).toContainText("Could not read");
    await annotate.getByRole("button", { name: "Drawing" }).click();
    const drawing = annotate.locator(".graph-scroll svg");
    await expect(drawing).not.toContainText("✓");
    await expect(drawing).not.toContainText("✗");
    await expect(drawing).toContainText("1/4/?");
    await screenshot(page, "integrity-std-unreadable");
  });

  test("check my graph: a constant graph learns nothing about the answer's value", async ({ page }) => {
    await signIn(page, "student3@chainrule.test");
    await openProblem(page, "Quiz: integrity", /Standard deviation/);
    const messages: string[] = [];
    for (const c of ["2", "5"]) {
      await page.getByTestId("graph-source-graph").fill(`input x1, x2\ns = ${c} + 0 * x1 + 0 * x2\n`);
      await page.getByRole("button", { name: "Check my graph" }).click();
      await expect(page.getByTestId("construction-graph")).toContainText("different function");
      messages.push((await page.getByTestId("construction-graph").textContent()) ?? "");
    }
    expect(messages[0]).toBe(messages[1]);
    expect(messages[0]).not.toMatch(/x1 =|\d\.\d/);
  });

  test("new practice numbers start clean: no result, badges, marks or solution from the old ones", async ({ page }) => {
    await signIn(page, "student3@chainrule.test");
    await openProblem(page, "Backpropagation practice", /Cross-entropy/);
    await page.getByTestId("answer-loss").fill("1.234");
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("result-summary")).toContainText("Result of attempt 1");
    await page.reload();
    await expect(page.getByTestId("part-result-loss")).toHaveAttribute("data-verdict", "incorrect");
    await expect(page.getByTestId("solution")).toBeVisible();
    const statement = await page.getByTestId("statement").textContent();

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Draw new numbers" }).click();
    await expect(page.getByTestId("statement")).not.toHaveText(statement ?? "");
    await expect(page.getByTestId("result-summary")).toHaveCount(0);
    await expect(page.locator("[data-verdict]")).toHaveCount(0);
    await expect(page.getByTestId("solution")).toHaveCount(0);
    await expect(page.getByTestId("answer-loss")).toHaveValue("");
    await screenshot(page, "integrity-practice-new-numbers");
  });
});
