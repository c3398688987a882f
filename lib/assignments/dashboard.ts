import { authorize, can, canCreateCourse, coursesWhere, phaseOf, type Actor, type CourseRole, type Refusal } from "@/lib/authz";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { contentTitle } from "@/lib/problems/schema";
import { RULES_SELECT } from "./rules";
import { assignmentStatus, pointsEarned, progressOf, type AttemptTotals, type ProblemStatus } from "./progress";

export type StudentAssignmentRow = {
  id: string;
  title: string;
  opensAt: Date;
  dueAt: Date;
  pointsPossible: number;
  pointsEarned: number;
  status: ProblemStatus;
  problemCount: number;
  /** Whether its problems may be shown (lib/authz.ts: once it has opened); false leaves `problems` empty. */
  open: boolean;
  problems: { id: string; title: string; status: ProblemStatus }[];
};

export type StudentCourse = { id: string; code: string; title: string; term: string; assignments: StudentAssignmentRow[] };

/**
 * Courses the user takes as a student, with each assignment's due date, points and status. An
 * assignment that has not opened is listed with its dates only: its problems (titles, links) are
 * left out, as lib/authz.ts's `assignment.problems` rule says.
 */
export async function loadStudentDashboard(db: Db, viewer: Actor, now: Date = new Date(), locale: string = "en"): Promise<StudentCourse[]> {
  const userId = viewer.id;
  const memberships = await db.membership.findMany({
    where: { userId, role: "STUDENT" },
    orderBy: { course: { title: "asc" } },
    select: {
      course: {
        select: {
          id: true,
          code: true,
          title: true,
          term: true,
          assignments: {
            where: { archivedAt: null },
            orderBy: { dueAt: "asc" },
            select: {
              id: true,
              title: true,
              opensAt: true,
              dueAt: true,
              lateUntil: true,
              latePolicy: true,
              latePenaltyPercent: true,
              releasePolicy: true,
              maxAttempts: true,
              scoreRule: true,
              // Titles of the versions the assignment is pinned to, not of the problem's latest.
              problems: { orderBy: { position: "asc" }, select: { problemId: true, points: true, problemVersion: { select: { title: true, content: true } } } },
            },
          },
        },
      },
    },
  });
  const totals = await attemptTotals(
    db,
    userId,
    memberships.flatMap((m) => m.course.assignments.map((a) => a.id)),
  );
  return memberships.map(({ course }) => ({
    id: course.id,
    code: course.code,
    title: course.title,
    term: course.term,
    assignments: course.assignments.map((a) => {
      const phase = phaseOf(a, now);
      const closed = phase === "closed";
      const open = can(viewer, "assignment.problems", { role: "STUDENT", isOwner: false, phase });
      const problems = a.problems.map((p) => ({
        id: p.problemId,
        title: versionTitle(p.problemVersion, locale),
        points: p.points,
        progress: progressOf(totals.get(totalsKey(a.id, p.problemId)) ?? null, a.scoreRule, a.maxAttempts, closed),
      }));
      return {
        id: a.id,
        title: a.title,
        opensAt: a.opensAt,
        dueAt: a.dueAt,
        pointsPossible: a.problems.reduce((s, p) => s + p.points, 0),
        pointsEarned: pointsEarned(problems),
        status: assignmentStatus(problems.map((p) => p.progress)),
        problemCount: a.problems.length,
        open,
        problems: open ? problems.map((p) => ({ id: p.id, title: p.title, status: p.progress.status })) : [],
      };
    }),
  }));
}

/** A problem's title in the reader's language, from its pinned version's file (the stored English title otherwise). */
function versionTitle(version: { title: string; content: unknown }, locale: string): string {
  return contentTitle(version.content, version.title, locale);
}

export const totalsKey = (assignmentId: string, problemId: string) => `${assignmentId}\u0000${problemId}`;

/**
 * A student's attempt totals per assignment and problem (key: totalsKey), added up by the database in
 * one query: the count and best score from the index on (assignmentId, userId, problemId, score,
 * attempt) alone, and the latest attempt's score by the unique index, one row per problem. Nothing
 * here reads the attempts themselves, so a student with thousands of attempts costs about what one
 * with a few does. The list of ids is the student's courses' assignments (bounded by the courses).
 */
export async function attemptTotals(db: Db, userId: string, assignmentIds: readonly string[]): Promise<Map<string, AttemptTotals>> {
  const out = new Map<string, AttemptTotals>();
  if (assignmentIds.length === 0) return out;
  const rows = await db.$queryRaw<{ assignmentId: string; problemId: string; n: number | bigint; best: number; latest: number }[]>(Prisma.sql`
    SELECT g."assignmentId", g."problemId", g.n, g.best,
      (SELECT s.score FROM "Submission" s
       WHERE s."userId" = ${userId} AND s."assignmentId" = g."assignmentId" AND s."problemId" = g."problemId" AND s.attempt = g.last) AS latest
    FROM (
      SELECT "assignmentId", "problemId", COUNT(*) AS n, MAX(score) AS best, MAX(attempt) AS last
      FROM "Submission" WHERE "userId" = ${userId} AND "assignmentId" IN (${Prisma.join([...assignmentIds])})
      GROUP BY "assignmentId", "problemId"
    ) g`);
  for (const r of rows) out.set(totalsKey(r.assignmentId, r.problemId), { count: Number(r.n), best: Number(r.best), latest: Number(r.latest) });
  return out;
}

