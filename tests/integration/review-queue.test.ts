import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReviewQueue, nextInQueue, type QueueRow } from "@/lib/review/queue";
import { overridePart } from "@/lib/review/override";
import { requestRegrade } from "@/lib/review/regrade";
import { markViewed } from "@/lib/review/submission-page";
import { queueFiltersSchema, type QueueFilters } from "@/lib/validations/review";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { CE_FORMULA, CE_LOSS, reviewWorld, submit } from "../setup/review";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
const now = new Date("2026-11-26T12:00:00Z");
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
  const { users, hw, problems } = w;
  ids.alice1 = await submit(t.db, users.student1!, hw.id, problems.ce, { formula: CE_FORMULA, loss: CE_LOSS }, now);
  ids.alice2 = await submit(t.db, users.student1!, hw.id, problems.ce, { formula: CE_FORMULA, loss: "-2.54692" }, new Date(now.getTime() + 60_000));
  const late = new Date(hw.dueAt.getTime() + 3_600_000);
  ids.bob1 = await submit(t.db, users.student2!, hw.id, problems.ce, { loss: "-2.54692" }, late);
});
afterAll(() => t.dispose());

const filters = (raw: Record<string, string>): QueueFilters => queueFiltersSchema.parse(raw);
async function rows(raw: Record<string, string> = {}): Promise<QueueRow[]> {
  const q = await loadReviewQueue(t.db, { assignmentId: w.hw.id, filters: filters({ problem: w.problems.ce, ...raw }) });
  return q!.problems.flatMap((p) => p.shown);
}
const names = (list: QueueRow[]) => list.map((r) => r.student.name);

