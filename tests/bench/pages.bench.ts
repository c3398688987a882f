/**
 * The pages that grow with a class, timed on the big course of `npm run seed:large` (the database at
 * DATABASE_URL, default data/chainrule.db): each case calls the loader a page's data-access function
 * calls, with the database passed in (no session), and reports the median (p50) over several runs.
 * Without a big course in that database every case says so and measures nothing.
 *
 * The queue and analytics keep what they read of every submission while the database's stamp says it
 * holds (lib/review/snapshot.ts), so after the warm-up a run is what a TA's second request costs; the
 * "nothing kept" cases use a new client each run (its own empty keep), as the first request on a fresh
 * instance does, and the "after a new submission" cases add an attempt to the database before each
 * call (so they grow the big course by a few attempts each run).
 */
import { loadAssignmentAnalytics } from "../../lib/analytics/assignment";
import { loadStudentDashboard } from "../../lib/assignments/dashboard";
import { loadHistory } from "../../lib/assignments/student-pages";
import { createDb, type Db } from "../../lib/db/client";
import type { Prisma } from "../../lib/generated/prisma/client";
import { gradebookCsvLines, submissionsCsvLines } from "../../lib/export/gradebook";
import { loadReviewQueue, nextInQueue } from "../../lib/review/queue";
import { queueNeighbours } from "../../lib/review/submission-page";
import { queueFiltersSchema } from "../../lib/validations/review";
import type { Benchmark, Figure } from "./types";

type Big = { db: Db; courseId: string; assignmentId: string; problemId: string; heavy: { id: string; isSiteAdmin: boolean } };

async function bigCourse(): Promise<Big | null> {
  const db = createDb();
  const course = await db.course.findFirst({ where: { code: { startsWith: "BIG-" } }, orderBy: { createdAt: "desc" }, select: { id: true } });
  if (!course) return null;
  const assignment = await db.assignment.findFirstOrThrow({
    where: { courseId: course.id },
    select: { id: true, problems: { take: 1, orderBy: { position: "asc" }, select: { problemId: true } } },
  });
  const heavy = await db.user.findFirstOrThrow({
    where: { memberships: { some: { courseId: course.id, role: "STUDENT" } } },
    orderBy: { email: "asc" },
    select: { id: true, isSiteAdmin: true },
  });
  return { db, courseId: course.id, assignmentId: assignment.id, problemId: assignment.problems[0]!.problemId, heavy };
}

/** p50 and max of `runs` timed calls after one warm-up call (which also fills the caches every request after the first finds full). */
async function p50(fn: () => Promise<unknown>, runs = 7): Promise<Record<string, Figure>> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    p50: { value: times[Math.floor(times.length / 2)]!, unit: "ms", note: `of ${runs} runs; target < 300` },
    max: { value: times.at(-1)!, unit: "ms" },
  };
}

function page(name: string, call: (big: Big) => Promise<unknown>, runs?: number): Benchmark {
  return {
    name,
    async run() {
      const big = await bigCourse();
      if (!big) return { "no big course (npm run seed:large)": { value: 0, unit: "" } };
      try {
        return await p50(() => call(big), runs);
      } finally {
        await big.db.$disconnect();
      }
    },
  };
}

/** The first `n` chunks of a streamed CSV (the header, then rows), as a download's first bytes. */
async function firstChunks(lines: AsyncIterable<string>, n: number): Promise<void> {
  const it = lines[Symbol.asyncIterator]();
  for (let i = 0; i < n; i++) await it.next();
  await it.return?.();
}

/** A call on a client of its own, so nothing read before is kept. */
async function fresh<T>(call: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb();
  try {
    return await call(db);
  } finally {
    await db.$disconnect();
  }
}

const allProblems = () => queueFiltersSchema.parse({});

