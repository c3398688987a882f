/**
 * The queue and the analytics keep what they read of every submission between requests (lib/review/
 * snapshot.ts), and two app instances share one database: what one instance wrote (a submission, an
 * override, a regrade of stored results) is what the other shows on its next request, and a staff
 * member opening a submission keeps what was read (it changes nothing there) while the queue still
 * shows it as opened.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAssignmentAnalytics } from "@/lib/analytics/assignment";
import { recordAudit } from "@/lib/audit";
import { createDb, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { overridePart } from "@/lib/review/override";
import { loadReviewQueue } from "@/lib/review/queue";
import { markViewed } from "@/lib/review/submission-page";
import { stampOf } from "@/lib/review/snapshot";
import { queueFiltersSchema } from "@/lib/validations/review";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { CE_FORMULA, CE_LOSS, reviewWorld, submit } from "../setup/review";

let t: TestDatabase;
/** A second app instance: its own client (and its own kept reads) on the same database. */
let other: Db;
let w: Awaited<ReturnType<typeof reviewWorld>>;
const now = new Date("2026-11-26T12:00:00Z");

beforeAll(async () => {
  t = await freshDatabase();
  other = createDb(t.url);
  w = await reviewWorld(t.db, now);
});
afterAll(async () => {
  await other.$disconnect();
  await t.dispose();
});

const rowOf = async (db: Db) => {
  const q = await loadReviewQueue(db, { assignmentId: w.hw.id, filters: queueFiltersSchema.parse({ problem: w.problems.ce }) });
  return q!.problems[0]!.rows.find((r) => r.student.id === w.users.student1!.id)!;
};
const ceAnalytics = async (db: Db) => (await loadAssignmentAnalytics(db, { assignmentId: w.hw.id }))!.problems.find((p) => p.id === w.problems.ce)!;
const stamp = (db: Db) => stampOf(db, { id: w.hw.id, courseId: w.hw.courseId, scoreRule: w.hw.scoreRule });

describe("what the staff pages keep between requests", () => {
  it("follows a submission and an override made by another instance, and keeps its reads when someone only opens a submission", async () => {
    const first = await submit(other, w.users.student1!, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: "-2.54692" }, now);
    let row = await rowOf(t.db);
    expect(row.counted!.id).toBe(first);
    expect(row.mistakes.map((m) => m.code)).toEqual(["sign-flip"]);
    expect((await ceAnalytics(t.db)).mistakes.map((m) => m.code)).toEqual(["sign-flip"]);
    const before = row.counted!.score;

    // An override on the other instance: a new stamp, and the new score here.
    const s0 = await stamp(t.db);
    const o = await overridePart(other, w.users.ta!, { submissionId: first, partId: "loss", score: "1", unit: "fraction", comment: "Sign slip only." });
    expect(o.ok).toBe(true);
    expect(await stamp(t.db)).not.toBe(s0);
    row = await rowOf(t.db);
    expect(row.counted!.score).toBeGreaterThan(before);
    expect(row.counted!.overriddenParts).toEqual(["loss"]);
    expect((await ceAnalytics(t.db)).mean).toBeCloseTo(row.counted!.score);

    // A new attempt on the other instance: counted, with its own (no) mistakes.
    const s1 = await stamp(t.db);
    const second = await submit(other, w.users.student1!, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: CE_LOSS }, new Date(now.getTime() + 60_000));
    expect(await stamp(t.db)).not.toBe(s1);
    row = await rowOf(t.db);
    expect(row.attempts).toBe(2);
    expect(row.counted!.id).toBe(second);
    expect(row.mistakes).toEqual([]);
    expect((await ceAnalytics(t.db)).mistakes).toEqual([]);

    // Opening it is no change to the submissions: the same stamp, and the queue still sees the view.
    const s2 = await stamp(t.db);
    expect(row.counted!.viewed).toBe(false);
    expect(await markViewed(other, w.users.ta!, { submissionId: second, courseId: w.hw.courseId })).toBe(true);
    expect(await stamp(t.db)).toBe(s2);
    expect((await rowOf(t.db)).counted!.viewed).toBe(true);

    // Stored results change only as a bulk regrade changes them: with its audit entry, in one transaction.
    const { results } = await other.submission.findUniqueOrThrow({ where: { id: first }, select: { results: true } });
    await other.$transaction(async (tx) => {
      await tx.submission.update({ where: { id: second }, data: { results: results as Prisma.InputJsonValue } });
      await recordAudit(tx, {
        actorId: w.users.instructor!.id,
        action: "submission.regrade",
        entityType: "submission",
        entityId: second,
        courseId: w.hw.courseId,
      });
    });
    expect((await rowOf(t.db)).mistakes.map((m) => m.code)).toEqual(["sign-flip"]);
    expect((await ceAnalytics(t.db)).mistakes.map((m) => m.code)).toEqual(["sign-flip"]);
  });
});
