/**
 * What a graded submission asks of the database, operation by operation: on a deadline night every
 * round trip is paid thousands of times. The problem file is read only by the first submission to a
 * version in a process (then it is compiled and cached), the course's variant secret comes with the
 * assignment, and the draft is written in the same transaction as the attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitAnswers } from "@/lib/assignments/submit";
import { sameDatabaseAs, type Db } from "@/lib/db/client";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { CE_FORMULA, reviewWorld, type User } from "../setup/review";

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
const now = new Date("2026-11-26T12:00:00Z");

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
});
afterAll(() => t.dispose());

/** The client, recording each operation as `Model.operation` (transactions as `$transaction`). */
function recording(db: Db): { db: Db; ops: string[] } {
  const ops: string[] = [];
  const recorded = db.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        ops.push(`${model ?? "raw"}.${operation}`);
        return query(args);
      },
    },
  });
  const withTransactions = new Proxy(recorded, {
    get(target, key, receiver): unknown {
      if (key === "$transaction") ops.push("$transaction");
      return Reflect.get(target, key, receiver);
    },
  });
  return { db: sameDatabaseAs(db, withTransactions as unknown as Db), ops };
}

async function graded(db: Db, user: User) {
  const r = await submitAnswers(db, user, { assignmentId: w.hw.id, problemId: w.problems.ce, answers: { formula: CE_FORMULA, loss: "2.5" } }, now);
  expect(r.status).toBe("graded");
  return r;
}

describe("a graded submission's database operations", () => {
  it("reads the problem file once per version and process, never the course again, and commits attempt and draft together", async () => {
    const first = recording(t.db);
    await graded(first.db, w.users.student1!);
    expect(first.ops.filter((o) => o.startsWith("ProblemVersion."))).toHaveLength(1);

    const next = recording(t.db);
    const r = await graded(next.db, w.users.student2!);
    expect(next.ops).toEqual([
      "Assignment.findUnique", // authorization: the assignment's course and dates
      "Membership.findUnique", // authorization: the student's role in the course
      "AssignmentProblem.findUnique", // the rules, the pinned version and the course's variant secret
      "Submission.count", // attempts used, before grading
      "$transaction", // the per-user submission limit (lib/assignments/request-limits.ts), under its lock
      "raw.$executeRaw",
      "RateLimitHit.findMany",
      "RateLimitHit.create",
      "RateLimitHit.deleteMany",
      "$transaction", // the attempt, under the student's and problem's lock (lib/db/write-lock.ts)
      "raw.$executeRaw",
      "Submission.count", // attempts used, again, inside the transaction
      "Submission.create",
      "Draft.upsert",
      "LtiUserLink.findMany", // whether the student came through an LMS, whose gradebook gets the score (lib/assignments/lms-scores.ts); nothing more when not
    ]);
    // What the answer shows comes from the row as stored, without reading it back.
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: r.status === "graded" ? r.submissionId : "" } });
    if (r.status !== "graded") throw new Error("not graded");
    expect({ late: row.late, latePenalty: row.latePenalty, createdAt: row.createdAt, score: row.score }).toEqual({ ...r.stored, score: r.score });
    const draft = await t.db.draft.findUniqueOrThrow({
      where: { userId_assignmentId_problemId: { userId: w.users.student2!.id, assignmentId: w.hw.id, problemId: w.problems.ce } },
    });
    expect(draft.answers).toEqual({ formula: CE_FORMULA, loss: "2.5" });
  });
});
