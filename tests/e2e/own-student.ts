/**
 * A student of the test's own, for browser tests whose drafts and submissions must reach no other
 * test: added to DL-101 with a password of their own and signed in through the real form (by field
 * name, so in any language), and the seed standard deviation opened with its graph checked.
 */
import { expect, type Locator, type Page } from "@playwright/test";
import crypto from "node:crypto";
import type { NestedNumbers, toEvalJson } from "@/lib/autograd";
import { addUser } from "./db";

/** The seed standard deviation's detailed graph, as a student writes it. */
export const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";

const PASSWORD = "their-own-password";

/** Adds a student of DL-101 named after `tag` and signs them in on `page`; returns their email. */
export async function signInOwnStudent(page: Page, tag: string): Promise<string> {
  const email = `${tag}-${crypto.randomBytes(4).toString("hex")}@e2e.test`;
  addUser({ email, name: `Student ${tag}`, password: PASSWORD, courses: [["DL-101", "STUDENT"]] });
  await page.goto("/signin");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await expect(page).not.toHaveURL(/\/signin/);
  return email;
}

/** From the dashboard to the seed standard deviation (Homework 2: theory); its page's address. */
export async function openSeedStd(page: Page): Promise<string> {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Homework 2: theory" }).click();
  await expect(page).toHaveURL(/\/assignments\/[^/]+$/);
  await page
    .getByRole("main")
    .getByRole("link", { name: /Standard deviation/ })
    .click();
  await expect(page).toHaveURL(/\/problems\/[^/]+$/);
  return page.url();
}

/** A new student reading in Chinese (the NEXT_LOCALE cookie), from their dashboard to the standard deviation. */
export async function openStdInChinese(page: Page, tag: string, baseURL: string): Promise<void> {
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseURL }]);
  await signInOwnStudent(page, tag);
  await page.goto("/dashboard");
  await page
    .getByRole("main")
    .getByRole("link", { name: /标准差|Standard deviation/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/problems\//);
}

/** A student of their own at 1280 px, on the seed standard deviation with STD written and checked; the annotation part. */
export async function onCheckedStd(page: Page, tag: string): Promise<Locator> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInOwnStudent(page, tag);
  await openSeedStd(page);
  await page.getByTestId("graph-source-graph").fill(STD);
  await page.getByRole("button", { name: "Check my graph" }).click();
  await expect(page.getByTestId("construction-graph")).toContainText("Your graph computes the right function and is detailed.");
  return page.getByTestId("part-annotate");
}

/** The numbers interpolated into the statement, read back from KaTeX's TeX annotations ("x_1 = -1"). */
export async function statementNumbers(page: Page): Promise<Record<string, number>> {
  const tex = await page.getByTestId("statement").locator('annotation[encoding="application/x-tex"]').allTextContents();
  const out: Record<string, number> = {};
  for (const t of tex) {
    const m = /^x_(\d)\s*=\s*(-?[\d.]+)$/.exec(t.trim());
    if (m) out[`x${m[1]}`] = Number(m[2]);
  }
  return out;
}

/** A number or an array as a student types it. */
export const typed = (v: NestedNumbers | null) => (typeof v === "number" ? String(v) : JSON.stringify(v));

/**
 * Types every value, gradient and downstream gradient of `nodes` (an evaluation's nodes) into the
 * annotation part's table view (already shown), but those `skip` leaves blank; constants are not asked.
 */
export async function fillAnnotationTable(
  annotate: Locator,
  nodes: ReturnType<typeof toEvalJson>["nodes"],
  skip: (node: string, field: "value" | "grad") => boolean = () => false,
): Promise<void> {
  for (const n of nodes) {
    if (n.op === "const") continue;
    if (!skip(n.id, "value")) await annotate.getByTestId(`table-${n.id}-value`).fill(typed(n.value));
    if (!skip(n.id, "grad")) await annotate.getByTestId(`table-${n.id}-grad`).fill(typed(n.grad));
    for (const e of n.edges) {
      if (nodes.find((x) => x.id === e.from)!.op === "const") continue;
      await annotate.getByTestId(`table-${n.id}-downstream-${e.from}`).fill(typed(e.downstream));
    }
  }
}
