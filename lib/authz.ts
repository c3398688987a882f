/**
 * The one place that answers "may this user do this action here?" for every page, server action
 * and route handler. The rules are a table (RULES) read by a pure function (`can`); `authorize`
 * looks up the user's role in the course that owns the target and applies the same table.
 * Next.js adapters (403 page, 403 JSON) live in lib/guards.ts.
 */
import type { Db } from "@/lib/db/client";

export const COURSE_ROLES = ["STUDENT", "TA", "INSTRUCTOR"] as const;
export type CourseRole = (typeof COURSE_ROLES)[number];

type Rule = {
  /** Roles in the course that may always do it. */
  roles: readonly CourseRole[];
  /** Roles that may do it only on their own: a submission they made, a problem their course owns. */
  own?: readonly CourseRole[];
  /** What the action is about; `authorize` rejects a target of another kind. */
  target: "course" | "assignment" | "submission" | "problem";
};

const STAFF = ["TA", "INSTRUCTOR"] as const;
const EVERYONE = ["STUDENT", "TA", "INSTRUCTOR"] as const;

export const RULES = {
  "course.view": { roles: EVERYONE, target: "course" },
  "course.teach": { roles: STAFF, target: "course" },
  "course.edit": { roles: ["INSTRUCTOR"], target: "course" },
  "roster.view": { roles: STAFF, target: "course" },
  "roster.manage": { roles: ["INSTRUCTOR"], target: "course" },
  "grades.export": { roles: STAFF, target: "course" },
  "problem.preview": { roles: STAFF, target: "course" },
  // A problem is seen from a course ({ problemId, courseId }); it is the course's own when the course
  // owns it. Problems of the built-in bank belong to no course: only site admins change them.
  "problem.view": { roles: STAFF, target: "problem" },
  "problem.create": { roles: ["INSTRUCTOR"], target: "course" },
  "problem.edit": { roles: [], own: ["INSTRUCTOR"], target: "problem" },
  "problem.fork": { roles: ["INSTRUCTOR"], target: "problem" },
  "problem.archive": { roles: [], own: ["INSTRUCTOR"], target: "problem" },
  "assignment.view": { roles: EVERYONE, target: "assignment" },
  "assignment.manage": { roles: ["INSTRUCTOR"], target: "assignment" },
  "assignment.archive": { roles: ["INSTRUCTOR"], target: "assignment" },
  "assignment.duplicate": { roles: ["INSTRUCTOR"], target: "assignment" },
  /** Moving an assignment's problem to another version of it (previewed, then regraded). */
  "assignment.version": { roles: ["INSTRUCTOR"], target: "assignment" },
  "assignment.submit": { roles: ["STUDENT"], target: "assignment" },
  "assignment.review": { roles: STAFF, target: "assignment" },
  "analytics.view": { roles: STAFF, target: "assignment" },
  "submission.view": { roles: STAFF, own: ["STUDENT"], target: "submission" },
  "submission.grade": { roles: STAFF, target: "submission" },
  "regrade.request": { roles: [], own: ["STUDENT"], target: "submission" },
  "regrade.respond": { roles: STAFF, target: "submission" },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];

export type Actor = { id: string; isSiteAdmin: boolean };

export type Context = {
  /** The actor's role in the course that owns the target, or null when not a member. */
  role: CourseRole | null;
  /** Whether the target is the actor's own: their submission, or a problem of the course they act in. */
  isOwner: boolean;
};

/** The rule table applied to one case. Site admins manage everything. */
export function can(actor: Actor, action: Action, ctx: Context): boolean {
  if (actor.isSiteAdmin) return true;
  const rule: Rule = RULES[action];
  if (ctx.role === null) return false;
  if (rule.roles.includes(ctx.role)) return true;
  return ctx.isOwner && (rule.own?.includes(ctx.role) ?? false);
}

export type Target = { courseId: string } | { assignmentId: string } | { submissionId: string } | { problemId: string; courseId: string };

export type Decision =
  | { allowed: true; courseId: string; role: CourseRole | null; isOwner: boolean }
  | { allowed: false; reason: "not-found" | "forbidden" };

type Located = { kind: Rule["target"]; courseId: string; ownerId: string | null; ownedByCourse?: boolean };

/** Where a target lives (its course) and who owns it; null when it does not exist. */
async function locate(db: Db, target: Target): Promise<Located | null> {
  if ("problemId" in target) {
    const [problem, course] = await Promise.all([
      db.problem.findUnique({ where: { id: target.problemId }, select: { ownerCourseId: true } }),
      db.course.findUnique({ where: { id: target.courseId }, select: { id: true } }),
    ]);
    return problem && course && { kind: "problem", courseId: course.id, ownerId: null, ownedByCourse: problem.ownerCourseId === course.id };
  }
  if ("courseId" in target) {
    const course = await db.course.findUnique({ where: { id: target.courseId }, select: { id: true } });
    return course && { kind: "course", courseId: course.id, ownerId: null };
  }
  if ("assignmentId" in target) {
    const a = await db.assignment.findUnique({ where: { id: target.assignmentId }, select: { courseId: true } });
    return a && { kind: "assignment", courseId: a.courseId, ownerId: null };
  }
  const s = await db.submission.findUnique({
    where: { id: target.submissionId },
    select: { userId: true, assignment: { select: { courseId: true } } },
  });
  return s && { kind: "submission", courseId: s.assignment.courseId, ownerId: s.userId };
}

/** Finds the target's course and the actor's role in it, then applies the rule table. */
export async function authorize(db: Db, actor: Actor, action: Action, target: Target): Promise<Decision> {
  const rule: Rule = RULES[action];
  const found = await locate(db, target);
  if (!found) return { allowed: false, reason: "not-found" };
  if (found.kind !== rule.target) {
    throw new Error(`authorize: ${action} applies to a ${rule.target}, not a ${found.kind}`);
  }
  const membership = await db.membership.findUnique({
    where: { userId_courseId: { userId: actor.id, courseId: found.courseId } },
    select: { role: true },
  });
  const ctx: Context = { role: membership?.role ?? null, isOwner: found.ownedByCourse ?? found.ownerId === actor.id };
  if (!can(actor, action, ctx)) return { allowed: false, reason: "forbidden" };
  return { allowed: true, courseId: found.courseId, ...ctx };
}

/** Creating a course is not tied to one: site admins, and people who already teach one as instructor. */
export async function canCreateCourse(db: Db, actor: Actor): Promise<boolean> {
  if (actor.isSiteAdmin) return true;
  const teaching = await db.membership.count({ where: { userId: actor.id, role: "INSTRUCTOR" } });
  return teaching > 0;
}
