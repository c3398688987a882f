/**
 * Grade passback (LTI AGS 2.0) against the simulated LMS over real HTTP: a learner launched from the
 * LMS submits; the score goes through the outbox to the platform's line item (which the tool creates),
 * with an access token the platform grants only for an assertion signed by a key in the tool's JWKS.
 * The score endpoint's outage is retried with backoff and the score arrives once; an override sends
 * the new score.
 */
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishedJwks } from "@/lib/lti/keys";
import { backoffMs, drainScores } from "@/lib/lti/grade-passback";
import { registerPlatform } from "@/lib/lti/registration";
import { ltiLaunch, ltiLogin } from "@/lib/lti/routes";
import { forgetServiceTokens } from "@/lib/lti/service-token";
import { applyBulkRegrade, planBulkRegrade } from "@/lib/review/bulk-regrade";
import { overridePart } from "@/lib/review/override";
import { freshDatabase, type TestDatabase } from "../../setup/database";
import { formFields, LTI, ROLE, SimulatedPlatform } from "../../setup/lti-platform";
import { CE_FORMULA, CE_LOSS, reviewWorld, submit, type User } from "../../setup/review";
import { stateCookie } from "./state-cookie";

const TOOL = "http://127.0.0.1:3999";
process.env.NEXTAUTH_URL = TOOL;
const now = new Date("2026-11-26T12:00:00Z");

let t: TestDatabase;
let lms: SimulatedPlatform;
let w: Awaited<ReturnType<typeof reviewWorld>>;
let learner: User;

async function launch(loginHint: string, claims: Record<string, unknown>) {
  const login = await ltiLogin(t.db, new Request(lms.loginInitiationUrl(`${TOOL}/api/lti/login`, loginHint, `${TOOL}/`)));
  lms.nextForgery = { claims };
  const { action, fields } = formFields(await (await fetch(login.headers.get("location")!)).text());
  return ltiLaunch(t.db, new Request(action, { method: "POST", body: new URLSearchParams(fields), headers: { cookie: stateCookie(login) } }));
}

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
  lms = await SimulatedPlatform.start();
  lms.services.toolJwks = () => publishedJwks(t.db);
  await registerPlatform(t.db, {
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentIds: [lms.deploymentId],
    authUrl: lms.authUrl,
    tokenUrl: lms.tokenUrl,
    jwksUrl: lms.jwksUrl,
  });
  // The LMS course is the homework's course (linked earlier by an instructor's launch).
  const platformId = (await t.db.ltiPlatform.findFirstOrThrow()).id;
  await t.db.ltiContext.create({ data: { platformId, contextId: lms.context.id, courseId: w.hw.courseId, title: "DL" } });
  lms.users.set("hint-lea", { sub: "lms-user-lea", name: "Lea Learner", email: "lea@uni.example", roles: [ROLE.learner] });
  const response = await launch("hint-lea", { [LTI.custom]: { assignment_id: w.hw.id } });
  expect(response.status).toBe(303);
  const link = await t.db.ltiUserLink.findUniqueOrThrow({
    where: { issuer_subject: { issuer: lms.issuer, subject: "lms-user-lea" } },
    include: { user: true },
  });
  learner = link.user;
});
afterAll(async () => {
  await lms.close();
  await t.dispose();
});

const hwPoints = async () => (await t.db.assignmentProblem.findMany({ where: { assignmentId: w.hw.id } })).reduce((s, p) => s + p.points, 0);
const cePoints = async () => (await t.db.assignmentProblem.findFirstOrThrow({ where: { assignmentId: w.hw.id, problemId: w.problems.ce } })).points;

