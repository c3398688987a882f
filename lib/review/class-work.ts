/**
 * An assignment's class at a glance: its problems, its students, and for each student and problem the
 * attempt that counts under the assignment's score rule and how many attempts they made. The review queue, the
 * analytics, the bulk regrade and the exports all start from here.
 */
import type { Db } from "@/lib/db/client";
import { textIn, type LocalizedText } from "@/lib/problems/schema";
import type { CountedAttempt } from "./counted";
import type { ScoreRule } from "./scoring";
import { cachedCountedAttempts } from "./snapshot";

export { countedAttempts, type Attempt, type CountedAttempt } from "./counted";

/** `version`: the version the assignment is pinned to (what its students get and are graded on). */
export type ClassProblem = { id: string; slug: string; title: string; points: number; position: number; version: { id: string; version: number } };
export type ClassStudent = { id: string; name: string; email: string };
export type ClassWork = {
  assignment: { id: string; title: string; courseId: string; scoreRule: ScoreRule; dueAt: Date; course: { id: string; code: string; title: string } };
  problems: ClassProblem[];
  students: ClassStudent[];
  /** counted.get(userId)?.get(problemId): that student's counted attempt at that problem and their number of attempts. */
  counted: Map<string, Map<string, CountedAttempt>>;
  /** The database's stamp the counted attempts were read under (snapshot.ts), for resultFacts. */
  stamp: string;
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
  const [members, { stamp, counted: countedRows }] = await Promise.all([
    db.membership.findMany({ where: { courseId: a.courseId, role: "STUDENT" }, select: { user: { select: { id: true, name: true, email: true } } } }),
    cachedCountedAttempts(db, a),
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
    stamp,
  };
}

/** How many attempts a student made at a problem. */
export function attemptCount(work: ClassWork, userId: string, problemId: string): number {
  return work.counted.get(userId)?.get(problemId)?.attempts ?? 0;
}

/** The attempt that counts for a student and problem, or null when they have not submitted. */
export function countedOf(work: ClassWork, userId: string, problemId: string): CountedAttempt | null {
  return work.counted.get(userId)?.get(problemId) ?? null;
}
