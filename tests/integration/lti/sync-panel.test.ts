/**
 * The LMS grade sync panel's logic (lib/lti/sync-panel.ts): counts and failing rows as staff see them,
 * "Sync now" sending a course's waiting scores at once, and only for that course's staff.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainScores } from "@/lib/lti/grade-passback";
import { publishedJwks } from "@/lib/lti/keys";
import { registerPlatform } from "@/lib/lti/registration";
import { lmsSyncView, syncGradesNow } from "@/lib/lti/sync-panel";
import { freshDatabase, type TestDatabase } from "../../setup/database";
import { SimulatedPlatform } from "../../setup/lti-platform";
import { CE_FORMULA, CE_LOSS, reviewWorld, submit, type User } from "../../setup/review";

const now = new Date("2026-11-26T12:00:00Z");
let t: TestDatabase;
let lms: SimulatedPlatform;
let w: Awaited<ReturnType<typeof reviewWorld>>;
let student: User;

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
  const platform = await t.db.ltiPlatform.findFirstOrThrow();
  // The homework's course is linked to the LMS context, its resource link to the homework, and the
  // demo's first student to an LMS account (as launches would have done).
  const context = await t.db.ltiContext.create({
    data: { platformId: platform.id, contextId: lms.context.id, courseId: w.hw.courseId, membershipsUrl: lms.services.membershipsUrl },
  });
  await t.db.ltiResourceLink.create({
    data: { contextId: context.id, resourceLinkId: "rl-1", assignmentId: w.hw.id, lineItemsUrl: lms.services.lineItemsUrl },
  });
  student = w.users.student1!;
  await t.db.ltiUserLink.create({ data: { issuer: lms.issuer, subject: "lms-student-1", userId: student.id } });
});
afterAll(async () => {
  await lms.close();
  await t.dispose();
});

describe("LMS grade sync panel", () => {
  it("is absent for a course not linked to an LMS", async () => {
    const other = await t.db.course.findFirstOrThrow({ where: { id: { not: w.hw.courseId } } });
    expect(await lmsSyncView(t.db, other.id)).toBeNull();
  });

  it("shows a score failing during an outage with its student, assignment, attempts and error", async () => {
    await submit(t.db, student, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: CE_LOSS }, now);
    expect(await lmsSyncView(t.db, w.hw.courseId)).toMatchObject({ delivered: 0, pending: 1, failing: 0, failingRows: [], rosterService: true });
    lms.services.scoresDown = true;
    await drainScores(t.db, { now: new Date() });
    const view = await lmsSyncView(t.db, w.hw.courseId);
    expect(view).toMatchObject({ delivered: 0, pending: 0, failing: 1 });
    expect(view!.failingRows).toEqual([
      expect.objectContaining({ student: student.name, assignment: w.hw.title, attempts: 1, lastError: expect.stringMatching(/answered 503/) as unknown }),
    ]);
    expect(view!.failingRows[0]!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("a student cannot sync: refused, nothing sent, nothing audited", async () => {
    lms.services.scoresDown = false;
    const attempts = lms.services.scoreAttempts.length;
    expect(await syncGradesNow(t.db, student, w.hw.courseId)).toEqual({ ok: false, error: "forbidden" });
    expect(lms.services.scoreAttempts.length).toBe(attempts);
    expect(await t.db.auditLog.count({ where: { action: "lti.grades.sync" } })).toBe(0);
    expect((await lmsSyncView(t.db, w.hw.courseId))!.failing).toBe(1);
  });

  it("a TA's 'Sync now' sends the waiting score at once, despite its backoff, and is audited", async () => {
    expect(await syncGradesNow(t.db, w.users.ta!, w.hw.courseId)).toEqual({ ok: true, delivered: 1, failed: 0 });
    expect(lms.services.scores).toHaveLength(1);
    expect(lms.services.scores[0]!.userId).toBe("lms-student-1");
    expect(await lmsSyncView(t.db, w.hw.courseId)).toMatchObject({ delivered: 1, pending: 0, failing: 0, failingRows: [] });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.grades.sync" } });
    expect(audit).toMatchObject({ actorId: w.users.ta!.id, courseId: w.hw.courseId, after: { delivered: 1, failed: 0 } });
  });
});
