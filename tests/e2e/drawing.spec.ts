/**
 * The drawing of an annotated graph after grading: each node's box says how its numbers went (wrong,
 * carried, missing, correct) in the styles the legend shows, and a carried number's message names the
 * earlier answer it follows from.
 */
import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { toEvalJson } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { screenshot } from "./helpers";
import { fillAnnotationTable, onCheckedStd, statementNumbers, STD } from "./own-student";

test("after grading, each node's box shows how its numbers went, as the legend says, and a carried number names its source", async ({ page }) => {
  const annotate = await onCheckedStd(page, "drawing-status");
  const nodes = toEvalJson(evaluateSource(STD, { at: await statementNumbers(page) }).evaluated).nodes;
  // One branch's contribution at m instead of the sum of both: m's gradient is wrong, m.1's follows from it.
  const m = nodes.find((n) => n.id === "m")!;
  const m1 = nodes.find((n) => n.id === "m.1")!;
  const branch = -(nodes.find((n) => n.id === "a.1")!.grad as number);
  m.grad = branch;
  m.edges.find((e) => e.from === "m.1")!.downstream = branch * 0.5;
  m1.grad = branch * 0.5;
  await annotate.getByRole("button", { name: "Table" }).click();
  // v's value left blank: missing.
  await fillAnnotationTable(annotate, nodes, (node, field) => node === "v" && field === "value");
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("result-summary")).toContainText("Result of attempt 1:");

  // The carried message says which earlier answer it is right given, in the table and in the node editor.
  await expect(annotate.locator('[data-field="table-m.1-grad"] .feedback')).toContainText("right given your gradient of m");
  await annotate.getByRole("button", { name: "Drawing" }).click();
  await annotate.locator('svg g[data-node="m.1"]').click();
  await expect(annotate.locator(".node-editor")).toContainText("right given your gradient of m");

  const box = (id: string) => annotate.locator(`svg g[data-node="${id}"] rect.node-box`);
  const look = (id: string) =>
    box(id).evaluate((r) => ({
      stroke: r.getAttribute("stroke"),
      fill: r.getAttribute("fill"),
      dash: r.getAttribute("stroke-dasharray"),
      rx: Number(r.getAttribute("rx")),
    }));
  await expect(annotate.locator('svg g[data-node="m"]')).toHaveAttribute("data-status", "incorrect");
  await expect(annotate.locator('svg g[data-node="m.1"]')).toHaveAttribute("data-status", "carried");
  await expect(annotate.locator('svg g[data-node="v"]')).toHaveAttribute("data-status", "missing");
  await expect(annotate.locator('svg g[data-node="s"]')).toHaveAttribute("data-status", "correct");
  const wrong = await look("m");
  const carried = await look("m.1");
  const missing = await look("v");
  const right = await look("s");
  // Wrong: a red outline and a red tint.
  expect(wrong).toMatchObject({ stroke: "#b91c1c", fill: "#fee2e2", dash: null });
  // Carried: its own hue (not the wrong red, not the right green), dotted, and a pill's corners.
  expect(carried.stroke).not.toBe(wrong.stroke);
  expect(carried.stroke).not.toBe(right.stroke);
  expect(carried.dash).not.toBeNull();
  expect(carried.rx).toBeGreaterThan(wrong.rx);
  // Missing: dashed, unlike the dotted carried one.
  expect(missing.dash).not.toBeNull();
  expect(missing.dash).not.toBe(carried.dash);
  // The ↷ mark is drawn in the carried hue, not brown.
  await expect(annotate.locator('svg g[data-node="m.1"] tspan', { hasText: "↷" })).toHaveAttribute("fill", carried.stroke!);

  // The legend draws each status with the same outline and fill as the nodes.
  const legend = annotate.getByTestId("graph-legend");
  for (const [status, drawn] of [
    ["incorrect", wrong],
    ["carried", carried],
    ["missing", missing],
    ["correct", right],
  ] as const) {
    const swatch = legend.locator(`li[data-status="${status}"] rect`);
    await expect(swatch).toHaveAttribute("stroke", drawn.stroke!);
    await expect(swatch).toHaveAttribute("fill", drawn.fill!);
    if (drawn.dash === null) await expect(swatch).not.toHaveAttribute("stroke-dasharray", /./);
    else await expect(swatch).toHaveAttribute("stroke-dasharray", drawn.dash);
  }
  await expect(legend.locator('li[data-status="carried"]')).toContainText("↷ right given your own earlier answer");
  await expect(legend.locator('li[data-status="incorrect"]')).toContainText("red outline, red fill");
  await expect(legend.locator('li[data-status="missing"]')).toContainText("dashed outline");
  await annotate.locator(".graph-scroll").scrollIntoViewIfNeeded();
  await screenshot(page, "drawing-feedback-at-a-glance");
});

