import { expect, type Locator, type Page } from "@playwright/test";
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

/*
 * The problem editor is CodeMirror: its content element (data-testid "problem-source") is editable
 * text, not a form field, and draws only the lines near the screen. Whole texts go in and out through
 * the clipboard events the editor handles itself, as a paste and a copy do: one change for a whole
 * file (typing 80 KB would measure the browser's keyboard, not the app), and the whole document read.
 */

/** Replaces the editor's text, as selecting all and pasting does. */
export async function setEditorText(editor: Locator, text: string): Promise<void> {
  await editor.focus();
  await editor.press("ControlOrMeta+a");
  await editor.evaluate((el, value) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

/** The text selected in the editor, as copying it gives. */
export async function editorSelection(editor: Locator): Promise<string> {
  return editor.evaluate((el) => {
    const clipboardData = new DataTransfer();
    el.dispatchEvent(new ClipboardEvent("copy", { clipboardData, bubbles: true, cancelable: true }));
    return clipboardData.getData("text/plain");
  });
}

/** The editor's whole text, as selecting all and copying gives. */
export async function editorText(editor: Locator): Promise<string> {
  await editor.focus();
  await editor.press("ControlOrMeta+a");
  return editorSelection(editor);
}
