/**
 * An assignment with more submissions than SQLite binds parameters in one statement (32,766 in
 * better-sqlite3's build): the review queue, the submissions CSV and the analytics answer, and
 * correctly. Rows are copied from one real graded submission with one INSERT … SELECT.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAssignmentAnalytics } from "@/lib/analytics/assignment";
import { csvRows } from "@/lib/csv";
import { isPostgres } from "@/lib/db/client";
import { submissionsCsv } from "@/lib/export/gradebook";
import { loadReviewQueue, nextInQueue } from "@/lib/review/queue";
import { requestRegrade } from "@/lib/review/regrade";
import { queueFiltersSchema } from "@/lib/validations/review";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { CE_FORMULA, reviewWorld, submit } from "../setup/review";

const STUDENTS = 330;
const ATTEMPTS = 100;
const BULK = STUDENTS * ATTEMPTS; // 33,000 > 32,766

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
const now = new Date("2026-11-26T12:00:00Z");
let real: string;

beforeAll(async () => {
  t = await freshDatabase();
  w = await reviewWorld(t.db, now);
  const courseId = w.courses["DL-101"]!;
  // A wrong loss: the stored results carry a named mistake, so the queue and analytics have some to count.
  real = await submit(t.db, w.users.student1!, w.hw.id, w.problems.ce, { formula: CE_FORMULA, loss: "-2.54692" }, now);
  // More ids than the database binds parameters in one statement: SQLite's MAX_VARIABLE_NUMBER (32,766
  // in this build); PostgreSQL's protocol allows 65,535, which BULK does not reach, so there the test
  // checks the same results without the limit.
  if (!isPostgres(t.db)) {
    const { compile_options: limit } = (await t.db.$queryRawUnsafe<{ compile_options: string }[]>("PRAGMA compile_options")).find((o) =>
      o.compile_options.startsWith("MAX_VARIABLE_NUMBER="),
    )!;
    expect(BULK).toBeGreaterThan(Number(limit.split("=")[1]));
  }
  // Written once for both databases: quoted names, || for text, CAST for numbers, no placeholders.
  const pad = (e: string) => `substr('0000' || CAST(${e} AS TEXT), length(CAST(${e} AS TEXT)) + 1)`;
  const falsy = isPostgres(t.db) ? "false" : "0";
  await t.db.$executeRawUnsafe(`
    INSERT INTO "User" (id, email, name, "passwordHash", "createdAt", "updatedAt")
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${STUDENTS})
    SELECT 'bulk-' || CAST(i AS TEXT), 'bulk' || ${pad("i")} || '@example.test', 'Bulk ' || ${pad("i")}, 'x', u."createdAt", u."updatedAt"
    FROM n, (SELECT "createdAt", "updatedAt" FROM "User" LIMIT 1) u`);
  await t.db.$executeRawUnsafe(`
    INSERT INTO "Membership" (id, "userId", "courseId", role, "createdAt")
    SELECT 'm-' || id, id, '${courseId}', 'STUDENT', "createdAt" FROM "User" WHERE id LIKE 'bulk-%'`);
  // Student i's attempt k scores (i + k) mod 10 / 9 of the real one's copy: the best is 1 at some attempt.
  await t.db.$executeRawUnsafe(`
    INSERT INTO "Submission" (id, "userId", "assignmentId", "problemId", "problemVersionId", "variantSeed", answers, results, "autoScore", "latePenalty", score, attempt, late, "createdAt")
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${BULK})
    SELECT 's-' || CAST(i AS TEXT), 'bulk-' || CAST(i % ${STUDENTS} AS TEXT), s."assignmentId", s."problemId", s."problemVersionId", s."variantSeed", s.answers, s.results,
           s."autoScore", 0, ((i % ${STUDENTS}) + i / ${STUDENTS}) % 10 / 9.0, i / ${STUDENTS} + 1, ${falsy}, s."createdAt"
    FROM n, "Submission" s WHERE s.id = '${real}'`);
  const r = await requestRegrade(t.db, w.users.student1!, { submissionId: real, partId: "loss", reason: "please look again" });
  expect(r.ok).toBe(true);
});
afterAll(() => t.dispose());

describe("an assignment with more submissions than SQLite binds parameters", () => {
  it("has its review queue: every student's counted attempt, attempts and open requests", async () => {
    const q = await loadReviewQueue(t.db, { assignmentId: w.hw.id, filters: queueFiltersSchema.parse({ problem: w.problems.ce }) });
    const rows = q!.problems[0]!.rows;
    expect(rows).toHaveLength(STUDENTS + 3);
    const bulk = rows.filter((r) => r.student.id.startsWith("bulk-"));
    expect(bulk.every((r) => r.attempts === ATTEMPTS && r.counted!.score === 1)).toBe(true);
    expect(q!.counts).toEqual({ ungraded: STUDENTS + 1, openRequests: 1, submitted: STUDENTS + 1, students: STUDENTS + 3 });
    expect(q!.mistakeCodes).toEqual(["sign-flip"]);
    expect(q!.next.request).toBe(real);
    expect(await nextInQueue(t.db, { assignmentId: w.hw.id })).toMatchObject({ request: real });
  });

  it("exports every submission in the CSV", async () => {
    const out = await submissionsCsv(t.db, w.hw.id);
    const [, ...rows] = csvRows(out!.csv);
    expect(rows).toHaveLength(BULK + 1);
    expect(rows.filter((r) => r[10] === "yes")).toHaveLength(STUDENTS + 1);
  });

  it("has its analytics over each student's counted attempt", async () => {
    const a = await loadAssignmentAnalytics(t.db, { assignmentId: w.hw.id });
    const ce = a!.problems.find((p) => p.id === w.problems.ce)!;
    expect(ce.submitted).toBe(STUDENTS + 1);
    expect(ce.mistakes[0]).toMatchObject({ code: "sign-flip", students: STUDENTS + 1 });
  });
});