test("the drawing is legible: text of 12 px or more, inputs in declared order, the sides of − and ÷ marked; the export has no selection ring", async ({
  page,
}) => {
  const annotate = await onCheckedStd(page, "drawing-legible");
  const svg = annotate.locator(".graph-scroll svg");
  // Every text as rendered: its font size times the drawing's scale on screen.
  const sizes = await svg.evaluate((el: SVGSVGElement) => {
    const scale = el.getBoundingClientRect().width / el.viewBox.baseVal.width;
    return [...el.querySelectorAll("text")].map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale }));
  });
  expect(sizes.length).toBeGreaterThan(10);
  expect(sizes.filter((s) => s.px < 12)).toEqual([]);
  const top = async (id: string) => (await annotate.locator(`svg g[data-node="${id}"] rect.node-box`).boundingBox())!.y;
  expect(await top("x1")).toBeLessThan(await top("x2"));
  // a.1 = x1 − m: x1 comes in on the "+" side, m on the "−" side; m = m.1 ÷ 2: m.1 is the numerator.
  await expect(annotate.locator('g[data-edge="x1->a.1"] text[data-port]')).toHaveText("+");
  await expect(annotate.locator('g[data-edge="m->a.1"] text[data-port]')).toHaveText("−");
  await expect(annotate.locator('g[data-edge="m.1->m"] text[data-port]')).toHaveText("num");
  await expect(annotate.locator('g[data-edge="x1->m.1"] text[data-port]')).toHaveCount(0);

  await annotate.locator('svg g[data-node="x1"]').click();
  await expect(annotate.locator('svg g[data-node="x1"] .selection-ring')).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent("download"), annotate.getByRole("button", { name: "Download SVG" }).click()]);
  const saved = fs.readFileSync(await download.path(), "utf8");
  expect(saved).toContain('class="node-box"');
  expect(saved).not.toContain("selection-ring");
  // The saved drawing names a CJK face for every system, so Chinese renders outside the page too.
  const faces = /<svg[^>]*font-family="([^"]*)"/.exec(saved.replace(/&quot;/g, "'"))?.[1] ?? "";
  for (const face of ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"]) expect(faces).toContain(face);
  await annotate.locator(".graph-scroll").screenshot({ path: test.info().outputPath("drawing-legible.png") });
});

test("on a phone the drawing zooms with buttons and a pinch, pans in its box, and its nodes are big enough to tap", async ({ page }) => {
  const annotate = await onCheckedStd(page, "drawing-phone");
  await page.setViewportSize({ width: 375, height: 800 });
  const svg = annotate.locator(".graph-scroll svg");
  const width = async () => (await svg.boundingBox())!.width;
  const base = await width();
  for (const id of ["x1", "m", "s"]) {
    const b = (await annotate.locator(`svg g[data-node="${id}"] rect.node-box`).boundingBox())!;
    expect([id, b.width >= 44, b.height >= 44]).toEqual([id, true, true]);
  }
  // Wider than the phone: the box scrolls (pans) rather than shrinking the drawing.
  const scroll = annotate.locator(".graph-scroll");
  expect(await scroll.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await scroll.evaluate((el) => (el.scrollLeft = 200));
  expect(await scroll.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);

  for (const name of ["Zoom in", "Zoom out", "Reset zoom to 100%"]) {
    const b = (await annotate.getByRole("button", { name }).boundingBox())!;
    expect([name, b.width >= 44, b.height >= 44]).toEqual([name, true, true]);
  }
  await annotate.getByRole("button", { name: "Zoom in" }).click();
  expect(await width()).toBeCloseTo(base * 1.25, 0);
  await annotate.getByRole("button", { name: "Zoom out" }).click();
  await annotate.getByRole("button", { name: "Zoom out" }).click();
  expect(await width()).toBeCloseTo(base * 0.8, 0);
  await annotate.getByRole("button", { name: "Reset zoom to 100%" }).click();
  expect(await width()).toBeCloseTo(base, 0);

  // Two fingers spreading to twice their distance zoom to twice the size.
  const at = (await svg.boundingBox())!;
  const y = at.y + 60;
  const touch = (type: string, pointerId: number, x: number) =>
    svg.dispatchEvent(type, { pointerId, pointerType: "touch", clientX: x, clientY: y, isPrimary: pointerId === 1 });
  await touch("pointerdown", 1, at.x + 100);
  await touch("pointerdown", 2, at.x + 150);
  await touch("pointermove", 2, at.x + 200);
  await touch("pointerup", 1, at.x + 100);
  await touch("pointerup", 2, at.x + 200);
  expect(await width()).toBeCloseTo(base * 2, 0);
  await screenshot(page, "drawing-phone-zoomed");
});
