/**
 * The worked solution generated from the graph: absent from the page (HTML and RSC payload alike)
 * until solutions are released, then under the hand-written solution, in order, with the chain-rule
 * lines, on the student's own graph with their node names.
 */
import { expect, test, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { addAssignment } from "./db";
import { screenshot } from "./helpers";
import { signInOwnStudent } from "./own-student";

const day = 24 * 60 * 60_000;

/** The seed standard deviation built with names of the student's own. */
const OWN = "input x1, x2\nmean = (x1 + x2) / 2\nsq1 = (x1 - mean) ^ 2\nsq2 = (x2 - mean) ^ 2\nvariance = (sq1 + sq2) / 2\ns = sqrt(variance)\n";

/** What the server sends for the page, as HTML and as the RSC payload of a client-side navigation. */
async function payloads(page: Page, url: string): Promise<string[]> {
  const html = await (await page.request.get(url)).text();
  const rsc = await (await page.request.get(url, { headers: { RSC: "1" } })).text();
  return [html, rsc];
}

/** The TeX of each step in a list, read from KaTeX's annotations. */
const texOf = async (page: Page, list: string) =>
  (await page.getByTestId(list).locator('annotation[encoding="application/x-tex"]').allTextContents()).map((t) => t.trim());

/** A new assignment of the seed's standard deviation, released once submitted, opened by a new student of its own. */
async function openStdDevAsNewStudent(page: Page, prefix: string, student: string): Promise<string> {
  const assignmentId = addAssignment({
    title: `${prefix} ${crypto.randomBytes(3).toString("hex")}`,
    opensAt: new Date(Date.now() - day),
    dueAt: new Date(Date.now() + 7 * day),
    maxAttempts: null,
    releasePolicy: "IMMEDIATE",
    problems: [["seed-std-dev", 10]],
  });
  await signInOwnStudent(page, student);
  await page.goto(`/assignments/${assignmentId}`);
  await page
    .getByRole("main")
    .getByRole("link", { name: /Standard deviation/ })
    .click();
  await expect(page).toHaveURL(/\/problems\//);
  return assignmentId;
}

test("the worked solution is absent before release, then shows on the student's own graph, in order, with the chain rule", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const assignmentId = await openStdDevAsNewStudent(page, "Worked", "worked");
  const url = page.url();

  // Before release (IMMEDIATE: once the student has submitted), nothing of it reaches the browser.
  await expect(page.getByTestId("statement")).toBeVisible();
  await expect(page.getByTestId("worked-solution")).toHaveCount(0);
  for (const body of await payloads(page, url)) {
    expect(body).toContain("Standard deviation");
    expect(body).not.toContain("worked-solution");
    expect(body).not.toContain("2\\\\sqrt{v}");
    expect(body).not.toContain("2\\sqrt{v}");
    expect(body).not.toMatch(/0\.25\b/);
  }

  await page.getByTestId("graph-source-graph").fill(OWN);
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("result-summary")).toBeVisible();
  await page.reload();

  const worked = page.getByTestId("worked-solution");
  await expect(worked).toBeVisible();
  await expect(page.getByTestId("worked-graph")).toHaveText("On the graph you built in your latest submission, with your node names.");
  // Under the hand-written solution.
  const solutionBox = await page.getByTestId("solution").boundingBox();
  const workedBox = await worked.boundingBox();
  expect(workedBox!.y).toBeGreaterThan(solutionBox!.y);

  const forward = await texOf(page, "worked-forward");
  expect(forward[0]).toBe("x_{1} = -1");
  expect(forward).toContain("\\text{mean} = \\frac{\\text{mean.1}}{2} = 1");
  expect(forward.at(-1)).toBe("s = \\sqrt{\\text{variance}} = 2");

  const backward = await texOf(page, "worked-backward");
  expect(backward[0]).toBe("\\frac{\\partial s}{\\partial s} = 1");
  expect(backward[1]).toBe("\\frac{\\partial s}{\\partial \\text{variance}} = \\frac{1}{2\\sqrt{\\text{variance}}} = 0.25");
  expect(backward[2]).toBe("\\frac{\\partial s}{\\partial s} \\cdot \\frac{\\partial s}{\\partial \\text{variance}} = 1 \\cdot 0.25 = 0.25");
  const meanSum = backward.findIndex((t) => t.startsWith("\\frac{\\partial s}{\\partial \\text{mean}} = "));
  expect(backward[meanSum]).toContain("= 0.5 + \\left(-0.5\\right) = 0");
  // Reverse topological order: the mean's gradient after both squares' chain lines, before the inputs'.
  expect(meanSum).toBeGreaterThan(backward.findIndex((t) => t.includes("\\partial \\text{sq1}} \\cdot")));
  expect(meanSum).toBeLessThan(backward.findIndex((t) => t.startsWith("\\frac{\\partial s}{\\partial x_{1}} = ")));
  await expect(page.getByTestId("worked-backward")).toContainText("variance");
  await worked.scrollIntoViewIfNeeded();
  await screenshot(page, "worked-solution-own-graph");
  await worked.screenshot({ path: "tests/e2e/artifacts/worked-solution-section.png" });

  // The submission page shows the same, under its solution.
  await page.goto(`/assignments/${assignmentId}/problems/${url.split("/problems/")[1]}/history`);
  await page.getByTestId("history").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/submissions\//);
  await expect(page.getByTestId("worked-solution")).toBeVisible();
  expect((await texOf(page, "worked-backward"))[1]).toBe(backward[1]);
});

test("without a construction of the student's own, the worked solution is on the problem's graph", async ({ page }) => {
  await openStdDevAsNewStudent(page, "Worked ref", "worked-ref");
  await page.getByTestId("answer-grad-x1").fill("-0.5");
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("result-summary")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("worked-graph")).toHaveText("On the problem's graph, at your numbers.");
  const backward = await texOf(page, "worked-backward");
  expect(backward).toContain("\\frac{\\partial s}{\\partial v} = \\frac{1}{2\\sqrt{v}} = 0.25");
  expect(backward.find((t) => t.startsWith("\\frac{\\partial s}{\\partial m} = "))).toContain("0.5 + \\left(-0.5\\right) = 0");
});
