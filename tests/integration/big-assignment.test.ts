/**
 * An assignment with more submissions than SQLite binds parameters in one statement (32,766 in
 * better-sqlite3's build): the review queue, the submissions CSV and the analytics answer, and
 * correctly; a student with a hundred attempts gets the same dashboard figures as from every attempt,
 * and their history a page at a time; the gradebook download arrives in chunks, the same bytes as
 * the file written whole. Rows are copied from one real graded submission with one INSERT … SELECT.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadAssignmentAnalytics } from "@/lib/analytics/assignment";
import { loadStudentDashboard } from "@/lib/assignments/dashboard";
import { assignmentStatus, pointsEarned, problemProgress } from "@/lib/assignments/progress";
import { phaseOf } from "@/lib/authz";
import { HISTORY_PAGE_SIZE, loadAssignmentPage, loadHistory } from "@/lib/assignments/student-pages";
import { csvRows, formatNumber, toCsv, type Cell } from "@/lib/csv";
import { isPostgres, type Db } from "@/lib/db/client";
import { GRADEBOOK_FIXED_COLUMNS, problemColumn, submissionsCsv } from "@/lib/export/gradebook";
import { countedOf, loadClassWork, type ClassWork } from "@/lib/review/class-work";
import { loadReviewQueue, nextInQueue } from "@/lib/review/queue";
import { requestRegrade } from "@/lib/review/regrade";
import { queueFiltersSchema } from "@/lib/validations/review";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { CE_FORMULA, reviewWorld, submit } from "../setup/review";

const state = vi.hoisted((): { user: unknown; db: unknown } => ({ user: null, db: null }));
vi.mock("@/lib/session", () => ({ getCurrentUser: async () => state.user, requireUser: async () => state.user }));
vi.mock("@/lib/db/client", async (original) => ({ ...(await original<object>()), getDb: () => state.db }));

import { GET as gradebookRoute } from "@/app/api/courses/[courseId]/gradebook.csv/route";

const STUDENTS = 330;
const ATTEMPTS = 100;
const BULK = STUDENTS * ATTEMPTS; // 33,000 > 32,766

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reviewWorld>>;
const now = new Date("2026-11-26T12:00:00Z");
let real: string;

beforeAll(async () => {
  t = await freshDatabase();
  state.db = t.db;
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
    expect(q!.mistakeCodes).toEqual([{ code: "sign-flip", message: null }]);
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

/** The gradebook as it was written before it streamed: every assignment's class work, then the whole file at once. */
async function gradebookWrittenWhole(db: Db, courseId: string): Promise<string> {
  const course = await db.course.findUniqueOrThrow({
    where: { id: courseId },
    select: { assignments: { orderBy: [{ dueAt: "asc" }, { title: "asc" }], select: { id: true } } },
  });
  const works: ClassWork[] = [];
  for (const a of course.assignments) works.push((await loadClassWork(db, a.id, "en"))!);
  const students = new Map(works.flatMap((wk) => wk.students.map((s) => [s.id, s] as const)));
  const sorted = [...students.values()].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  const columns = works.flatMap((wk) => wk.problems.map((p) => ({ work: wk, problem: p })));
  const header = [
    ...GRADEBOOK_FIXED_COLUMNS,
    ...columns.map((c) => problemColumn(c.work.assignment.title, c.problem.title, c.problem.points)),
    `Total (${formatNumber(columns.reduce((n, c) => n + c.problem.points, 0))})`,
  ];
  const rows = sorted.map((s): Cell[] => {
    let total = 0;
    const cells = columns.map(({ work, problem }) => {
      const c = countedOf(work, s.id, problem.id);
      if (!c) return null;
      total += c.score * problem.points;
      return c.score * problem.points;
    });
    return [s.name, s.email, s.email, ...cells, total];
  });
  return toCsv(header, rows);
}