export const benchmarks: Benchmark[] = [
  page("student dashboard of a student with 5,700 attempts", (b) => loadStudentDashboard(b.db, b.heavy)),
  page("student history of one problem (285 attempts), first page", (b) =>
    loadHistory(b.db, b.heavy, { assignmentId: b.assignmentId, problemId: b.problemId }),
  ),
  page("student history of one problem (285 attempts), last page", (b) =>
    loadHistory(b.db, b.heavy, { assignmentId: b.assignmentId, problemId: b.problemId, page: 6 }),
  ),
  page("TA review queue, first page", (b) => loadReviewQueue(b.db, { assignmentId: b.assignmentId, filters: allProblems() })),
  page("TA review queue, first page of one problem", (b) =>
    loadReviewQueue(b.db, { assignmentId: b.assignmentId, filters: queueFiltersSchema.parse({ problem: b.problemId }) }),
  ),
  page(
    "TA review queue, first page, nothing kept",
    () => fresh((db) => loadBig(db, (a) => loadReviewQueue(db, { assignmentId: a, filters: allProblems() }))),
    3,
  ),
  page("next in queue (staff submission page)", (b) => nextInQueue(b.db, { assignmentId: b.assignmentId })),
  page("previous and next submission in the queue's order (staff submission page)", (b) =>
    queueNeighbours(b.db, { assignmentId: b.assignmentId, problemId: b.problemId, userId: b.heavy.id, submissionId: "" }),
  ),
  page("submissions CSV, first lines of the stream", async (b) => firstChunks((await submissionsCsvLines(b.db, b.assignmentId))!.lines, 2)),
  page(
    "submissions CSV, the whole stream (100,000 rows)",
    async (b) => {
      const out = await submissionsCsvLines(b.db, b.assignmentId);
      for await (const chunk of out!.lines) void chunk;
    },
    3,
  ),
  page("gradebook CSV, first lines of the stream", async (b) => firstChunks((await gradebookCsvLines(b.db, b.courseId))!.lines, 2)),
  page("gradebook CSV, the whole stream", async (b) => {
    const out = await gradebookCsvLines(b.db, b.courseId);
    for await (const chunk of out!.lines) void chunk;
  }),
  page("analytics", (b) => loadAssignmentAnalytics(b.db, { assignmentId: b.assignmentId })),
  // These two add one attempt (a copy of the heavy student's latest, as the next attempt) before each
  // call, as during a deadline: the counted attempts are read again, the kept results reused.
  page("TA review queue, first page, after a new submission", async (b) => {
    await newAttempt(b);
    return loadReviewQueue(b.db, { assignmentId: b.assignmentId, filters: allProblems() });
  }),
  page("analytics, after a new submission", async (b) => {
    await newAttempt(b);
    return loadAssignmentAnalytics(b.db, { assignmentId: b.assignmentId });
  }),
  page("analytics, nothing kept", () => fresh((db) => loadBig(db, (a) => loadAssignmentAnalytics(db, { assignmentId: a }))), 3),
];

/** Stores one more attempt of the heavy student at the first problem (two small queries, inside the timed call). */
async function newAttempt(b: Big): Promise<void> {
  const last = await b.db.submission.findFirstOrThrow({
    where: { userId: b.heavy.id, assignmentId: b.assignmentId, problemId: b.problemId },
    orderBy: { attempt: "desc" },
  });
  const { id, attempt, createdAt, answers, results, ...rest } = last;
  void id;
  void createdAt;
  await b.db.submission.create({
    data: { ...rest, answers: answers as Prisma.InputJsonValue, results: results as Prisma.InputJsonValue, attempt: attempt + 1 },
  });
}

/** The big assignment's id on this client. */
async function loadBig<T>(db: Db, call: (assignmentId: string) => Promise<T>): Promise<T> {
  const a = await db.assignment.findFirstOrThrow({ where: { course: { code: { startsWith: "BIG-" } } }, orderBy: { createdAt: "desc" }, select: { id: true } });
  return call(a.id);
}
