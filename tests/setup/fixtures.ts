import type { Db } from "@/lib/db/client";
import { seedDemo } from "@/lib/ops/seed";

/** The demo course (as `npm start` seeds it) with handy lookups by email and course code. */
export async function demoWorld(db: Db, now = new Date()) {
  await seedDemo(db, now);
  const users = Object.fromEntries((await db.user.findMany()).map((u) => [u.email.split("@")[0]!, u]));
  const courses = Object.fromEntries((await db.course.findMany()).map((c) => [c.code, c]));
  const assignment = await db.assignment.findFirstOrThrow({ where: { courseId: courses["DL-101"]!.id, title: "Homework 2: theory" } });
  return { users, courses, assignment };
}

let problemCounter = 0;

/** A problem with one version, attached to an assignment with the given points. */
export async function addProblem(db: Db, assignmentId: string, points: number) {
  problemCounter += 1;
  const problem = await db.problem.create({
    data: {
      slug: `fixture-${problemCounter}-${Date.now()}`,
      title: `Fixture ${problemCounter}`,
      versions: { create: { version: 1, content: { fixture: true }, contentHash: `h${problemCounter}` } },
    },
    include: { versions: true },
  });
  const position = await db.assignmentProblem.count({ where: { assignmentId } });
  await db.assignmentProblem.create({ data: { assignmentId, problemId: problem.id, problemVersionId: problem.versions[0]!.id, position, points } });
  return { problem, version: problem.versions[0]! };
}

export async function addSubmission(
  db: Db,
  args: { userId: string; assignmentId: string; problemId: string; versionId: string; score: number; attempt: number },
) {
  return db.submission.create({
    data: {
      userId: args.userId,
      assignmentId: args.assignmentId,
      problemId: args.problemId,
      problemVersionId: args.versionId,
      variantSeed: "seed",
      answers: {},
      results: {},
      autoScore: args.score,
      score: args.score,
      attempt: args.attempt,
    },
  });
}
