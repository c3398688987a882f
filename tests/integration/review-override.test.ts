import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSubmissionPage } from "@/lib/assignments/student-pages";
import { overridePart } from "@/lib/review/override";
import { loadReviewQueue } from "@/lib/review/queue";
import { regradeThreads, requestRegrade, respondRegrade } from "@/lib/review/regrade";
import { loadStaffSubmission } from "@/lib/review/submission-page";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { granted } from "../setup/granted";
import { CE_FORMULA, CE_LOSS, reviewWorld, submit } from "../setup/review";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
let bob: string;
let alice: string;
const now = new Date("2026-11-26T12:00:00Z");
const tr = (key: string, params?: Record<string, string | number>) => `${key}${params ? JSON.stringify(params) : ""}`;

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
  // Bob submits late (20 % off) with the loss's sign flipped and no formula: 0 of 5 points.
  bob = await submit(t.db, w.users.student2!, w.hw.id, w.problems.ce, { loss: "-2.54692" }, new Date(w.hw.dueAt.getTime() + 3_600_000));
  alice = await submit(t.db, w.users.student1!, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: CE_LOSS }, now);
});
afterAll(() => t.dispose());

/** Everything an override or a regrade may touch, to show a refusal changed nothing. */
async function snapshot() {
  const [s, overrides, audit, requests] = await Promise.all([
    t.db.submission.findMany({ orderBy: { id: "asc" }, select: { id: true, score: true } }),
    t.db.scoreOverride.count(),
    t.db.auditLog.count(),
    t.db.regradeRequest.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, response: true } }),
  ]);
  return { s, overrides, audit, requests };
}

