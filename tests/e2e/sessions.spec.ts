/**
 * Access you can trust, as a browser meets it: a session cookie copied before
 * sign-out, a password change or an admin's revoke no longer opens anything; forged
 * X-Forwarded-For headers do not get around the per-address sign-in limit; and a student over the
 * submission or check limit is told so, with no attempt used.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { addAssignment, addUser, lookup, withDb } from "./db";
import { screenshot, signIn } from "./helpers";

const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";

/** A student of DL-101 of this test's own, so that ending their sessions disturbs no other test. */
function newStudent(tag: string) {
  const email = `${tag}-${crypto.randomBytes(4).toString("hex")}@e2e.test`;
  const password = "their-own-password";
  const id = addUser({ email, name: `Student ${tag}`, password, courses: [["DL-101", "STUDENT"]] });
  return { id, email, password };
}

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

/** A new browser holding exactly these cookies (a copy of another browser's). */
async function browserWith(browser: Browser, cookies: Awaited<ReturnType<BrowserContext["cookies"]>>) {
  const context = await browser.newContext({ locale: "en-US" });
  await context.addCookies(cookies);
  return context;
}

/** Whether this browser still gets its dashboard (and not the sign-in page). */
async function opensDashboard(context: BrowserContext): Promise<boolean> {
  const page = await context.newPage();
  await page.goto("/dashboard");
  const ok = !/\/signin/.test(page.url()) && (await page.getByTestId("signed-in-as").count()) === 1;
  await page.close();
  return ok;
}

