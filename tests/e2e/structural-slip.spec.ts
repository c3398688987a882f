/**
 * A structural slip does not cost the whole annotation: a student whose graph divides by N − 1 (one of
 * the seed standard deviation's own mistakes) can still annotate it, a reload or a comment-only edit does
 * not lock the annotation again (a real edit does), and after submitting the graph part names the mistake
 * while the numbers right for the student's own graph earn carried credit.
 */
import { expect, test, type Locator } from "@playwright/test";
import { toEvalJson } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { screenshot } from "./helpers";
import { fillAnnotationTable, openSeedStd, signInOwnStudent, statementNumbers } from "./own-student";

// The sample standard deviation in the student's own names, every step a node of its own.
const SAMPLE_STD = "input x1, x2\nmu = (x1 + x2) / 2\nsq1 = (x1 - mu) ^ 2\nsq2 = (x2 - mu) ^ 2\nvar = (sq1 + sq2) / 1\nsd = sqrt(var)\n";
const LOCKED = /Annotate your own graph here once "Check my graph" above accepts it/;

test("a graph with one of the problem's mistakes is annotated on its own terms, stays open across reloads and comment edits, and earns carried credit", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInOwnStudent(page, "slip");
  const url = await openSeedStd(page);
  const annotate = page.getByTestId("part-annotate");
  const source = page.getByTestId("graph-source-graph");
  const sdValue = (a: Locator) => a.getByTestId("table-sd-value");

  await source.fill(SAMPLE_STD);
  await expect(annotate).toContainText(LOCKED);
  await page.getByRole("button", { name: "Check my graph" }).click();
  const said = page.getByTestId("construction-graph");
  // "Check my graph" uses no attempt: it says the graph is another function that can be annotated, not which mistake it is.
  await expect(said).toContainText("Your graph computes a different function from the one asked.");
  await expect(said).toContainText("You can still annotate your own graph: numbers right for it earn carried credit.");
  await expect(said).not.toContainText("N − 1");
  await annotate.getByRole("button", { name: "Table" }).click();
  await expect(sdValue(annotate)).toBeVisible();

  // The draft is kept; a reload does not lock the annotation of the checked graph again.
  await expect(page.getByText("Draft saved")).toBeVisible();
  await page.reload();
  await annotate.getByRole("button", { name: "Table" }).click();
  await expect(sdValue(annotate)).toBeVisible();

  // A comment and blank lines change nothing the graph computes: still open. Changing what it computes locks it.
  await source.fill(`# my standard deviation\n\n${SAMPLE_STD.replace("sd = sqrt(var)", "sd = sqrt( var )   # the root")}`);
  await expect(sdValue(annotate)).toBeVisible();
  await source.fill(SAMPLE_STD.replace("/ 1", "/ 3"));
  await expect(annotate).toContainText(LOCKED);
  await source.fill(SAMPLE_STD);
  await annotate.getByRole("button", { name: "Table" }).click();
  await expect(sdValue(annotate)).toBeVisible();

  // Every number right for the student's own graph, from the engine at the statement's point.
  const at = await statementNumbers(page);
  expect(at).toEqual({ x1: -1, x2: 3 });
  const nodes = toEvalJson(evaluateSource(SAMPLE_STD, { at }).evaluated).nodes;
  // Hand-derived: the sample standard deviation of -1 and 3 is 2√2.
  expect(nodes.find((n) => n.id === "sd")!.value as number).toBeCloseTo(2 * Math.SQRT2, 12);
  await fillAnnotationTable(annotate, nodes);
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("result-summary")).toContainText("Result of attempt 1:");

  // The graph part names the problem's mistake and earns nothing; the annotation earns carried credit in full.
  await expect(said).toContainText("Your graph computes a different function: You divided by N − 1");
  await expect(page.getByTestId("part-result-graph")).toHaveAttribute("data-verdict", "incorrect");
  await expect(page.getByTestId("part-result-annotate")).toHaveAttribute("data-verdict", "carried");
  await expect(page.getByTestId("part-result-annotate")).toContainText("6 / 6 points");
  await expect(annotate.locator('[data-field="table-sd-value"] .feedback')).toContainText("Right for the graph you built");
  await annotate.getByRole("button", { name: "Drawing" }).click();
  await expect(annotate.locator('svg g[data-node="sd"]')).toHaveAttribute("data-status", "carried");
  await annotate.locator(".graph-scroll").scrollIntoViewIfNeeded();
  await screenshot(page, "structural-slip-carried");

  // After a reload, the graded graph keeps the annotation open (no new check needed).
  await page.goto(url);
  await expect(annotate).not.toContainText(LOCKED);
  await annotate.getByRole("button", { name: "Table" }).click();
  await expect(sdValue(annotate)).toBeVisible();
});
