/**
 * An assignment's class at a glance: its problems, its students, and for each student and problem the
 * attempt that counts under the assignment's score rule and how many attempts they made. The review queue, the
 * analytics, the bulk regrade and the exports all start from here.
 */
import { isPostgres, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { textIn, type LocalizedText } from "@/lib/problems/schema";
import type { ScoreRule } from "./scoring";

/** `version`: the version the assignment is pinned to (what its students get and are graded on). */
export type ClassProblem = { id: string; slug: string; title: string; points: number; position: number; version: { id: string; version: number } };
export type ClassStudent = { id: string; name: string; email: string };
export type Attempt = {
  id: string;
  userId: string;
  problemId: string;
  problemVersionId: string;
  attempt: number;
  score: number;
  autoScore: number;
  late: boolean;
  latePenalty: number;
  variantSeed: string;
  createdAt: Date;
};

/** The attempt that counts for a student and problem, with how many attempts they made there. */
export type CountedAttempt = Attempt & { attempts: number };

export type ClassWork = {
  assignment: { id: string; title: string; courseId: string; scoreRule: ScoreRule; dueAt: Date; course: { id: string; code: string; title: string } };
  problems: ClassProblem[];
  students: ClassStudent[];
  /** counted.get(userId)?.get(problemId): that student's counted attempt at that problem and their number of attempts. */
  counted: Map<string, Map<string, CountedAttempt>>;
};

/** A problem's title in the reader's language, from one version's file (its stored English title otherwise). */
export function versionTitle(version: { title: string; content: unknown }, locale: string): string {
  const content = version.content as { title?: LocalizedText } | undefined;
  return content?.title ? textIn(content.title, locale) : version.title;
}

const byName = (a: ClassStudent, b: ClassStudent) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email);

/** The course's students (and anyone else who submitted to the assignment), sorted by name. */
export async function loadClassWork(db: Db, assignmentId: string, locale = "en"): Promise<ClassWork | null> {
  const a = await db.assignment.findUnique({
    where: { id: assignmentId },
    select: {
      id: true,
      title: true,
      courseId: true,
      scoreRule: true,
      dueAt: true,
      course: { select: { id: true, code: true, title: true } },
      problems: {
        orderBy: { position: "asc" },
        select: {
          points: true,
          position: true,
          problem: { select: { id: true, slug: true } },
          problemVersion: { select: { id: true, version: true, title: true, content: true } },
        },
      },
    },
  });
  if (!a) return null;
  const [members, countedRows] = await Promise.all([
    db.membership.findMany({ where: { courseId: a.courseId, role: "STUDENT" }, select: { user: { select: { id: true, name: true, email: true } } } }),
    countedAttempts(db, assignmentId, a.scoreRule),
  ]);
  const students = new Map(members.map((m) => [m.user.id, m.user]));
  const counted = new Map<string, Map<string, CountedAttempt>>();
  for (const c of countedRows) {
    let perProblem = counted.get(c.userId);
    if (!perProblem) counted.set(c.userId, (perProblem = new Map<string, CountedAttempt>()));
    perProblem.set(c.problemId, c);
  }
  // Anyone who submitted without being a student of the course (any more) is listed too.
  if ([...counted.keys()].some((id) => !students.has(id))) {
    const others = await db.user.findMany({
      where: { submissions: { some: { assignmentId } }, memberships: { none: { courseId: a.courseId, role: "STUDENT" } } },
      select: { id: true, name: true, email: true },
    });
    for (const u of others) students.set(u.id, u);
  }
  const { problems, course, ...assignment } = a;
  return {
    assignment: { ...assignment, course },
    problems: problems.map((p) => ({
      id: p.problem.id,
      slug: p.problem.slug,
      title: versionTitle(p.problemVersion, locale),
      points: p.points,
      position: p.position,
      version: { id: p.problemVersion.id, version: p.problemVersion.version },
    })),
    students: [...students.values()].sort(byName),
    counted,
  };
}

type CountedRow = Omit<CountedAttempt, "late" | "createdAt" | "attempt" | "attempts"> & {
  late: number | bigint | boolean;
  createdAt: string | Date;
  attempt: number | bigint;
  attempts: number | bigint;
};

/**
 * Each student's counted attempt at each problem, with their number of attempts, found by the
 * database from the index on (assignmentId, userId, problemId, score, attempt): per student and
 * problem the count, the best score and the last attempt, then the attempt that counts: the last
 * one (LATEST), or the last of those within 1e-12 of the best score (BEST, as countedAttempt in
 * lib/review/scoring.ts). Only the counted rows are read, never every attempt. (On SQLite a CROSS JOIN
 * keeps the join order: from the picks, by the unique index, rather than a scan of every submission;
 * PostgreSQL's planner needs no such hint and has no CROSS JOIN … ON.) Identifiers are quoted, as
 * PostgreSQL folds unquoted ones to lower case; SQLite reads them the same either way.
 */
export async function countedAttempts(db: Db, assignmentId: string, rule: ScoreRule): Promise<CountedAttempt[]> {
  const join = Prisma.raw(isPostgres(db) ? "JOIN" : "CROSS JOIN");
  const rows = await db.$queryRaw<CountedRow[]>`
    WITH g AS (
      SELECT "userId", "problemId", COUNT(*) AS n, MAX(score) AS best, MAX(attempt) AS last
      FROM "Submission" WHERE "assignmentId" = ${assignmentId} GROUP BY "userId", "problemId"
    ), pick AS (
      SELECT g."userId", g."problemId", g.n,
        CASE WHEN CAST(${rule} AS TEXT) = 'LATEST' THEN g.last ELSE (
          SELECT MAX(t.attempt) FROM "Submission" t
          WHERE t."assignmentId" = ${assignmentId} AND t."userId" = g."userId" AND t."problemId" = g."problemId" AND t.score >= g.best - 1e-12
        ) END AS attempt
      FROM g
    )
    SELECT s.id, s."userId", s."problemId", s."problemVersionId", s.attempt, s.score, s."autoScore", s.late, s."latePenalty", s."variantSeed", s."createdAt",
      pick.n AS attempts
    FROM pick ${join} "Submission" s
      ON s."userId" = pick."userId" AND s."assignmentId" = ${assignmentId} AND s."problemId" = pick."problemId" AND s.attempt = pick.attempt`;
  return rows.map((r) => ({
    ...r,
    attempt: Number(r.attempt),
    attempts: Number(r.attempts),
    late: Boolean(Number(r.late)),
    createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt),
  }));
}

/** How many attempts a student made at a problem. */
export function attemptCount(work: ClassWork, userId: string, problemId: string): number {
  return work.counted.get(userId)?.get(problemId)?.attempts ?? 0;
}

/** The attempt that counts for a student and problem, or null when they have not submitted. */
export function countedOf(work: ClassWork, userId: string, problemId: string): CountedAttempt | null {
  return work.counted.get(userId)?.get(problemId) ?? null;
}
