import { expect, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS } from "@/lib/ops/seed";

export type DemoEmail = (typeof DEMO_ACCOUNTS)[number]["email"];

export function account(email: DemoEmail) {
  const a = DEMO_ACCOUNTS.find((x) => x.email === email);
  if (!a) throw new Error(`no demo account ${email}`);
  return a;
}

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, email: DemoEmail, startAt = "/signin"): Promise<void> {
  await page.goto(startAt);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(account(email).password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

export const ARTIFACTS = path.join(process.cwd(), "tests/e2e/artifacts");

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