describe("the review queue's selection", () => {
  it("lists every student of the course, with the best attempt under the BEST rule, and those who did not submit", async () => {
    const all = await rows();
    expect(names(all)).toEqual(["Alice Zhang", "Bob Li", "Carol Wang"]);
    const [alice, bob, carol] = all;
    expect(alice!.counted).toMatchObject({ id: ids.alice1, attempt: 1, score: 1, late: false });
    expect(alice!.attempts).toBe(2);
    expect(alice!.mistakes).toEqual([]);
    expect(bob!.counted).toMatchObject({ id: ids.bob1, late: true, latePenalty: 0.2, score: 0 });
    expect(bob!.mistakes).toEqual([{ code: "sign-flip", count: 1, message: null }]);
    expect(carol!.counted).toBeNull();
    expect(carol!.attempts).toBe(0);
    expect(carol!.ungraded).toBe(false);
  });

  it("takes the latest attempt under the LATEST rule", async () => {
    await t.db.assignment.update({ where: { id: w.hw.id }, data: { scoreRule: "LATEST" } });
    try {
      const [alice] = await rows({ student: "alice" });
      expect(alice!.counted).toMatchObject({ id: ids.alice2, attempt: 2 });
      expect(alice!.counted!.score).toBeCloseTo(0.6);
      expect(alice!.mistakes).toEqual([{ code: "sign-flip", count: 1, message: null }]);
    } finally {
      await t.db.assignment.update({ where: { id: w.hw.id }, data: { scoreRule: "BEST" } });
    }
  });

  it("filters by student text (name or email, any case), score range, mistake and late flag", async () => {
    expect(names(await rows({ student: "ZHANG" }))).toEqual(["Alice Zhang"]);
    expect(names(await rows({ student: "student3@" }))).toEqual(["Carol Wang"]);
    expect(names(await rows({ min: "50" }))).toEqual(["Alice Zhang"]);
    expect(names(await rows({ max: "10" }))).toEqual(["Bob Li"]);
    expect(names(await rows({ min: "0", max: "100" }))).toEqual(["Alice Zhang", "Bob Li"]);
    expect(names(await rows({ mistake: "sign-flip" }))).toEqual(["Bob Li"]);
    expect(names(await rows({ mistake: "no-softmax" }))).toEqual([]);
    expect(names(await rows({ late: "yes" }))).toEqual(["Bob Li"]);
    expect(names(await rows({ late: "no" }))).toEqual(["Alice Zhang"]);
    const other = await loadReviewQueue(t.db, { assignmentId: w.hw.id, filters: filters({ problem: w.problems.std }) });
    expect(other!.problems.map((p) => p.id)).toEqual([w.problems.std]);
    expect(other!.problems[0]!.shown.every((r) => r.counted === null)).toBe(true);
  });

  it("refuses malformed filters with a code per field", () => {
    const issue = (raw: Record<string, string>) => queueFiltersSchema.safeParse(raw).error?.issues[0]?.message;
    expect(issue({ min: "150" })).toBe("filter-score");
    expect(issue({ max: "abc" })).toBe("filter-score");
    expect(issue({ min: "60", max: "40" })).toBe("filter-range");
    expect(issue({ late: "maybe" })).toBe("filter-late");
    expect(issue({ problem: "../x" })).toBe("filter-problem");
    expect(queueFiltersSchema.safeParse({ min: "", student: "  ", late: "" }).data).toEqual({});
  });

  it("walks 'next ungraded' through counted attempts no one has opened, and 'next with request' to open requests", async () => {
    let q = await loadReviewQueue(t.db, { assignmentId: w.hw.id, filters: {} });
    expect(q!.next.ungraded).toBe(ids.alice1);
    expect(q!.counts).toMatchObject({ ungraded: 2, openRequests: 0, submitted: 2, students: 3 });
    expect(q!.next.request).toBeNull();

    expect(await markViewed(t.db, w.users.ta!, { submissionId: ids.alice1!, courseId: w.hw.courseId })).toBe(true);
    expect(await markViewed(t.db, w.users.ta!, { submissionId: ids.alice1!, courseId: w.hw.courseId })).toBe(false);
    q = await loadReviewQueue(t.db, { assignmentId: w.hw.id, filters: {} });
    expect(q!.next.ungraded).toBe(ids.bob1);
    expect(await nextInQueue(t.db, { assignmentId: w.hw.id, except: ids.bob1 })).toEqual({ ungraded: null, request: null });
    expect(await nextInQueue(t.db, { assignmentId: w.hw.id, except: ids.alice1 })).toEqual({ ungraded: ids.bob1, request: null });
    expect(names(q!.problems[0]!.rows.filter((r) => r.ungraded))).toEqual(["Bob Li"]);

    // An override counts as reviewed.
    const o = await overridePart(t.db, w.users.ta!, { submissionId: ids.bob1, partId: "loss", score: "1", unit: "points", comment: "Sign slip only." });
    expect(o.ok).toBe(true);
    q = await loadReviewQueue(t.db, { assignmentId: w.hw.id, filters: {} });
    expect(q!.next.ungraded).toBeNull();

    // An open regrade request (here on a non-counted attempt) makes the student's row ungraded again.
    const r = await requestRegrade(t.db, w.users.student1!, { submissionId: ids.alice2, partId: "loss", reason: "I only flipped the sign." });
    expect(r.ok).toBe(true);
    q = await loadReviewQueue(t.db, { assignmentId: w.hw.id, filters: {} });
    expect(q!.next.request).toBe(ids.alice2);
    expect(q!.next.ungraded).toBe(ids.alice1);
    expect(names(await rows({ requests: "open" }))).toEqual(["Alice Zhang"]);
    expect(names(await rows({ status: "ungraded" }))).toEqual(["Alice Zhang"]);
    expect(await nextInQueue(t.db, { assignmentId: w.hw.id, except: ids.alice2 })).toEqual({ ungraded: ids.alice1, request: null });
    expect(await nextInQueue(t.db, { assignmentId: w.hw.id, except: ids.alice1 })).toEqual({ ungraded: null, request: ids.alice2 });
  });
});
