/**
 * LTI Deep Linking in a real browser: an instructor opens the LMS's "add external tool" (the simulated
 * platform's deep linking launch), picks an assignment on the tool's picker, and the browser carries
 * the signed response back to the platform, which verifies it with the tool's JWKS and records the
 * content item and its line item. A learner's launch of the link that made then opens the assignment.
 */
import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { ROLE, SimulatedPlatform } from "../setup/lti-platform";
import { addAssignment, lookup } from "./db";
import { screenshot } from "./helpers";

let lms: SimulatedPlatform;
const run = crypto.randomBytes(4).toString("hex");

test.beforeAll(async () => {
  lms = await SimulatedPlatform.start({ clientId: `e2e-dl-${run}` });
  lms.context = { id: `ctx-dl-${run}`, label: `DL LTI ${run}`, title: `Neural networks (LMS ${run})` };
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

test("an instructor adds an assignment from the LMS's tool dialog; the LMS verifies the signed item; a learner's launch of it opens the assignment", async ({
  page,
  baseURL,
  browser,
}) => {
  lms.toolJwks = `${baseURL}/api/lti/jwks`;
  lms.users.set("ada", { sub: `ada-${run}`, name: "Ada Lovelace", email: `ada-${run}@uni.example`, roles: [ROLE.instructor] });
  // The first launch makes the course; then it gets two assignments (the UI's own forms are tested elsewhere).
  await page.goto(lms.loginInitiationUrl(`${baseURL}/api/lti/login`, "ada", `${baseURL}/`));
  await expect(page).toHaveURL(/\/teach\/courses\/[^/]+$/);
  const course = lookup(`SELECT c.code AS code FROM "Course" c JOIN "LtiContext" x ON x."courseId" = c.id WHERE x."contextId" = ?`, lms.context.id);
  const day = 86_400_000;
  const title = `Backprop through a neuron ${run}`;
  const assignmentId = addAssignment({
    title,
    courseCode: String(course.code),
    opensAt: new Date(Date.now() - day),
    dueAt: new Date(Date.now() + 7 * day),
    maxAttempts: null,
    problems: [
      ["sigmoid-neuron", 5],
      ["add-mul-gate", 3],
    ],
  });
  addAssignment({
    title: `Warm-up ${run}`,
    courseCode: String(course.code),
    opensAt: new Date(Date.now() - day),
    dueAt: new Date(Date.now() + 2 * day),
    maxAttempts: null,
    problems: [["add-mul-gate", 2]],
  });

  // "Add external tool" in the LMS: the deep linking launch lands on the picker.
  await page.goto(lms.deepLinkingLoginUrl(`${baseURL}/api/lti/login`, "ada", `${baseURL}/api/lti/launch`));
  await expect(page).toHaveURL(/\/teach\/lti\/deep-link\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Add to the LMS");
  const row = page.getByTestId("deep-link-choices").getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("8");
  await expect(page.getByTestId("deep-link-choices").getByRole("row")).toHaveCount(3);
  await screenshot(page, "lti-deep-linking-picker");
  const picker = page.url();
  // The same picker in Chinese.
  const host = new URL(baseURL!).hostname;
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", domain: host, path: "/" }]);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("添加到 LMS");
  await expect(row.getByRole("button")).toHaveText(`添加到 Neural networks (LMS ${run})`);
  await screenshot(page, "lti-deep-linking-picker-zh");
  await page.context().clearCookies({ name: "NEXT_LOCALE" });
  await page.reload();

  await row.getByRole("button", { name: `Add to Neural networks (LMS ${run}): ${title}` }).click();
  // The tool's page posts the signed response to the LMS, which shows what it added.
  await expect(page).toHaveURL(lms.deepLinkReturnUrl);
  await expect(page.getByTestId("lms-item")).toHaveText([title]);
  expect(lms.deepLinkingErrors).toEqual([]);
  const received = lms.deepLinkingResponses.at(-1)!;
  expect(received.data).toBe("dl-data-opaque");
  expect(received.contentItems).toEqual([
    {
      type: "ltiResourceLink",
      title,
      url: `${baseURL}/api/lti/launch?assignment=${assignmentId}`,
      custom: { assignment_id: assignmentId },
      lineItem: { scoreMaximum: 8, label: title, resourceId: assignmentId },
    },
  ]);

  // The request was used up: the picker says so instead of offering it again.
  await page.goto(picker);
  await expect(page.getByTestId("deep-link-refused")).toHaveAttribute("data-reason", "gone");

  // A learner opens the new link in the LMS and lands on the assignment.
  const learner = await browser.newPage();
  lms.users.set("ben", { sub: `ben-${run}`, name: "Ben Learner", email: `ben-${run}@uni.example`, roles: [ROLE.learner] });
  await learner.goto(lms.resourceLinkLoginUrl(`${baseURL}/api/lti/login`, "ben", lms.createdLinks.at(-1)!));
  await expect(learner).toHaveURL(`${baseURL}/assignments/${assignmentId}`);
  await expect(learner.getByRole("heading", { level: 1 })).toContainText(title);
  await screenshot(learner, "lti-deep-linking-learner");
  const link = lookup(`SELECT "assignmentId" AS a FROM "LtiResourceLink" WHERE "resourceLinkId" = ?`, lms.createdLinks.at(-1)!.resourceLinkId);
  expect(link.a).toBe(assignmentId);
  await learner.close();
});
