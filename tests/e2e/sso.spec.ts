/**
 * Single sign-on against a real OpenID Connect provider (tests/setup/oidc-provider.ts, started by
 * tests/e2e/run.ts before the app): the "Sign in with UniLogin" link, the provider's login page, and
 * back to the app with a session like a password one. A new person gets an account; a verified email
 * links the existing account (audited); an unverified one is refused in words; a site admin sees and
 * removes a link; signing out ends the SSO session everywhere.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { OIDC_ACCOUNTS } from "../setup/oidc-provider";
import { lookup, withDb } from "./db";
import { screenshot, signIn } from "./helpers";

type Login = keyof typeof OIDC_ACCOUNTS;

async function ssoSignIn(page: Page, login: Login): Promise<void> {
  await page.goto("/signin");
  await page.getByRole("link", { name: "Sign in with UniLogin" }).click();
  await expect(page.getByRole("heading", { name: "University login" })).toBeVisible();
  await page.getByLabel("Login name").fill(login);
  await page.getByRole("button", { name: "Log in" }).click();
}

async function opensDashboard(browser: Browser, cookies: Awaited<ReturnType<BrowserContext["cookies"]>>): Promise<boolean> {
  const context = await browser.newContext({ locale: "en-US" });
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto("/dashboard");
  const ok = !/\/signin/.test(page.url());
  await context.close();
  return ok;
}

test.describe("single sign-on", () => {
  test("the sign-in page offers the provider beside the password form", async ({ page }) => {
    await page.goto("/signin");
    await expect(page.getByRole("link", { name: "Sign in with UniLogin" })).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible();
    await screenshot(page, "sso-signin-page");
  });

  test("a new person signs in by SSO, lands on the dashboard, and signing out ends that session everywhere", async ({ page, browser, context }) => {
    await ssoSignIn(page, "newcomer");
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("signed-in-as")).toContainText("Nia Newcomer");
    const user = lookup('SELECT id, passwordHash FROM "User" WHERE email = ?', OIDC_ACCOUNTS.newcomer.email);
    expect(user.passwordHash).toBe("");
    expect(lookup('SELECT subject FROM "OidcLink" WHERE "userId" = ?', user.id).subject).toBe(OIDC_ACCOUNTS.newcomer.sub);

    const copied = await context.cookies();
    expect(await opensDashboard(browser, copied)).toBe(true);
    await page.goto("/signout");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    expect(await opensDashboard(browser, copied)).toBe(false);
  });

  test("a verified email links the existing password account, and the audit log says so", async ({ page }) => {
    await ssoSignIn(page, "alice");
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("signed-in-as")).toContainText("Alice Zhang");
    const alice = lookup("SELECT id FROM \"User\" WHERE email = 'student1@chainrule.test'");
    const audit = lookup('SELECT "actorId", after FROM "AuditLog" WHERE action = \'sso.link\' AND "entityId" = ?', alice.id);
    expect(audit.actorId).toBe(alice.id);
    expect(typeof audit.after === "string" ? JSON.parse(audit.after) : audit.after).toMatchObject({
      subject: OIDC_ACCOUNTS.alice.sub,
      email: "student1@chainrule.test",
    });
  });

  test("an unverified email of an existing account is refused, with the reason", async ({ page }) => {
    await ssoSignIn(page, "impostor");
    await expect(page).toHaveURL(/\/signin\?error=SsoUnverifiedEmail/);
    await expect(page.getByTestId("sso-error")).toContainText("did not confirm that it verified your email address");
    await screenshot(page, "sso-unverified-refused");
    const bob = lookup("SELECT id FROM \"User\" WHERE email = 'student2@chainrule.test'");
    expect(withDb((db) => db.prepare('SELECT id FROM "OidcLink" WHERE "userId" = ?').all(bob.id))).toEqual([]);
  });

  test("a site admin sees a user's SSO link and unlinks it", async ({ page }) => {
    const alice = lookup("SELECT id FROM \"User\" WHERE email = 'student1@chainrule.test'");
    await signIn(page, "admin@chainrule.test");
    await page.goto("/accounts?q=student1");
    const links = page.getByTestId("sso-links");
    await expect(links).toContainText(OIDC_ACCOUNTS.alice.sub);
    await expect(links).toContainText("http://127.0.0.1:");
    await screenshot(page, "sso-admin-links");
    page.once("dialog", (d) => void d.accept());
    await links.getByRole("button", { name: /Unlink/ }).click();
    await expect(page.getByTestId("sso-unlinked")).toBeVisible();
    expect(withDb((db) => db.prepare('SELECT id FROM "OidcLink" WHERE "userId" = ?').all(alice.id))).toEqual([]);
    const admin = lookup("SELECT id FROM \"User\" WHERE email = 'admin@chainrule.test'");
    expect(lookup('SELECT "actorId" FROM "AuditLog" WHERE action = \'sso.unlink\' AND "entityId" = ?', alice.id).actorId).toBe(admin.id);
  });
});
