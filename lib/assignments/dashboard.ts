import type { Db } from "@/lib/db/client";
import { assignmentStatus, pointsEarned, problemProgress, type ProblemStatus } from "./progress";

export type StudentAssignmentRow = {
  id: string;
  title: string;
  opensAt: Date;
  dueAt: Date;
  pointsPossible: number;
  pointsEarned: number;
  status: ProblemStatus;
  problemCount: number;
  problems: { id: string; title: string; status: ProblemStatus }[];
};

export type StudentCourse = { id: string; code: string; title: string; term: string; assignments: StudentAssignmentRow[] };

/** Courses the user takes as a student, with each assignment's due date, points and status. */
export async function loadStudentDashboard(db: Db, userId: string, now: Date = new Date()): Promise<StudentCourse[]> {
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
              maxAttempts: true,
              scoreRule: true,
              // Titles of the versions the assignment is pinned to, not of the problem's latest.
              problems: { orderBy: { position: "asc" }, select: { problemId: true, points: true, problemVersion: { select: { title: true } } } },
              submissions: { where: { userId }, select: { problemId: true, score: true, attempt: true } },
            },
          },
        },
      },
    },
  });
  return memberships.map(({ course }) => ({
    id: course.id,
    code: course.code,
    title: course.title,
    term: course.term,
    assignments: course.assignments.map((a) => {
      const closesAt = a.latePolicy === "REFUSE" ? a.dueAt : (a.lateUntil ?? null);
      const closed = closesAt !== null && now > closesAt;
      const problems = a.problems.map((p) => ({
        id: p.problemId,
        title: p.problemVersion.title,
        points: p.points,
        progress: problemProgress(
          a.submissions.filter((s) => s.problemId === p.problemId),
          a.scoreRule,
          a.maxAttempts,
          closed,
        ),
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
        problems: problems.map((p) => ({ id: p.id, title: p.title, status: p.progress.status })),
      };
    }),
  }));
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
export async function loadTeachingOverview(db: Db, user: { id: string; isSiteAdmin: boolean }): Promise<TeachingCourse[]> {
  const courses = await db.course.findMany({
    where: user.isSiteAdmin ? {} : { memberships: { some: { userId: user.id, role: { in: ["TA", "INSTRUCTOR"] } } } },
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

/** Whether the user takes any course as a student, and whether they teach any (site admins do). */
export async function userRoles(db: Db, user: { id: string; isSiteAdmin: boolean }): Promise<{ studies: boolean; teaches: boolean }> {
  const roles = await db.membership.findMany({ where: { userId: user.id }, select: { role: true } });
  return {
    studies: roles.some((r) => r.role === "STUDENT"),
    teaches: user.isSiteAdmin || roles.some((r) => r.role !== "STUDENT"),
  };
}

/** Where a user lands after sign-in: teaching if that is all they do, otherwise their student dashboard. */
export async function landingPath(db: Db, user: { id: string; isSiteAdmin: boolean }): Promise<"/dashboard" | "/teach"> {
  const { studies, teaches } = await userRoles(db, user);
  return teaches && !studies ? "/teach" : "/dashboard";
}
