/**
 * On a 375 px phone a student sees where they stand without scrolling sideways: the dashboard's and the
 * assignment page's status columns are inside the screen, with their header and every status label.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { screenshot } from "./helpers";
import { signInOwnStudent } from "./own-student";

/**
 * Every row's status on screen, under the column's name: the header on screen, or (rows stacked as cards
 * on a phone) the cell's own label drawn before it.
 */
async function expectColumnOnScreen(page: Page, table: Locator, header: string) {
  const headers = await table.locator("thead th").allTextContents();
  const index = headers.findIndex((h) => h.trim() === header);
  expect(index, `a "${header}" column among ${JSON.stringify(headers)}`).toBeGreaterThanOrEqual(0);
  const width = page.viewportSize()!.width;
  const inside = async (l: Locator) => {
    const box = (await l.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width + 0.5);
  };
  const cells = await table.locator(`tbody tr > :nth-child(${index + 1})`).all();
  expect(cells.length).toBeGreaterThan(0);
  for (const cell of cells) {
    await expect(cell).toBeVisible();
    await inside(cell);
    await inside(cell.locator(".status"));
    const label = await cell.evaluate((td) => getComputedStyle(td, "::before").content);
    const headerShown = await table
      .locator("thead th")
      .nth(index)
      .evaluate((th) => th.getBoundingClientRect().width > 1 && th.getBoundingClientRect().right <= window.innerWidth);
    expect(headerShown || label === `"${header}"`, `the cell is labelled "${header}" (its label: ${label})`).toBe(true);
  }
}

test("375 px wide, the dashboard's and the assignment page's status columns are on screen", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await signInOwnStudent(page, "phone-status");
  await page.goto("/dashboard");
  const dashboard = page.getByRole("main").locator("table").first();
  await expect(dashboard).toBeVisible();
  await expectColumnOnScreen(page, dashboard, "Status");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  await screenshot(page, "student-dashboard-375px");

  await page.getByRole("link", { name: "Homework 2: theory" }).click();
  await expect(page).toHaveURL(/\/assignments\/[^/]+$/);
  await expectColumnOnScreen(page, page.getByRole("main").locator("table").first(), "Status");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  await context.close();
});
