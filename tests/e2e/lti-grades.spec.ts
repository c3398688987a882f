/**
 * Grade passback and roster sync in a real browser, against the simulated LMS's services
 * (tests/setup/lti-platform.ts): the token endpoint checks the tool's client assertion against the
 * tool's own /api/lti/jwks. A learner's graded submission (through the real submit path) waits in the
 * outbox while the LMS's scores endpoint is down; the course's "LMS grade sync" panel shows it failing
 * with the LMS's error, and "Sync now" delivers it once the LMS is back. "Sync roster from the LMS"
 * reads the paged memberships and says what it did. The panel is not the learner's to see.
 */
import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { ROLE, SimulatedPlatform } from "../setup/lti-platform";
import { addAssignment, lookup, withDb } from "./db";
import { screenshot } from "./helpers";
import { submitAs } from "./review-db";

let lms: SimulatedPlatform;

test.beforeAll(async () => {
  lms = await SimulatedPlatform.start({ clientId: `e2e-grades-${crypto.randomBytes(4).toString("hex")}` });
  lms.context = { id: `ctx-${crypto.randomBytes(4).toString("hex")}`, label: "LTI GRADES", title: "Grades to the LMS" };
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

test("a learner's score waits while the LMS is down, shows as failing on the staff panel, and 'Sync now' delivers it once", async ({
  page,
  baseURL,
  browser,
}) => {
  lms.services.toolJwks = `${baseURL}/api/lti/jwks`;
  lms.services.scoresDown = true;
  const adaSub = `ada-${crypto.randomBytes(4).toString("hex")}`;
  lms.users.set("ada", { sub: adaSub, name: "Ada Instructor", email: `${adaSub}@uni.example`, roles: [ROLE.instructor] });
  await page.goto(lms.loginInitiationUrl(`${baseURL}/api/lti/login`, "ada", `${baseURL}/`));
  await expect(page).toHaveURL(/\/teach\/courses\/[^/]+$/);
  const panel = page.getByTestId("lms-sync");
  await expect(panel.getByRole("heading", { name: "LMS grade sync" })).toBeVisible();
  await expect(panel.getByTestId("lms-failing")).toHaveText("0 failing");

  // The link opens an assignment of the course (deep linking's job; set here directly).
  const course = lookup(`SELECT c.id AS id, c.code AS code FROM "Course" c JOIN "LtiContext" x ON x."courseId" = c.id WHERE x."contextId" = ?`, lms.context.id);
  const assignmentId = addAssignment({
    title: "Backprop by hand (LMS)",
    courseCode: String(course.code),
    opensAt: new Date(Date.now() - 86_400_000),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    maxAttempts: null,
    problems: [["seed-std-dev", 10]],
  });
  withDb((db) =>
    db
      .prepare(`UPDATE "LtiResourceLink" SET "assignmentId" = ? WHERE "contextId" = (SELECT id FROM "LtiContext" WHERE "contextId" = ?)`)
      .run(assignmentId, lms.context.id),
  );

  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  const benSub = `ben-${crypto.randomBytes(4).toString("hex")}`;
  const benEmail = `${benSub}@uni.example`;
  lms.users.set("ben", { sub: benSub, name: "Ben Learner", email: benEmail, roles: [ROLE.learner] });
  await learner.goto(lms.loginInitiationUrl(`${baseURL}/api/lti/login`, "ben", `${baseURL}/`));
  // The link names its assignment, so the launch opens it.
  await expect(learner).toHaveURL(/\/assignments\/[^/]+$/);
  // The staff page (and so its panel and actions) is not the learner's.
  expect((await learner.goto(`/teach/courses/${String(course.id)}`))?.status()).toBe(403);
  await learnerContext.close();

  // Ben's own reference answers: full marks, 10 of 10 points.
  submitAs([{ email: benEmail, assignmentId, problemSlug: "seed-std-dev" }]);

  await page.getByTestId("lms-sync-now").click();
  await expect(page.getByTestId("lms-sync-result")).toHaveText("0 scores delivered, 1 failed.");
  await page.reload();
  await expect(panel.getByTestId("lms-failing")).toHaveText("1 failing");
  const failure = panel.getByTestId("lms-failures").getByRole("row").filter({ hasText: "Ben Learner" });
  await expect(failure).toContainText("Backprop by hand (LMS)");
  await expect(failure).toContainText("503");
  await screenshot(page, "lti-grades-failing");
  expect(lms.services.scores).toHaveLength(0);

  lms.services.scoresDown = false;
  await page.getByTestId("lms-sync-now").click();
  await expect(page.getByTestId("lms-sync-result")).toHaveText("1 score delivered, 0 failed.");
  await expect(panel.getByTestId("lms-delivered")).toHaveText("1 score delivered");
  await expect(panel.getByTestId("lms-failing")).toHaveText("0 failing");
  await expect(panel.getByTestId("lms-failures")).toHaveCount(0);
  await screenshot(page, "lti-grades-delivered");
  expect(lms.services.scores).toHaveLength(1);
  expect(lms.services.scores[0]).toMatchObject({ userId: benSub, scoreGiven: 10, scoreMaximum: 10, gradingProgress: "FullyGraded" });
  // The line item the tool created for the link carries the assignment's points.
  expect(lms.services.lineItems).toEqual([expect.objectContaining({ scoreMaximum: 10, label: "Backprop by hand (LMS)", resourceLinkId: lms.resourceLink.id })]);

  // A second "Sync now" has nothing to send: the score is never sent twice.
  await page.getByTestId("lms-sync-now").click();
  await expect(page.getByTestId("lms-sync-result")).toHaveText("0 scores delivered, 0 failed.");
  expect(lms.services.scores).toHaveLength(1);
});

test("'Sync roster from the LMS' reads every page of the memberships and says what it did", async ({ page, baseURL }) => {
  lms.services.toolJwks = `${baseURL}/api/lti/jwks`;
  const adaSub = `ada2-${crypto.randomBytes(4).toString("hex")}`;
  lms.users.set("ada2", { sub: adaSub, name: "Ada Instructor", roles: [ROLE.instructor] });
  await page.goto(lms.loginInitiationUrl(`${baseURL}/api/lti/login`, "ada2", `${baseURL}/`));
  // The link now opens its assignment (the test above gave it one); the panel is on the course's page.
  await expect(page).toHaveURL(/\/teach\/assignments\/[^/]+$/);
  const course = lookup(`SELECT c.id AS id FROM "Course" c JOIN "LtiContext" x ON x."courseId" = c.id WHERE x."contextId" = ?`, lms.context.id);
  await page.goto(`/teach/courses/${String(course.id)}`);
  const tag = crypto.randomBytes(3).toString("hex");
  lms.services.pageSize = 2;
  lms.services.members.splice(
    0,
    lms.services.members.length,
    { user_id: adaSub, roles: [ROLE.instructor], name: "Ada Instructor" },
    { user_id: `cho-${tag}`, roles: [ROLE.learner], name: `Cho Roster ${tag}` },
    { user_id: `tia-${tag}`, roles: [ROLE.instructor, ROLE.ta], name: `Tia Roster ${tag}` },
  );
  await page.getByTestId("lms-sync-roster").click();
  await expect(page.getByTestId("lms-sync-result")).toContainText("Roster synced: 3 listed in the LMS, 2 new accounts, 2 added");
  await page.reload();
  await expect(
    page
      .getByTestId("roster")
      .getByRole("row")
      .filter({ hasText: `Cho Roster ${tag}` }),
  ).toContainText("Student");
  await expect(
    page
      .getByTestId("roster")
      .getByRole("row")
      .filter({ hasText: `Tia Roster ${tag}` }),
  ).toContainText("Teaching assistant");
  await screenshot(page, "lti-roster-synced");
});
