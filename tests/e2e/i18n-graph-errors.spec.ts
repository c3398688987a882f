/**
 * A Chinese-speaking student's graph errors are in Chinese: the editor's live check and "Check my
 * graph" show the graph language's message from its zh-CN catalog, never the English text.
 */
import { expect, test } from "@playwright/test";
import { openStdInChinese } from "./own-student";

const ENGLISH = /never closed|unknown name|did you mean|expected|found|the graph/i;

test("a zh-CN student who writes a broken graph reads the error in Chinese, live and after checking", async ({ page, baseURL }) => {
  await openStdInChinese(page, "zh-graph", baseURL!);

  const source = page.getByTestId("graph-source-graph");
  const editor = page.locator(".graph-editor");
  const status = editor.locator(".field-error");

  // A bracket left open: reported where it opened, in Chinese.
  await source.fill("input x1, x2\nm = (x1 + x2\n");
  await expect(status).toHaveText("第 2 行第 5 列：第 2 行第 5 列的“(”没有闭合");
  await expect(status).not.toContainText(ENGLISH);

  // An unknown name with a suggestion: the hint is translated too.
  await source.fill("input x1, x2\nm = x1 + x3\n");
  await expect(status).toHaveText("第 2 行第 10 列：未知名称“x3”（是不是想写“x1”？）");

  // Nothing to evaluate: the message of issue 15 ("the graph has no assignment to evaluate").
  await source.fill("input x1, x2\n");
  await expect(status).toHaveText("图中没有可计算的赋值语句（请写 名称 = 表达式）");

  // "Check my graph" on a graph that does not compile: the part's feedback is Chinese as well.
  await source.fill("input x1, x2\nm = x1 + x3\n");
  await page.getByRole("button", { name: "检查我的图" }).click();
  const feedback = page.getByTestId("construction-graph");
  await expect(feedback).toContainText("未知名称“x3”");
  await expect(feedback).not.toContainText(ENGLISH);
});