describe("overriding a part's score", () => {
  it("recomputes the submission's score with the late penalty and records the change in the audit log", async () => {
    const r = await overridePart(t.db, w.users.ta!, {
      submissionId: bob,
      partId: "loss",
      score: "2",
      unit: "points",
      comment: "Only the sign is off; full credit.",
    });
    expect(r).toMatchObject({ ok: true, change: { partId: "loss", partBefore: 0, partAfter: 1, scoreBefore: 0 } });
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: bob } });
    expect(row.autoScore).toBe(0);
    expect(row.score).toBeCloseTo((2 / 5) * 0.8);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "submission.override", entityId: bob } });
    expect(audit).toMatchObject({ actorId: w.users.ta!.id, entityType: "submission", courseId: w.hw.courseId });
    expect(audit.before).toEqual({ partId: "loss", partScore: 0, score: 0 });
    expect(audit.after).toMatchObject({ partId: "loss", partScore: 1, comment: "Only the sign is off; full credit." });
    expect((audit.after as { score: number }).score).toBeCloseTo(0.32);
  });

  it("takes a fraction too, and the latest override of a part is the one that counts", async () => {
    expect(
      (await overridePart(t.db, w.users.instructor!, { submissionId: bob, partId: "formula", score: "0.5", unit: "fraction", comment: "Half: idea right." }))
        .ok,
    ).toBe(true);
    expect((await t.db.submission.findUniqueOrThrow({ where: { id: bob } })).score).toBeCloseTo(((1.5 + 2) / 5) * 0.8);
    const again = await overridePart(t.db, w.users.ta!, {
      submissionId: bob,
      partId: "formula",
      score: "0",
      unit: "fraction",
      comment: "On reflection, no formula was given.",
    });
    expect(again).toMatchObject({ ok: true, change: { partBefore: 0.5, partAfter: 0 } });
    expect((await t.db.submission.findUniqueOrThrow({ where: { id: bob } })).score).toBeCloseTo(0.32);
  });

  it("shows the student the new score and the comment on their attempt page", async () => {
    const page = granted(await loadSubmissionPage(t.db, w.users.student2!, { submissionId: bob, locale: "en", t: tr, now }));
    const loss = page.view.parts.find((p) => p.id === "loss")!;
    expect(loss.score).toBe(1);
    expect(loss.override).toMatchObject({ score: 1, comment: "Only the sign is off; full credit.", by: "Chen Jie" });
    expect(page.view.score).toBeCloseTo(0.32);
  });

  it("refuses an empty comment, a score out of range or unreadable, an unknown part or submission, and changes nothing", async () => {
    const before = await snapshot();
    const base = { submissionId: bob, partId: "loss", score: "1", unit: "points", comment: "ok" };
    const cases: [Record<string, unknown>, string][] = [
      [{ comment: "   " }, "comment-required"],
      [{ comment: undefined }, "comment-required"],
      [{ comment: "x".repeat(2001) }, "comment-too-long"],
      [{ score: "3" }, "score-out-of-range"],
      [{ score: "-1" }, "score-out-of-range"],
      [{ score: "1.01", unit: "fraction" }, "score-out-of-range"],
      [{ score: "abc" }, "score-not-a-number"],
      [{ score: "" }, "score-required"],
      [{ score: 1 }, "score-required"],
      [{ unit: "percent" }, "unit-invalid"],
      [{ partId: "nope" }, "unknown-part"],
      [{ submissionId: "abcdefghijkl" }, "not-found"],
    ];
    for (const [change, error] of cases) {
      const r = await overridePart(t.db, w.users.ta!, { ...base, ...change });
      expect(r, JSON.stringify(change)).toMatchObject({ ok: false, error });
    }
    expect((await overridePart(t.db, w.users.ta!, { ...base, submissionId: "../../x" })).ok).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses the TA of another course and students, and changes nothing", async () => {
    const before = await snapshot();
    const input = { submissionId: bob, partId: "loss", score: "0", unit: "points", comment: "no" };
    expect(await overridePart(t.db, w.users.ta2!, input)).toEqual({ ok: false, error: "forbidden" });
    expect(await overridePart(t.db, w.users.student2!, input)).toEqual({ ok: false, error: "forbidden" });
    expect(await overridePart(t.db, w.users.student1!, input)).toEqual({ ok: false, error: "forbidden" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("regrade requests", () => {
  let first: string;

  it("lets a student ask about a part of their own submission, one open request per part", async () => {
    const r = await requestRegrade(t.db, w.users.student2!, { submissionId: bob, partId: "formula", reason: "I wrote the formula on paper; may I add it?" });
    expect(r.ok).toBe(true);
    first = (r as { requestId: string }).requestId;
    expect(await requestRegrade(t.db, w.users.student2!, { submissionId: bob, partId: "formula", reason: "again" })).toEqual({
      ok: false,
      error: "request-open",
    });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "regrade.request", entityId: bob } });
    expect(audit.after).toEqual({ requestId: first, partId: "formula", reason: "I wrote the formula on paper; may I add it?" });
  });

  it("refuses requests without a reason, on unknown parts, on others' work, and from staff", async () => {
    const before = await snapshot();
    expect(await requestRegrade(t.db, w.users.student2!, { submissionId: bob, partId: "loss", reason: "  " })).toMatchObject({
      ok: false,
      error: "reason-required",
    });
    expect(await requestRegrade(t.db, w.users.student2!, { submissionId: bob, partId: "nope", reason: "x" })).toMatchObject({
      ok: false,
      error: "unknown-part",
    });
    expect(await requestRegrade(t.db, w.users.student1!, { submissionId: bob, partId: "loss", reason: "x" })).toEqual({ ok: false, error: "forbidden" });
    expect(await requestRegrade(t.db, w.users.ta!, { submissionId: bob, partId: "loss", reason: "x" })).toEqual({ ok: false, error: "forbidden" });
    expect(await requestRegrade(t.db, w.users.admin!, { submissionId: bob, partId: "loss", reason: "x" })).toEqual({ ok: false, error: "forbidden" });
    expect(await requestRegrade(t.db, w.users.student2!, { submissionId: alice, partId: "loss", reason: "x" })).toEqual({ ok: false, error: "forbidden" });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses responses without an answer, without or with a bad score, and from outsiders", async () => {
    const before = await snapshot();
    expect(await respondRegrade(t.db, w.users.ta!, { requestId: first, decision: "decline", response: "" })).toMatchObject({
      ok: false,
      error: "response-required",
    });
    expect(await respondRegrade(t.db, w.users.ta!, { requestId: first, decision: "accept", response: "ok", unit: "points" })).toMatchObject({
      ok: false,
      error: "score-required",
    });
    expect(await respondRegrade(t.db, w.users.ta!, { requestId: first, decision: "accept", response: "ok", score: "4", unit: "points" })).toMatchObject({
      ok: false,
      error: "score-out-of-range",
    });
    expect(await respondRegrade(t.db, w.users.ta!, { requestId: first, decision: "maybe", response: "ok" })).toMatchObject({
      ok: false,
      error: "decision-invalid",
    });
    expect(await respondRegrade(t.db, w.users.ta!, { requestId: "abcdefghijkl", decision: "decline", response: "ok" })).toEqual({
      ok: false,
      error: "not-found",
    });
    expect(await respondRegrade(t.db, w.users.ta2!, { requestId: first, decision: "decline", response: "no" })).toEqual({ ok: false, error: "forbidden" });
    expect(await respondRegrade(t.db, w.users.student2!, { requestId: first, decision: "accept", response: "yes", score: "3", unit: "points" })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("declines with an answer once; the student sees the state and the answer, and may ask again", async () => {
    const r = await respondRegrade(t.db, w.users.ta!, { requestId: first, decision: "decline", response: "Only what was submitted is graded." });
    expect(r).toEqual({ ok: true, status: "DECLINED", change: null });
    expect(await respondRegrade(t.db, w.users.instructor!, { requestId: first, decision: "accept", response: "late", score: "1", unit: "fraction" })).toEqual({
      ok: false,
      error: "request-closed",
    });
    const [thread] = await regradeThreads(t.db, bob);
    expect(thread).toMatchObject({
      status: "DECLINED",
      response: "Only what was submitted is graded.",
      responder: "Chen Jie",
      student: "Bob Li",
      newScore: null,
    });
    expect(thread!.resolvedAt).toBeInstanceOf(Date);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "regrade.decline", entityId: bob } });
    expect(audit.before).toEqual({ requestId: first, partId: "formula", status: "OPEN" });
    expect(audit.after).toEqual({ requestId: first, partId: "formula", status: "DECLINED", response: "Only what was submitted is graded." });
  });

  it("refuses asking again with the reason already declined, spaces and letter case aside", async () => {
    const [declined] = await regradeThreads(t.db, bob);
    expect(declined).toMatchObject({ status: "DECLINED", partId: "formula" });
    const same = `  ${declined!.reason.toUpperCase()}  `;
    expect(await requestRegrade(t.db, w.users.student2!, { submissionId: bob, partId: "formula", reason: same })).toEqual({
      ok: false,
      error: "reason-repeated",
      field: "reason",
    });
    expect(await t.db.regradeRequest.count({ where: { submissionId: bob, partId: "formula" } })).toBe(1);
    // A new reason is taken: the next test asks again with one and gets it accepted.
  });

  it("accepts with a new score, written like an override with the answer as its comment", async () => {
    const again = await requestRegrade(t.db, w.users.student2!, { submissionId: bob, partId: "formula", reason: "Here is my formula from the exam sheet." });
    expect(again.ok).toBe(true);
    const id = (again as { requestId: string }).requestId;
    const r = await respondRegrade(t.db, w.users.ta!, {
      requestId: id,
      decision: "accept",
      response: "Fair: full credit for the formula.",
      score: "3",
      unit: "points",
    });
    expect(r).toMatchObject({ ok: true, status: "ACCEPTED", change: { partId: "formula", partBefore: 0, partAfter: 1 } });
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: bob } });
    expect(row.score).toBeCloseTo(((3 + 2) / 5) * 0.8);
    const override = await t.db.scoreOverride.findFirstOrThrow({ where: { submissionId: bob, partId: "formula" }, orderBy: { createdAt: "desc" } });
    expect(override).toMatchObject({ score: 1, comment: "Fair: full credit for the formula.", byId: w.users.ta!.id });
    const threads = await regradeThreads(t.db, bob);
    expect(threads.map((x) => x.status)).toEqual(["DECLINED", "ACCEPTED"]);
    expect(threads[1]).toMatchObject({ newScore: 1, response: "Fair: full credit for the formula." });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "regrade.accept", entityId: bob } });
    expect(audit.before).toMatchObject({ status: "OPEN", partScore: 0 });
    expect(audit.after).toMatchObject({ status: "ACCEPTED", partScore: 1 });
    expect((audit.after as { score: number }).score).toBeCloseTo(0.8);
  });

  it("gives staff the whole story: attempts, references, mistakes with the TA detail, audit and threads", async () => {
    const page = granted(await loadStaffSubmission(t.db, w.users.ta!, { submissionId: bob, locale: "en", t: tr }));
    expect(page.attempts.map((a) => a.id)).toEqual([bob]);
    const loss = page.fields.get("loss")![0]!;
    expect(loss).toMatchObject({ verdict: "incorrect", diagnosis: "sign-flip", given: -2.54692 });
    expect(loss.expected).toBeCloseTo(2.54692, 4);
    expect(loss.detail).toEqual(expect.any(String));
    expect(page.mistakes.map((m) => m.diagnosis)).toEqual(["sign-flip"]);
    expect(
      page.view.parts.find((p) => p.id === "loss")!.kind === "numeric" &&
        (page.view.parts.find((p) => p.id === "loss") as { field: { expected?: unknown } }).field.expected,
    ).toBeCloseTo(2.54692, 4);
    expect(page.audit.map((a) => a.action)).toEqual([
      "submission.override",
      "submission.override",
      "submission.override",
      "regrade.request",
      "regrade.decline",
      "regrade.request",
      "regrade.accept",
    ]);
    expect(page.threads).toHaveLength(2);
    // Each audit entry carries what it changed, field by field (ids and unchanged fields left out of the page's lines).
    const accepted = page.audit.find((a) => a.action === "regrade.accept")!;
    expect(accepted.changes.map((c) => c.field)).toEqual(expect.arrayContaining(["status", "partScore", "score"]));
    expect(accepted.changes.find((c) => c.field === "status")).toEqual({ field: "status", from: "OPEN", to: "ACCEPTED" });
    expect(page.audit.find((a) => a.action === "regrade.request")!.changes.find((c) => c.field === "reason")?.from).toBeNull();
  });

  it("places a submission between its neighbours in the review queue's order, for previous and next", async () => {
    const queue = await loadReviewQueue(t.db, { assignmentId: w.hw.id, filters: {} });
    const order = queue!.problems.flatMap((p) => p.rows).flatMap((r) => (r.counted ? [r.counted.id] : []));
    // Alice before Bob: the queue goes by student name within a problem.
    expect(order.indexOf(alice)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(alice)).toBeLessThan(order.indexOf(bob));
    for (const id of [alice, bob]) {
      const page = granted(await loadStaffSubmission(t.db, w.users.ta!, { submissionId: id, locale: "en", t: tr }));
      const i = order.indexOf(id);
      expect(page.neighbours).toEqual({ previous: order[i - 1] ?? null, next: order[i + 1] ?? null });
    }
  });
});
