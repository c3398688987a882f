/**
 * The graph editor of a "build the graph" part, as a Chinese-speaking student meets it: an empty
 * editor is not an error (no red message before anything is typed), a mistake is shown once
 * there is text, and the page's font stack names CJK faces so that Chinese renders wherever the
 * system has one.
 */
import { expect, test } from "@playwright/test";
import { openStdInChinese } from "./own-student";

test("an empty graph editor shows no error; what is typed is checked; the fonts name CJK faces", async ({ page, baseURL }) => {
  await openStdInChinese(page, "editor", baseURL!);

  // The editor starts from the problem's first line; a student who clears it has written nothing yet.
  const source = page.getByTestId("graph-source-graph");
  await source.fill("");
  const editor = page.locator(".graph-editor");
  await expect(editor.locator(".field-error")).toHaveCount(0);
  await expect(source).not.toHaveAttribute("aria-invalid", "true");

  await source.fill("m = ");
  await expect(editor.locator(".field-error")).toBeVisible();
  await expect(source).toHaveAttribute("aria-invalid", "true");
  await source.fill("");
  await expect(editor.locator(".field-error")).toHaveCount(0);

  const fonts = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  for (const face of ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC"]) expect(fonts).toContain(face);
});