export type TeachingCourse = {
  id: string;
  code: string;
  title: string;
  term: string;
  role: "TA" | "INSTRUCTOR" | "ADMIN";
  studentCount: number;
  assignments: { id: string; title: string; opensAt: Date; dueAt: Date; problemCount: number; submissionCount: number }[];
};

/** Courses the user teaches (as TA or instructor; a site admin sees every course). */
export async function loadTeachingOverview(db: Db, user: Actor): Promise<TeachingCourse[]> {
  const courses = await db.course.findMany({
    where: coursesWhere(user, "course.teach"),
    orderBy: { title: "asc" },
    select: {
      id: true,
      code: true,
      title: true,
      term: true,
      memberships: { where: { OR: [{ userId: user.id }, { role: "STUDENT" }] }, select: { userId: true, role: true } },
      assignments: {
        where: { archivedAt: null },
        orderBy: { dueAt: "asc" },
        select: {
          id: true,
          title: true,
          opensAt: true,
          dueAt: true,
          _count: { select: { problems: true, submissions: true } },
        },
      },
    },
  });
  return courses.map((c) => {
    const mine = c.memberships.find((m) => m.userId === user.id);
    const role = mine && mine.role !== "STUDENT" ? mine.role : "ADMIN";
    return {
      id: c.id,
      code: c.code,
      title: c.title,
      term: c.term,
      role,
      studentCount: c.memberships.filter((m) => m.role === "STUDENT").length,
      assignments: c.assignments.map((a) => ({
        id: a.id,
        title: a.title,
        opensAt: a.opensAt,
        dueAt: a.dueAt,
        problemCount: a._count.problems,
        submissionCount: a._count.submissions,
      })),
    };
  });
}

/**
 * Whether the user takes any course as a student, and whether they have a teaching side: a course
 * lib/authz.ts lets them teach (`course.teach`), or the right to create one (site admins).
 */
export async function userRoles(db: Db, user: Actor): Promise<{ studies: boolean; teaches: boolean }> {
  const [studying, teaching] = await Promise.all([
    db.membership.count({ where: { userId: user.id, role: "STUDENT" } }),
    db.course.count({ where: coursesWhere(user, "course.teach") }),
  ]);
  return { studies: studying > 0, teaches: teaching > 0 || (await canCreateCourse(db, user)) };
}

/** Where a user lands after sign-in: teaching if that is all they do, otherwise their student dashboard. */
export async function landingPath(db: Db, user: Actor): Promise<"/dashboard" | "/teach"> {
  const { studies, teaches } = await userRoles(db, user);
  return teaches && !studies ? "/teach" : "/dashboard";
}

export type CourseSummary = {
  course: {
    id: string;
    code: string;
    title: string;
    term: string;
    /** Each assignment with its dates; its problems only where lib/authz.ts lets the viewer see them (`null` before it opens, for students). */
    assignments: { id: string; title: string; opensAt: Date; dueAt: Date; problems: { id: string; title: string }[] | null }[];
  };
  role: CourseRole | null;
};

/** A course and its assignments (archived ones left out), for anyone in it (`GET /api/courses/<id>`); a Refusal otherwise. */
export async function loadCourseSummary(db: Db, viewer: Actor, courseId: string, now: Date = new Date()): Promise<CourseSummary | Refusal> {
  const decision = await authorize(db, viewer, "course.view", { courseId }, now);
  if (!decision.allowed) return decision;
  const course = await db.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      id: true,
      code: true,
      title: true,
      term: true,
      assignments: {
        where: { archivedAt: null },
        orderBy: { dueAt: "asc" },
        select: {
          id: true,
          title: true,
          ...RULES_SELECT,
          // Titles of the versions the assignment is pinned to, not of the problem's latest.
          problems: { orderBy: { position: "asc" }, select: { problemId: true, problemVersion: { select: { title: true } } } },
        },
      },
    },
  });
  return {
    course: {
      id: course.id,
      code: course.code,
      title: course.title,
      term: course.term,
      assignments: course.assignments.map((a) => ({
        id: a.id,
        title: a.title,
        opensAt: a.opensAt,
        dueAt: a.dueAt,
        problems: can(viewer, "assignment.problems", { ...decision.ctx, phase: phaseOf(a, now) })
          ? a.problems.map((p) => ({ id: p.problemId, title: p.problemVersion.title }))
          : null,
      })),
    },
    role: decision.role,
  };
}
