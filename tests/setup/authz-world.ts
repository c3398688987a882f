/**
 * The world the access tests walk: the problem bank and the demo course (DL-101 with its instructor,
 * TA and students; DL-201 with another TA), plus a student of DL-201 and a user in no course, and
 * three DL-101 assignments in each phase (not open yet, open, closed), each with the cross-entropy
 * problem and a submission of student1's made through the real submit path while it was open.
 */
import { submitAnswers } from "@/lib/assignments/submit";
import type { Db } from "@/lib/db/client";
import { seedDemo } from "@/lib/ops/seed";
import { importBank } from "@/lib/problem-store/bank";
import type { Phase } from "@/lib/authz";

const DAY = 86_400_000;

export type WorldUser = { id: string; isSiteAdmin: boolean; name: string; email: string; mustChangePassword: boolean };

export async function authzWorld(db: Db, now: Date) {
  await importBank(db, "problems");
  await seedDemo(db, now);
  const courses = Object.fromEntries((await db.course.findMany()).map((c) => [c.code, c.id])) as Record<"DL-101" | "DL-201", string>;
  const other = await db.user.create({ data: { email: "other@example.test", name: "Other Course Student", passwordHash: "x" } });
  await db.membership.create({ data: { userId: other.id, courseId: courses["DL-201"], role: "STUDENT" } });
  await db.user.create({ data: { email: "nobody@example.test", name: "In No Course", passwordHash: "x" } });
  const users = Object.fromEntries((await db.user.findMany()).map((u) => [u.email.split("@")[0]!, u])) as Record<string, WorldUser>;
  const problem = await db.problem.findUniqueOrThrow({
    where: { slug: "seed-cross-entropy" },
    include: { versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  const problemId = problem.id;
  const problemVersionId = problem.versions[0]!.id;

  const dates: Record<Phase, { opensAt: Date; dueAt: Date; submitAt: Date }> = {
    unopened: { opensAt: new Date(now.getTime() + 7 * DAY), dueAt: new Date(now.getTime() + 14 * DAY), submitAt: new Date(now.getTime() + 8 * DAY) },
    open: { opensAt: new Date(now.getTime() - DAY), dueAt: new Date(now.getTime() + 7 * DAY), submitAt: new Date(now.getTime() - 3_600_000) },
    closed: { opensAt: new Date(now.getTime() - 10 * DAY), dueAt: new Date(now.getTime() - 3 * DAY), submitAt: new Date(now.getTime() - 5 * DAY) },
  };
  const assignments = {} as Record<Phase, string>;
  const submissions = {} as Record<Phase, string>;
  for (const phase of ["unopened", "open", "closed"] as const) {
    const { opensAt, dueAt, submitAt } = dates[phase];
    const a = await db.assignment.create({
      data: {
        courseId: courses["DL-101"],
        title: `Access walk: ${phase}`,
        opensAt,
        dueAt,
        latePolicy: "REFUSE",
        practice: true,
        problems: { create: { problemId, problemVersionId, position: 0, points: 10 } },
      },
    });
    assignments[phase] = a.id;
    // Made while it was open (the not-yet-open one's opening was moved later afterwards, as an instructor may).
    const r = await submitAnswers(db, users.student1!, { assignmentId: a.id, problemId, answers: { loss: "2.5" } }, submitAt);
    if (r.status !== "graded") throw new Error(`authzWorld: ${phase} submission not graded: ${JSON.stringify(r)}`);
    submissions[phase] = r.submissionId;
  }
  return { users, courses, problemId, assignments, submissions, problemTitle: problem.title };
}