describe("LTI grade passback", () => {
  it("the launch stores the AGS and NRPS endpoints and the assignment with the resource link and context", async () => {
    const link = await t.db.ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: lms.resourceLink.id }, include: { context: true } });
    expect(link).toMatchObject({ assignmentId: w.hw.id, lineItemsUrl: lms.services.lineItemsUrl, lineItemUrl: null });
    expect(link.agsScopes).toContain("https://purl.imsglobal.org/spec/lti-ags/scope/score");
    expect(link.context.membershipsUrl).toBe(lms.services.membershipsUrl);
  });

  it("a token request signed by a key the platform does not know is refused by the platform, and the tool records the error", async () => {
    const rogue = await generateKeyPair("RS256", { extractable: true });
    const published = await publishedJwks(t.db);
    // The platform holds another key under the tool's kid: the assertion's signature cannot verify.
    lms.services.toolJwks = async () => ({ keys: [{ ...(await exportJWK(rogue.publicKey)), kid: published.keys[0]!.kid, alg: "RS256" }] });
    await submit(t.db, learner, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: CE_LOSS }, now);
    const result = await drainScores(t.db, { now: new Date() });
    expect(result).toMatchObject({ delivered: 0, failed: 1 });
    expect(lms.services.tokenRefusals.at(-1)).toMatch(/client assertion refused: signature verification failed/);
    const row = await t.db.ltiScoreOutbox.findFirstOrThrow({ where: { userId: learner.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(row.lastError).toMatch(/token endpoint .*\/token answered 401/);
    expect(lms.services.scores).toHaveLength(0);
    lms.services.toolJwks = () => publishedJwks(t.db);
  });

  it("during the score endpoint's outage the row waits with backoff; after recovery the score arrives exactly once, with the right values", async () => {
    lms.services.scoresDown = true;
    const row0 = await t.db.ltiScoreOutbox.findFirstOrThrow({ where: { userId: learner.id } });
    const t1 = new Date(row0.nextAttemptAt.getTime() + 1000);
    expect(await drainScores(t.db, { now: t1 })).toMatchObject({ delivered: 0, failed: 1 });
    const row1 = await t.db.ltiScoreOutbox.findUniqueOrThrow({ where: { id: row0.id } });
    expect(row1.attempts).toBe(2);
    expect(row1.lastError).toMatch(/scores endpoint of .* answered 503/);
    expect(row1.nextAttemptAt.getTime()).toBe(t1.getTime() + backoffMs(2));
    expect(backoffMs(2)).toBeGreaterThan(backoffMs(1));
    // Not due yet: nothing is tried.
    const before = lms.services.scoreAttempts.length;
    expect(await drainScores(t.db, { now: new Date(t1.getTime() + backoffMs(2) - 1000) })).toMatchObject({ delivered: 0, failed: 0 });
    expect(lms.services.scoreAttempts.length).toBe(before);

    lms.services.scoresDown = false;
    const t2 = new Date(t1.getTime() + backoffMs(2) + 1000);
    expect(await drainScores(t.db, { now: t2 })).toMatchObject({ delivered: 1, failed: 0 });
    expect(await drainScores(t.db, { now: new Date(t2.getTime() + 24 * 3600_000) })).toMatchObject({ delivered: 0, failed: 0 });
    expect(lms.services.scoreAttempts.map((a) => a.status)).toEqual([503, 200]);
    expect(lms.services.lineItems).toEqual([
      { id: `${lms.services.lineItemsUrl}/1`, scoreMaximum: await hwPoints(), label: w.hw.title, resourceLinkId: lms.resourceLink.id, resourceId: w.hw.id },
    ]);
    expect(lms.services.scores).toEqual([
      {
        lineItem: `${lms.services.lineItemsUrl}/1`,
        userId: "lms-user-lea",
        scoreGiven: await cePoints(),
        scoreMaximum: await hwPoints(),
        activityProgress: "Submitted",
        gradingProgress: "FullyGraded",
        timestamp: row0.scoredAt.toISOString(),
      },
    ]);
    const row = await t.db.ltiScoreOutbox.findUniqueOrThrow({ where: { id: row0.id } });
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 3, lastError: null });
    expect((await t.db.ltiResourceLink.findFirstOrThrow()).lineItemUrl).toBe(`${lms.services.lineItemsUrl}/1`);
  });

  it("a TA's override sends the new score, later-stamped; the same score is not queued twice", async () => {
    const submission = await t.db.submission.findFirstOrThrow({ where: { userId: learner.id } });
    const r = await overridePart(t.db, w.users.ta!, { submissionId: submission.id, partId: "loss", score: "0", unit: "fraction", comment: "Units missing." });
    expect(r.ok).toBe(true);
    const after = (await t.db.submission.findUniqueOrThrow({ where: { id: submission.id } })).score;
    expect(after).toBeLessThan(1);
    await drainScores(t.db, { now: new Date(Date.now() + 1000) });
    expect(lms.services.scores).toHaveLength(2);
    const last = lms.services.scores.at(-1)!;
    expect(last.scoreGiven).toBeCloseTo(after * (await cePoints()));
    expect(Date.parse(last.timestamp)).toBeGreaterThan(Date.parse(lms.services.scores[0]!.timestamp));

    // The same final score again (another override to the same value) queues nothing.
    await overridePart(t.db, w.users.ta!, { submissionId: submission.id, partId: "loss", score: "0", unit: "fraction", comment: "Still missing." });
    expect(await t.db.ltiScoreOutbox.count({ where: { userId: learner.id, status: "PENDING" } })).toBe(0);
  });

  it("a newer pending score replaces the older one for the same student and link", async () => {
    forgetServiceTokens();
    lms.services.scoresDown = true;
    const submission = await t.db.submission.findFirstOrThrow({ where: { userId: learner.id } });
    await overridePart(t.db, w.users.ta!, { submissionId: submission.id, partId: "loss", score: "0.5", unit: "fraction", comment: "Half." });
    await overridePart(t.db, w.users.ta!, { submissionId: submission.id, partId: "loss", score: "1", unit: "fraction", comment: "Full." });
    const pending = await t.db.ltiScoreOutbox.findMany({ where: { userId: learner.id, status: "PENDING" } });
    expect(pending).toHaveLength(1);
    expect(pending[0]!.scoreGiven).toBeCloseTo(await cePoints());
    lms.services.scoresDown = false;
    await drainScores(t.db, { now: new Date(Date.now() + 1000) });
    expect(lms.services.scores.at(-1)!.scoreGiven).toBeCloseTo(await cePoints());
  });

  it("a student of the course without an LTI link queues nothing", async () => {
    const count = await t.db.ltiScoreOutbox.count();
    await submit(t.db, w.users.student1!, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: CE_LOSS }, now);
    expect(await t.db.ltiScoreOutbox.count()).toBe(count);
  });

  it("a bulk regrade against a corrected version (overrides replaced) sends the student's new score", async () => {
    const latest = await t.db.problemVersion.findFirstOrThrow({ where: { problemId: w.problems.ce }, orderBy: { version: "desc" } });
    const content = structuredClone(latest.content) as { title: string; parameters: { Y: { value: number[][] } } };
    content.parameters.Y.value[0]![0] = 0.95;
    await t.db.problemVersion.create({
      data: { problemId: w.problems.ce, version: latest.version + 1, content, source: "edited", contentHash: "fix-0.95", title: "Cross-entropy, corrected" },
    });
    const moves = new Map([[w.problems.ce, latest.version + 1]]);
    const plan = await planBulkRegrade(t.db, { assignmentId: w.hw.id, replaceOverrides: true, moves });
    const r = await applyBulkRegrade(t.db, w.users.instructor!, { assignmentId: w.hw.id, replaceOverrides: "1", versions: plan!.versions });
    expect(r).toMatchObject({ ok: true, moved: 1 });
    const score = (await t.db.submission.findFirstOrThrow({ where: { userId: learner.id } })).score;
    expect(score).toBeLessThan(1);
    const sent = lms.services.scores.length;
    expect(await drainScores(t.db, { now: new Date(Date.now() + 1000) })).toMatchObject({ delivered: 1, failed: 0 });
    expect(lms.services.scores).toHaveLength(sent + 1);
    expect(lms.services.scores.at(-1)!.scoreGiven).toBeCloseTo(score * (await cePoints()));
  });
});