test.describe("sessions end when they should", () => {
  test("a cookie copied before sign-out no longer opens /dashboard, nor does the user's other browser", async ({ browser }) => {
    const s = newStudent("signout");
    const laptop = await browser.newContext({ locale: "en-US" });
    const page = await laptop.newPage();
    await signInAs(page, s.email, s.password);
    const copied = await laptop.cookies();
    expect(copied.map((c) => c.name)).toContain("next-auth.session-token");
    const phone = await browserWith(browser, copied);
    expect(await opensDashboard(phone)).toBe(true);

    await page.goto("/signout");
    await expect(page.getByText("This ends your session on every device and browser.")).toBeVisible();
    await screenshot(page, "sessions-signout");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);

    const thief = await browserWith(browser, copied);
    expect(await opensDashboard(thief)).toBe(false);
    expect(await opensDashboard(phone)).toBe(false);
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/dashboard");
    await expect(thiefPage).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
    // Routes and server actions resolve the user the same way: a route answers 401.
    const course = lookup("SELECT id FROM Course WHERE code = 'DL-101'");
    expect((await thief.request.get(`/api/courses/${String(course.id)}`)).status()).toBe(401);
    for (const c of [laptop, phone, thief]) await c.close();
  });

  test("a password change from another browser ends this session; the browser that changed it stays signed in", async ({ browser }) => {
    const s = newStudent("password");
    const here = await browser.newContext({ locale: "en-US" });
    const there = await browser.newContext({ locale: "en-US" });
    await signInAs(await here.newPage(), s.email, s.password);
    const copied = await here.cookies();
    const page = await there.newPage();
    await signInAs(page, s.email, s.password);
    expect(await opensDashboard(here)).toBe(true);

    await page.goto("/password?callbackUrl=%2Fdashboard");
    await expect(page.getByText("Changing your password signs you out on every other device and browser.")).toBeVisible();
    await page.getByLabel("Current password").fill(s.password);
    await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
    await page.getByLabel("New password again").fill("a-brand-new-password");
    await page.getByRole("button", { name: "Save password" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as Student password`);

    expect(await opensDashboard(there)).toBe(true);
    expect(await opensDashboard(here)).toBe(false);
    const copy = await browserWith(browser, copied);
    expect(await opensDashboard(copy)).toBe(false);
    // The new password works, the old one does not.
    const fresh = await browser.newContext({ locale: "en-US" });
    const freshPage = await fresh.newPage();
    await freshPage.goto("/signin");
    await freshPage.getByLabel("Email").fill(s.email);
    await freshPage.getByLabel("Password").fill(s.password);
    await freshPage.getByRole("button", { name: "Sign in" }).click();
    await expect(freshPage.getByTestId("signin-error")).toBeVisible();
    await signInAs(freshPage, s.email, "a-brand-new-password");
    for (const c of [here, there, copy, fresh]) await c.close();
  });

  test("a site admin revokes a user's sessions from the accounts page, and it is audited", async ({ browser, page }) => {
    const s = newStudent("revoke");
    const victim = await browser.newContext({ locale: "en-US" });
    await signInAs(await victim.newPage(), s.email, s.password);
    expect(await opensDashboard(victim)).toBe(true);

    await signIn(page, "admin@chainrule.test");
    await page.getByRole("link", { name: "Accounts" }).click();
    await expect(page).toHaveURL(/\/accounts$/);
    await page.getByLabel("Name or email contains").fill(s.email);
    await page.getByRole("button", { name: "Find" }).click();
    const row = page.getByTestId("account");
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute("data-email", s.email);
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Revoke sessions" }).click();
    await expect(row.getByTestId("revoked")).toHaveText("Student revoke is signed out everywhere.");
    await screenshot(page, "sessions-accounts-revoked");

    expect(await opensDashboard(victim)).toBe(false);
    const audit = lookup("SELECT actorId, before, after FROM AuditLog WHERE action = 'user.revokeSessions' AND entityId = ?", s.id);
    expect(audit.actorId).toBe(lookup("SELECT id FROM User WHERE email = 'admin@chainrule.test'").id);
    expect(JSON.parse(String(audit.after))).toEqual({ sessionVersion: 1 });

    // Only site admins have the page.
    const student = await browser.newContext({ locale: "en-US" });
    const studentPage = await student.newPage();
    await signIn(studentPage, "student3@chainrule.test");
    await expect(studentPage.getByRole("link", { name: "Accounts" })).toHaveCount(0);
    expect((await studentPage.goto("/accounts"))?.status()).toBe(403);
    await victim.close();
    await student.close();
  });
});

test.describe("the per-address sign-in limit", () => {
  test("forged X-Forwarded-For headers are one client: after 31 failures even the right password is refused", async ({ playwright, baseURL }) => {
    const s = newStudent("spray");
    const api = await playwright.request.newContext({ baseURL });
    const attempt = async (email: string, password: string, forwardedFor: string) => {
      const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const r = await api.post("/api/auth/callback/credentials", {
        form: { email, password, csrfToken, json: "true", callbackUrl: "/dashboard" },
        headers: { "x-forwarded-for": forwardedFor },
      });
      return ((await r.json()) as { url: string }).url;
    };
    try {
      for (let i = 0; i <= 30; i++) {
        expect(await attempt(`nobody${i}@e2e.test`, "wrong", `203.0.113.${i}`)).toContain("error=CredentialsSignin");
      }
      expect(await attempt(s.email, s.password, "198.51.100.200")).toContain("error=CredentialsSignin");
    } finally {
      // Every browser test signs in from this machine: lift the lock for the tests that follow.
      withDb((db) => db.prepare("DELETE FROM SignInFailure WHERE key LIKE 'ip:%'").run());
    }
    expect(await attempt(s.email, s.password, "198.51.100.201")).not.toContain("error=");
    await api.dispose();
  });
});

test.describe("per-user limits on submissions and graph checks", () => {
  test("a student over the limits is told the limit and when to try again, and no attempt is used", async ({ page }) => {
    const s = newStudent("limits");
    addAssignment({
      title: "Quiz: limits",
      opensAt: new Date(Date.now() - 86_400_000),
      dueAt: new Date(Date.now() + 86_400_000),
      maxAttempts: 3,
      problems: [["seed-std-dev", 10]],
    });
    // Thirty submissions and sixty checks in the last half minute, as if made just now.
    const now = new Date().toISOString().replace("Z", "+00:00");
    withDb((db) => {
      const insert = db.prepare("INSERT INTO RateLimitHit (id, key, createdAt) VALUES (?, ?, ?)");
      for (let i = 0; i < 30; i++) insert.run(`e2esubmit${s.id}${i}`, `submit:${s.id}`, now);
      for (let i = 0; i < 60; i++) insert.run(`e2echeck${s.id}${i}`, `graph-check:${s.id}`, now);
    });

    await signInAs(page, s.email, s.password);
    await page.goto("/dashboard");
    await page.getByRole("link", { name: "Quiz: limits" }).click();
    await expect(page).toHaveURL(/\/assignments\/[^/]+$/);
    await page
      .getByRole("main")
      .getByRole("link", { name: /Standard deviation/ })
      .click();
    await page.getByTestId("graph-source-graph").fill(STD);
    await page.getByRole("button", { name: "Check my graph" }).click();
    await expect(page.getByTestId("check-refused-graph")).toHaveText(/^Too many checks in a short time: at most 60 a minute\. Try again in \d+ seconds?\.$/);
    await page.getByTestId("submit").click();
    await expect(page.getByTestId("submit-refused")).toHaveText(
      /^Too many submissions in a short time: at most 30 a minute\. Try again in \d+ seconds?\. This did not use an attempt\.$/,
    );
    await screenshot(page, "sessions-rate-limited");
    expect(lookup("SELECT COUNT(*) AS n FROM Submission WHERE userId = ?", s.id).n).toBe(0);
    await expect(page.getByText("2 attempts left after this one")).toBeVisible();

    // Once the minute has passed (here: the rows are gone), the same buttons work.
    withDb((db) => db.prepare("DELETE FROM RateLimitHit WHERE key IN (?, ?)").run(`submit:${s.id}`, `graph-check:${s.id}`));
    await page.getByRole("button", { name: "Check my graph" }).click();
    await expect(page.getByTestId("construction-graph")).toContainText("Your graph computes the right function and is detailed.");
    await expect(page.getByTestId("check-refused-graph")).toHaveCount(0);
  });
});
