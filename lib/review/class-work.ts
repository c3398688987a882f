/**
 * An assignment's class at a glance: its problems, its students, and every attempt each student made
 * at each problem, with the one that counts under the assignment's score rule. The review queue, the
 * analytics, the bulk regrade and the exports all start from here.
 */
import type { Db } from "@/lib/db/client";
import { textIn, type LocalizedText } from "@/lib/problems/schema";
import { countedAttempt, type ScoreRule } from "./scoring";

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

export type ClassWork = {
  assignment: { id: string; title: string; courseId: string; scoreRule: ScoreRule; dueAt: Date; course: { id: string; code: string; title: string } };
  problems: ClassProblem[];
  students: ClassStudent[];
  /** attempts.get(userId)?.get(problemId): that student's attempts at that problem, oldest first. */
  attempts: Map<string, Map<string, Attempt[]>>;
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
  const [members, submissions] = await Promise.all([
    db.membership.findMany({ where: { courseId: a.courseId, role: "STUDENT" }, select: { user: { select: { id: true, name: true, email: true } } } }),
    db.submission.findMany({
      where: { assignmentId },
      orderBy: { attempt: "asc" },
      select: {
        id: true,
        userId: true,
        problemId: true,
        problemVersionId: true,
        attempt: true,
        score: true,
        autoScore: true,
        late: true,
        latePenalty: true,
        variantSeed: true,
        createdAt: true,
        user: { select: { id: true, name: true, email: true } },
      },
    }),
  ]);
  const students = new Map(members.map((m) => [m.user.id, m.user]));
  const attempts = new Map<string, Map<string, Attempt[]>>();
  for (const { user, ...s } of submissions) {
    if (!students.has(user.id)) students.set(user.id, user);
    let perProblem = attempts.get(s.userId);
    if (!perProblem) attempts.set(s.userId, (perProblem = new Map<string, Attempt[]>()));
    const list = perProblem.get(s.problemId) ?? [];
    list.push(s);
    perProblem.set(s.problemId, list);
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
    attempts,
  };
}

export function attemptsOf(work: ClassWork, userId: string, problemId: string): Attempt[] {
  return work.attempts.get(userId)?.get(problemId) ?? [];
}

/** The attempt that counts for a student and problem, or null when they have not submitted. */
export function countedOf(work: ClassWork, userId: string, problemId: string): Attempt | null {
  return countedAttempt(attemptsOf(work, userId, problemId), work.assignment.scoreRule);
}