describe("a student with a hundred attempts at one problem", () => {
  const bulk = { id: "bulk-7", isSiteAdmin: false };

  it("gets the dashboard and assignment page figures that every attempt adds up to, under either score rule", async () => {
    for (const rule of ["BEST", "LATEST"] as const) {
      await t.db.assignment.update({ where: { id: w.hw.id }, data: { scoreRule: rule } });
      const [course] = await loadStudentDashboard(t.db, bulk, now);
      // The figures as computed from every attempt the student made.
      const assignments = await t.db.assignment.findMany({
        where: { courseId: course!.id, archivedAt: null },
        orderBy: { dueAt: "asc" },
        include: {
          problems: { orderBy: { position: "asc" } },
          submissions: { where: { userId: bulk.id }, select: { problemId: true, score: true, attempt: true } },
        },
      });
      const expected = assignments.map((a) => {
        const problems = a.problems.map((p) => ({
          points: p.points,
          progress: problemProgress(
            a.submissions.filter((s) => s.problemId === p.problemId),
            a.scoreRule,
            a.maxAttempts,
            phaseOf(a, now) === "closed",
          ),
        }));
        return {
          id: a.id,
          pointsEarned: pointsEarned(problems),
          status: assignmentStatus(problems.map((p) => p.progress)),
          statuses: problems.map((p) => p.progress.status),
        };
      });
      const hw = expected.find((a) => a.id === w.hw.id)!;
      expect(hw.pointsEarned).toBeGreaterThan(0);
      expect(course!.assignments.map((a) => ({ id: a.id, pointsEarned: a.pointsEarned, status: a.status, statuses: a.problems.map((p) => p.status) }))).toEqual(
        expected.map((a) => ({ ...a, statuses: course!.assignments.find((x) => x.id === a.id)!.open ? a.statuses : [] })),
      );
      const page = await loadAssignmentPage(t.db, bulk, { assignmentId: w.hw.id, locale: "en", now });
      if ("allowed" in page) throw new Error("expected the page");
      const ce = page.problems!.find((p) => p.id === w.problems.ce)!;
      const mine = assignments.find((a) => a.id === w.hw.id)!.submissions;
      expect(ce.attemptsUsed).toBe(ATTEMPTS);
      expect(ce.score).toBe(rule === "BEST" ? Math.max(...mine.map((s) => s.score)) : mine.find((s) => s.attempt === ATTEMPTS)!.score);
    }
    await t.db.assignment.update({ where: { id: w.hw.id }, data: { scoreRule: w.hw.scoreRule } });
  });

  it("has a history a page at a time, newest first, with the page clamped to the ones there are", async () => {
    const args = { assignmentId: w.hw.id, problemId: w.problems.ce, now };
    const at = async (page?: number) => {
      const h = await loadHistory(t.db, bulk, { ...args, page });
      if ("allowed" in h) throw new Error("expected the history");
      return h;
    };
    const first = await at();
    expect(first.page).toEqual({ page: 1, pages: ATTEMPTS / HISTORY_PAGE_SIZE, size: HISTORY_PAGE_SIZE, total: ATTEMPTS });
    expect(first.attempts.map((a) => a.attempt)).toEqual(Array.from({ length: HISTORY_PAGE_SIZE }, (_, i) => ATTEMPTS - i));
    const second = await at(2);
    expect(second.attempts.map((a) => a.attempt)).toEqual(Array.from({ length: HISTORY_PAGE_SIZE }, (_, i) => HISTORY_PAGE_SIZE - i));
    expect((await at(99)).page.page).toBe(2);
    expect((await at(0)).page.page).toBe(1);
    // A student without attempts at a problem of the assignment has one empty page.
    const listed = await t.db.assignmentProblem.findMany({ where: { assignmentId: w.hw.id }, select: { problemId: true, points: true } });
    const tried = await t.db.submission.findMany({ where: { assignmentId: w.hw.id, userId: w.users.student2!.id }, select: { problemId: true } });
    const untried = listed.find((p) => !tried.some((s) => s.problemId === p.problemId))!;
    const none = await loadHistory(t.db, w.users.student2!, { ...args, problemId: untried.problemId });
    expect(none).toMatchObject({ attempts: [], page: { page: 1, pages: 1, total: 0 }, points: untried.points });
    // A problem the assignment does not list has no history at all.
    expect(listed.some((p) => p.problemId === w.problems.gate)).toBe(false);
    expect(await loadHistory(t.db, w.users.student2!, { ...args, problemId: w.problems.gate })).toEqual({ allowed: false, reason: "not-found" });
  });
});

describe("the gradebook download of a course with hundreds of students", () => {
  it("arrives as a stream, in several chunks, with the same bytes as the file written whole", async () => {
    state.user = w.users.instructor;
    const courseId = w.courses["DL-101"]!;
    const response = await gradebookRoute(new Request(`http://localhost/api/courses/${courseId}/gradebook.csv`), {
      params: Promise.resolve({ courseId }),
    });
    expect(response.status).toBe(200);
    expect(response.body).toBeInstanceOf(ReadableStream);
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(chunks.length).toBeGreaterThan(2);
    const body = Buffer.concat(chunks);
    const whole = await gradebookWrittenWhole(t.db, courseId);
    expect(body.equals(Buffer.from(whole, "utf8"))).toBe(true);
    expect(csvRows(whole)).toHaveLength(1 + STUDENTS + 3);
  });
});
