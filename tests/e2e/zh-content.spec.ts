/**
 * A student reading in Chinese reads the problems in Chinese: the problem title (on the dashboard,
 * the assignment page and the problem page), the statement, the part prompts, the hints a wrong
 * attempt earns and, once released, the solution, for a classic problem and a seed one.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { addAssignment } from "./db";
import { screenshot } from "./helpers";
import { signInOwnStudent } from "./own-student";

const DAY = 24 * 3600 * 1000;

/** Each problem as the bank's file has it in zh-CN (and a piece of its English that must not show). */
const GATE = {
  slug: "add-mul-gate",
  title: "反向传播：f = (x + y) · z",
  statement: "反向传播的经典入门例子（CS231n）",
  prompt: { part: "annotate", text: "对每个节点：给出前向值、上游梯度，以及每条输入边上的下游梯度。" },
  hint: { part: "annotate", text: "加法节点把上游梯度原样传给两个输入。" },
  solution: "加法节点把上游梯度原样传下去",
  english: ["Backpropagation through", "The classic first example", "For every node", "An addition passes", "The addition passes"],
};
const SEED = {
  slug: "seed-cross-entropy",
  title: "三个样本的 batch 交叉熵（作业 2，1.1）",
  statement: "假设样本来自三个类",
  prompt: { part: "formula", text: "例如" },
  hint: { part: "loss", text: "使用自然对数，并对三个样本求和（不要求平均）。" },
  solution: "采用单热向量时每个样本只保留其真实类别的一项",
  english: ["Cross-entropy of a batch", "The samples come from", "as a formula in", "Use the natural logarithm", "with one-hot targets"],
};

async function zhStudent(browser: Browser, width: number): Promise<{ page: Page; assignmentTitle: string; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" }, viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signInOwnStudent(page, `zh${width}`);
  // An assignment of its own that releases answers as soon as an attempt is graded.
  const assignmentTitle = `zh content ${crypto.randomBytes(4).toString("hex")}`;
  addAssignment({
    title: assignmentTitle,
    opensAt: new Date(Date.now() - DAY),
    dueAt: new Date(Date.now() + 7 * DAY),
    maxAttempts: null,
    releasePolicy: "IMMEDIATE",
    problems: [
      [GATE.slug, 4],
      [SEED.slug, 5],
    ],
  });
  return { page, assignmentTitle, close: () => context.close() };
}

async function expectNoEnglish(page: Page, english: readonly string[]): Promise<void> {
  const text = await page.getByRole("main").innerText();
  for (const phrase of english) expect(text, `"${phrase}" shown to a zh-CN student`).not.toContain(phrase);
}

test.describe("problems in the viewer's language", () => {
  test("a zh-CN student reads the title, statement, prompts, hints and released solution in Chinese", async ({ browser }) => {
    const { page, assignmentTitle, close } = await zhStudent(browser, 1280);

    await page.goto("/dashboard");
    const row = page.getByTestId("student-course").filter({ hasText: assignmentTitle });
    await expect(row).toContainText(GATE.title);
    await expect(row).toContainText(SEED.title);
    await expect(row).not.toContainText("Backpropagation through");
    await page.getByRole("link", { name: assignmentTitle }).click();
    await expect(page).toHaveURL(/\/assignments\/[^/]+$/);
    await expect(page.getByRole("main")).toContainText(SEED.title);

    for (const problem of [GATE, SEED]) {
      await page.getByRole("main").getByRole("link", { name: problem.title }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(problem.title);
      await expect(page.getByTestId("statement")).toContainText(problem.statement);
      await expect(page.getByTestId(`part-${problem.prompt.part}`)).toContainText(problem.prompt.text);
      // Before an attempt: no hint earned, no solution released.
      await expect(page.locator(".hints")).toHaveCount(0);
      await expect(page.getByTestId("solution")).toHaveCount(0);
      await expectNoEnglish(page, problem.english);

      if (problem === GATE) {
        await page.getByTestId("answer-grad-z").fill("0");
      } else {
        await page.getByTestId("answer-loss").fill("1.1061");
      }
      await page.getByTestId("submit").click();
      await expect(page.getByTestId("result-summary")).toBeVisible();
      await expect(page.getByTestId(`part-${problem.hint.part}`).locator(".hints")).toContainText(problem.hint.text);
      await expect(page.getByTestId("solution")).toContainText(problem.solution);
      await page.reload();
      await expect(page.getByTestId("solution")).toContainText(problem.solution);
      await expectNoEnglish(page, problem.english);

      if (problem === SEED) await screenshot(page, "student-problem-zh-CN");
      await page.getByRole("link", { name: `← ${assignmentTitle}` }).click();
      await expect(page).toHaveURL(/\/assignments\/[^/]+$/);
    }
    await close();
  });

  test("the zh-CN problem page at phone width", async ({ browser }) => {
    const { page, assignmentTitle, close } = await zhStudent(browser, 375);
    await page.goto("/dashboard");
    await page.getByRole("link", { name: assignmentTitle }).click();
    await expect(page).toHaveURL(/\/assignments\/[^/]+$/);
    await page.getByRole("main").getByRole("link", { name: SEED.title }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED.title);
    await page.getByTestId("answer-loss").fill("1.1061");
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("solution")).toContainText(SEED.solution);
    // Nothing wider than the phone's screen but what scrolls on its own (display math, tables).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "student-problem-zh-CN-phone");
    await close();
  });
});
