/**
 * The table view of an annotated graph: one compact row per node, a column per number a node has
 * (named as the drawing's node editor names them), and the numbers of each input edge nested in the
 * row. Whatever is typed in the table is the same answer the drawing's node editor shows. In the
 * drawing's node editor, Tab leads on to the next node.
 */
import { expect, test } from "@playwright/test";
import { screenshot } from "./helpers";
import { onCheckedStd } from "./own-student";

test("in the drawing, Tab goes from one node's numbers on to the next node's", async ({ page }) => {
  const annotate = await onCheckedStd(page, "next-node");
  await annotate.locator('svg g[data-node="x1"]').click();
  await annotate.getByTestId("field-x1-value").fill("-1");
  await page.keyboard.press("Tab");
  await expect(annotate.getByTestId("field-x1-grad")).toBeFocused();
  await page.keyboard.type("-0.5");
  await page.keyboard.press("Tab");
  await expect(annotate.getByRole("button", { name: "Next node: x2 →" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(annotate.getByTestId("field-x2-value")).toBeFocused();
  await page.keyboard.type("3");
  // The last node has no next one.
  await annotate.locator('svg g[data-node="s"]').click();
  await expect(annotate.getByRole("button", { name: /^Next node/ })).toHaveCount(0);
  // What was typed stays with its node.
  await annotate.locator('svg g[data-node="x1"]').click();
  await expect(annotate.getByTestId("field-x1-grad")).toHaveValue("-0.5");
});

test("the table view has a row per node, named columns and nested edges, and shares its answers with the drawing", async ({ page }) => {
  const annotate = await onCheckedStd(page, "table");
  await annotate.getByRole("button", { name: "Table" }).click();
  const table = annotate.getByTestId("graph-table-annotate");
  // The part asks for values, upstream gradients and downstream gradients (no local derivatives).
  await expect(table.locator(":scope > thead th")).toHaveText(["Node", "Operation", "Value", "Upstream gradient", "Downstream gradients, by input"]);
  // One row per node the part asks about: 11 nodes of the desugared graph, no constants.
  const rows = table.locator(":scope > tbody > tr");
  await expect(rows).toHaveCount(11);
  // Each input edge of a node is nested in its row, named by the input; a node without inputs has none.
  await expect(rows.filter({ has: page.locator('th:text-is("x1")') }).getByTestId(/^table-x1-downstream-/)).toHaveCount(0);
  const aRow = rows.filter({ has: page.locator('th:text-is("a.1")') });
  await expect(aRow.getByTestId("table-a.1-downstream-x1")).toBeVisible();
  await expect(aRow.getByTestId("table-a.1-downstream-m")).toBeVisible();
  await expect(aRow.getByRole("textbox", { name: "Downstream gradient to m" })).toBeVisible();
  // Compact: on the seed problem the whole table is under 1,200 px tall at 1280 px wide.
  expect((await table.boundingBox())!.height).toBeLessThan(1200);

  // The same answer in both views.
  await annotate.getByTestId("table-m-grad").fill("0.25");
  await annotate.getByTestId("table-a.1-downstream-m").fill("1/2");
  await screenshot(page, "graph-table-view");
  await annotate.getByRole("button", { name: "Drawing" }).click();
  await annotate.locator('svg g[data-node="m"]').click();
  await expect(annotate.getByTestId("field-m-grad")).toHaveValue("0.25");
  await annotate.locator('svg g[data-node="a.1"]').click();
  await expect(annotate.getByTestId("field-a.1-downstream-m")).toHaveValue("1/2");
});
