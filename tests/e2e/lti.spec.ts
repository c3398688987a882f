/**
 * An LMS launch in a real browser: the simulated platform (tests/setup/lti-platform.ts) is
 * registered with the real `lti register` command; the browser follows the LMS's login initiation
 * to the tool, the tool's redirect to the platform's authorization endpoint, and the platform's
 * auto-submitted id_token form back to the tool, and lands signed in on the course with the role
 * the LMS gave.
 */
import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { formFields, ROLE, SimulatedPlatform } from "../setup/lti-platform";
import { lookup } from "./db";

let lms: SimulatedPlatform;

test.beforeAll(async () => {
  lms = await SimulatedPlatform.start({ clientId: `e2e-${crypto.randomBytes(4).toString("hex")}` });
  // A context of this run's own, so the course it creates is new.
  lms.context = { id: `ctx-${crypto.randomBytes(4).toString("hex")}`, label: "LTI E2E", title: "Launched from the LMS" };
  const cli = spawnSync(
    process.execPath,
    [
      path.join(process.cwd(), "node_modules/tsx/dist/cli.mjs"),
      "lib/cli/main.ts",
      "lti",
      "register",
      ...["--issuer", lms.issuer, "--client-id", lms.clientId, "--deployment-id", lms.deploymentId],
      ...["--auth-url", lms.authUrl, "--token-url", lms.tokenUrl, "--jwks-url", lms.jwksUrl],
    ],
    { env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL }, encoding: "utf8" },
  );
  expect(cli.status, cli.stderr).toBe(0);
});
test.afterAll(() => lms.close());

function roleOf(subject: string): string {
  const row = lookup(
    `SELECT m.role AS role FROM "Membership" m JOIN "LtiUserLink" l ON l."userId" = m."userId" JOIN "LtiContext" c ON c."courseId" = m."courseId" WHERE l.subject = ? AND c."contextId" = ?`,
    subject,
    lms.context.id,
  );
  return String(row.role);
}

test("an instructor's launch creates the course and opens it; a learner's launch lands on their dashboard with it", async ({ page, baseURL, browser }) => {
  const sub = `ada-${crypto.randomBytes(4).toString("hex")}`;
  lms.users.set("ada", { sub, name: "Ada Lovelace", email: `${sub}@uni.example`, roles: [ROLE.instructor] });
  await page.goto(lms.loginInitiationUrl(`${baseURL}/api/lti/login`, "ada", `${baseURL}/`));
  await expect(page).toHaveURL(/\/teach\/courses\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Launched from the LMS");
  await page.screenshot({ path: "tests/e2e/artifacts/lti-instructor.png", fullPage: true });
  expect(roleOf(sub)).toBe("INSTRUCTOR");
  // The platform was asked for an id_token the way the spec says.
  expect(lms.authRequests.at(-1)).toMatchObject({ response_mode: "form_post", prompt: "none", redirect_uri: `${baseURL}/api/lti/launch` });

  const learner = await browser.newPage();
  const benSub = `ben-${crypto.randomBytes(4).toString("hex")}`;
  lms.users.set("ben", { sub: benSub, name: "Ben Learner", email: `${benSub}@uni.example`, roles: [ROLE.learner] });
  await learner.goto(lms.loginInitiationUrl(`${baseURL}/api/lti/login`, "ben", `${baseURL}/`));
  await expect(learner).toHaveURL(/\/dashboard#course-/);
  await expect(learner.getByTestId("student-course").filter({ hasText: "Launched from the LMS" })).toBeVisible();
  await learner.screenshot({ path: "tests/e2e/artifacts/lti-learner.png", fullPage: true });
  expect(roleOf(benSub)).toBe("STUDENT");
  // Signed in as Ben: the staff page of the course is not his.
  const staffUrl = page.url();
  const response = await learner.goto(staffUrl);
  expect(response?.status()).toBe(403);
  await learner.close();
});

test("a forged launch (signed with a key the LMS never published) is refused with a page saying why, and signs nobody in", async ({ page, baseURL }) => {
  lms.users.set("eve", { sub: `eve-${crypto.randomBytes(4).toString("hex")}`, roles: [ROLE.learner] });
  lms.nextForgery = { rogueKey: true };
  await page.goto(lms.loginInitiationUrl(`${baseURL}/api/lti/login`, "eve", `${baseURL}/`));
  await expect(page).toHaveURL(/\/api\/lti\/launch$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The LMS launch was refused");
  await expect(page.locator("[data-reason]")).toHaveAttribute("data-reason", "bad-signature");
  await page.screenshot({ path: "tests/e2e/artifacts/lti-refused.png", fullPage: true });
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
});

test("login CSRF: an id_token and state obtained elsewhere, posted from a victim's browser, are refused and sign nobody in", async ({ page, baseURL }) => {
  // The attacker runs the login initiation outside the victim's browser and stops before the form post.
  const sub = `mallory-${crypto.randomBytes(4).toString("hex")}`;
  lms.users.set("mallory", { sub, name: "Mallory", roles: [ROLE.instructor] });
  const login = await fetch(lms.loginInitiationUrl(`${baseURL}/api/lti/login`, "mallory", `${baseURL}/`), { redirect: "manual" });
  expect(login.status).toBe(302);
  const { action, fields } = formFields(await (await fetch(login.headers.get("location")!)).text());
  // The victim's browser is made to post it (a page the attacker controls, auto-submitting the form).
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
    .join("");
  await page.setContent(`<form method="post" action="${action}">${inputs}<button>go</button></form>`);
  await page.getByRole("button", { name: "go" }).click();
  await expect(page).toHaveURL(/\/api\/lti\/launch$/);
  await expect(page.locator("[data-reason]")).toHaveAttribute("data-reason", "not-this-browser");
  await expect(page.locator("[data-reason]")).toContainText("not started in this browser");
  await page.screenshot({ path: "tests/e2e/artifacts/lti-login-csrf.png", fullPage: true });
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
  expect(Number(lookup(`SELECT COUNT(*) AS n FROM "LtiUserLink" WHERE subject = ?`, sub).n)).toBe(0);
});
