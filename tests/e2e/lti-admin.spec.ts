/**
 * The LMS registrations page (app/(staff)/lti) in a real browser: a site admin registers an LMS
 * (a wrong field is flagged next to itself), sees the URLs to paste into the LMS, rotates the tool's
 * keys (the published kid changes), and the registered LMS, and only it, may then frame the app.
 * Anyone else is refused the page.
 */
import { expect, test } from "@playwright/test";
import crypto from "node:crypto";
import http from "node:http";
import { freePort } from "../setup/free-port";
import { screenshot, signIn } from "./helpers";

const suffix = crypto.randomBytes(4).toString("hex");
// A made-up local LMS: only its course page is served (below); its origin is what may frame the app.
let lmsPort = 0;
let LMS = "";
test.beforeAll(async () => {
  lmsPort = await freePort();
  LMS = `http://127.0.0.1:${lmsPort}`;
});

test("a site admin registers an LMS, sees the tool URLs, rotates keys; the LMS may then frame the app", async ({ page, baseURL, request, browser }) => {
  page.on("dialog", (d) => void d.accept());
  await signIn(page, "admin@chainrule.test");
  await page.getByRole("link", { name: "LMS", exact: true }).click();
  await expect(page).toHaveURL(/\/lti$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("LMS registrations (LTI 1.3)");
  await expect(page.getByTestId("url-login")).toHaveText(`${baseURL}/api/lti/login`);
  await expect(page.getByTestId("url-launch")).toHaveText(`${baseURL}/api/lti/launch`);
  await expect(page.getByTestId("url-deep-linking")).toHaveText(`${baseURL}/api/lti/launch`);
  await expect(page.getByTestId("url-jwks")).toHaveText(`${baseURL}/api/lti/jwks`);

  // A wrong field: the error is next to it (inside its own field block), and nothing is registered.
  const form = page.getByTestId("register-form");
  await form.getByLabel("Issuer (platform ID)").fill("http://lms.example.edu");
  await form.getByLabel("Client ID").fill(`client-${suffix}`);
  await form.getByLabel("Deployment IDs").fill("1");
  await form.getByLabel("Authentication request URL").fill(`${LMS}/auth`);
  await form.getByLabel("Access token URL").fill(`${LMS}/token`);
  await form.getByLabel("Platform keyset (JWKS) URL").fill(`${LMS}/jwks`);
  await form.getByRole("button", { name: "Register" }).click();
  const issuerField = form.locator('[data-field="issuer"]');
  await expect(issuerField.getByTestId("error-issuer")).toContainText("https URL");
  await expect(form.getByLabel("Issuer (platform ID)")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toHaveCount(1);
  await screenshot(page, "lti-admin-error");

  await form.getByLabel("Issuer (platform ID)").fill(LMS);
  await form.getByRole("button", { name: "Register" }).click();
  await expect(form.getByTestId("registered")).toBeVisible();
  const registration = page.getByTestId("registration").filter({ hasText: `client-${suffix}` });
  await expect(registration).toBeVisible();
  await expect(registration).toContainText(`${LMS}/jwks`);

  // The registered LMS may frame the app; X-Frame-Options no longer contradicts the CSP.
  // The server runs several worker processes: the one that registered knows at once, the others
  // within their 30 s cache (lib/lti/framing.ts).
  const frameAncestors = async () => {
    // A new connection each time: the server's cluster hands connections, not requests, to its workers.
    const response = await request.get("/signin", { headers: { connection: "close" } });
    const csp = response.headers()["content-security-policy"] ?? "";
    return { sources: /frame-ancestors ([^;]*)/.exec(csp)?.[1]?.split(" ") ?? [], xfo: response.headers()["x-frame-options"] ?? null };
  };
  const allWorkersKnow = async () => {
    for (let i = 0; i < 8; i++) if (!(await frameAncestors()).sources.includes(LMS)) return false;
    return true;
  };
  await expect.poll(allWorkersKnow, { timeout: 40_000, intervals: [1000] }).toBe(true);
  const now = await frameAncestors();
  expect(now.sources).not.toContain("'none'");
  expect(now.xfo).toBeNull();

  // Rotating the keys publishes a new current kid, shown on the page.
  const before = ((await (await request.get("/api/lti/jwks")).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
  await page.getByTestId("rotate-keys").click();
  await expect(page.getByTestId("rotated")).toBeVisible();
  const after = ((await (await request.get("/api/lti/jwks")).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
  expect(before).not.toContain(after[0]);
  await expect(page.getByTestId("kid").first()).toHaveText(after[0]!);
  await screenshot(page, "lti-admin-registered");

  // In a page of the LMS's origin, the app shows in a frame; in another origin's page it does not.
  // A real local server (a page fulfilled by Playwright counts as public, and Chromium would block
  // its frame to a local address for that reason alone).
  const lmsPage = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><h1>LMS course</h1><iframe src="${baseURL}/signin" width="800" height="500"></iframe>`);
  });
  await new Promise<void>((resolve) => lmsPage.listen(lmsPort, resolve));
  const framed = async (origin: string) => {
    // A browser without the admin's session: /signin shows its form rather than moving on.
    const context = await browser.newContext();
    const host = await context.newPage();
    await host.goto(`${origin}/course`);
    const shown = await host
      .frameLocator("iframe")
      .getByRole("heading", { name: "Sign in to Chainrule" })
      .waitFor({ timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    await screenshot(host, `lti-admin-framed-${origin === LMS ? "lms" : "other"}`);
    await context.close();
    return shown;
  };
  // Polled like the headers above: the browser's connection may reach a worker whose cache is not yet fresh.
  await expect.poll(() => framed(LMS), { timeout: 45_000, intervals: [1000] }).toBe(true);
  // The same page under another origin (localhost is not 127.0.0.1 to the browser): refused.
  expect(await framed(`http://localhost:${lmsPort}`)).toBe(false);
  await new Promise((resolve) => lmsPage.close(resolve));

  // Delete, after the confirmation.
  await registration.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("registration").filter({ hasText: `client-${suffix}` })).toHaveCount(0);
});

test("the registrations page is refused to anyone but a site admin", async ({ page }) => {
  await signIn(page, "instructor@chainrule.test");
  await expect(page.getByRole("link", { name: "LMS", exact: true })).toHaveCount(0);
  const response = await page.goto("/lti");
  expect(response?.status()).toBe(403);
  await screenshot(page, "lti-admin-refused");
});
