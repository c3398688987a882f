/**
 * The one place that answers "may this user do this action here?" for every page, loader, server
 * action and route handler. The rules are a table (RULES) read by a pure function (`check`/`can`);
 * `authorize` looks up the user's role in the course that owns the target, and where the target is
 * an assignment or a submission, whether that assignment has opened (for a problem, seen from a
 * course, whether that course owns it), then applies the same table.
 * Callers only ask; nothing outside this file tests a role, ownership, a site admin or an opening
 * time to decide what someone may do or see. Next.js adapters (403 page, 403 JSON) live in
 * lib/guards.ts.
 */
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isClosed, RULES_SELECT, type AssignmentRules } from "@/lib/assignments/rules";

export const COURSE_ROLES = ["STUDENT", "TA", "INSTRUCTOR"] as const;
export type CourseRole = (typeof COURSE_ROLES)[number];

type Rule = {
  /** Roles in the course that may do it (on anyone's work). */
  roles: readonly CourseRole[];
  /** Roles that may do it only on their own: a submission they made, a problem their course owns. */
  own?: readonly CourseRole[];
  /**
   * Roles whose grant holds only once the assignment has opened. Before that a student knows the
   * assignment exists and when it opens, and nothing of its problems: not their titles, links,
   * statements, drafts or checks.
   */
  onceOpen?: readonly CourseRole[];
  /**
   * Site admins may do everything, except what only a student does in their own name (submit,
   * draft, check a graph, ask for a regrade): `false` here. An admin enrolled as a student does
   * those as that student, by the `roles`/`own` columns like anyone else.
   */
  siteAdmin?: false;
  /** What the action is about; `authorize` rejects a target of another kind. */
  target: "course" | "assignment" | "submission" | "problem";
};

const STAFF = ["TA", "INSTRUCTOR"] as const;
const EVERYONE = ["STUDENT", "TA", "INSTRUCTOR"] as const;
const STUDENTS = ["STUDENT"] as const;

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
  /** That the assignment exists: its title, description, dates and rules (announced before it opens). */
  "assignment.view": { roles: EVERYONE, target: "assignment" },
  /** Its problems: titles, links, statements, one's own variant and history. */
  "assignment.problems": { roles: EVERYONE, onceOpen: STUDENTS, target: "assignment" },
  "assignment.manage": { roles: ["INSTRUCTOR"], target: "assignment" },
  "assignment.archive": { roles: ["INSTRUCTOR"], target: "assignment" },
  "assignment.duplicate": { roles: ["INSTRUCTOR"], target: "assignment" },
  /** Moving an assignment's problem to another version of it (previewed, then regraded). */
  "assignment.version": { roles: ["INSTRUCTOR"], target: "assignment" },
  /** Working on it as a student: drafts, graph checks, practice numbers, submissions (rules.ts then says when). */
  "assignment.submit": { roles: STUDENTS, onceOpen: STUDENTS, siteAdmin: false, target: "assignment" },
  "assignment.review": { roles: STAFF, target: "assignment" },
  "analytics.view": { roles: STAFF, target: "assignment" },
  "submission.view": { roles: STAFF, own: STUDENTS, onceOpen: STUDENTS, target: "submission" },
  /** Reference answers and the solution whatever the release policy (students get them by the policy, rules.ts). */
  "answers.reveal-always": { roles: STAFF, target: "submission" },
  "submission.grade": { roles: STAFF, target: "submission" },
  /** Defining, editing, reordering and deleting an assignment's saved comments (lib/review/rubric.ts). */
  "rubric.manage": { roles: STAFF, target: "assignment" },
  /** Applying a saved comment to a submission, or taking it off. */
  "rubric.apply": { roles: STAFF, target: "submission" },
  "regrade.request": { roles: [], own: STUDENTS, onceOpen: STUDENTS, siteAdmin: false, target: "submission" },
  "regrade.respond": { roles: STAFF, target: "submission" },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];

export type Actor = { id: string; isSiteAdmin: boolean };

/**
 * Where an assignment stands: not open yet, open for work, or closed (no more work accepted, by its
 * due date and late policy). Course-level targets have none.
 */
export type Phase = "unopened" | "open" | "closed";

export type Context = {
  /** The actor's role in the course that owns the target, or null when not a member. */
  role: CourseRole | null;
  /** Whether the target is the actor's own: their submission, or a problem of the course they act in. */
  isOwner: boolean;
  /** The assignment's phase, for assignment and submission targets; absent counts as not opened. */
  phase?: Phase | null;
};

export type Verdict = "allowed" | "forbidden" | "not-open";

/** The rule table applied to one case; "not-open" when only the opening time stands in the way. */
export function check(actor: Actor, action: Action, ctx: Context): Verdict {
  const rule: Rule = RULES[action];
  if (actor.isSiteAdmin && rule.siteAdmin !== false) return "allowed";
  const role = ctx.role;
  if (role === null) return "forbidden";
  const granted = rule.roles.includes(role) || (ctx.isOwner && (rule.own?.includes(role) ?? false));
  if (!granted) return "forbidden";
  if (rule.onceOpen?.includes(role) && ctx.phase !== "open" && ctx.phase !== "closed") return "not-open";
  return "allowed";
}

export function can(actor: Actor, action: Action, ctx: Context): boolean {
  return check(actor, action, ctx) === "allowed";
}

/** The phase of an assignment at `now` (the closing time is rules.ts's, late policy included). */
export function phaseOf(a: AssignmentRules, now: Date): Phase {
  if (now < a.opensAt) return "unopened";
  return isClosed(a, now) ? "closed" : "open";
}

export type Target = { courseId: string } | { assignmentId: string } | { submissionId: string } | { problemId: string; courseId: string };

export type Refusal = { allowed: false; reason: "not-found" | "forbidden" } | { allowed: false; reason: "not-open"; opensAt: Date };

export type Decision = { allowed: true; courseId: string; role: CourseRole | null; isOwner: boolean; phase: Phase | null; ctx: Context } | Refusal;

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === "object" && x !== null && "allowed" in x && x.allowed === false;
}

type Located = { kind: Rule["target"]; courseId: string; ownerId: string | null; ownedByCourse?: boolean; assignment: AssignmentRules | null };

/** Where a target lives (its course, its assignment's dates) and who owns it; null when it does not exist. */
async function locate(db: Db, target: Target): Promise<Located | null> {
  if ("problemId" in target) {
    const [problem, course] = await Promise.all([
      db.problem.findUnique({ where: { id: target.problemId }, select: { ownerCourseId: true } }),
      db.course.findUnique({ where: { id: target.courseId }, select: { id: true } }),
    ]);
    return problem && course && { kind: "problem", courseId: course.id, ownerId: null, ownedByCourse: problem.ownerCourseId === course.id, assignment: null };
  }
  if ("courseId" in target) {
    const course = await db.course.findUnique({ where: { id: target.courseId }, select: { id: true } });
    return course && { kind: "course", courseId: course.id, ownerId: null, assignment: null };
  }
  if ("assignmentId" in target) {
    const a = await db.assignment.findUnique({ where: { id: target.assignmentId }, select: { ...RULES_SELECT, courseId: true } });
    if (!a) return null;
    const { courseId, ...rules } = a;
    return { kind: "assignment", courseId, ownerId: null, assignment: rules };
  }
  const s = await db.submission.findUnique({
    where: { id: target.submissionId },
    select: { userId: true, assignment: { select: { ...RULES_SELECT, courseId: true } } },
  });
  if (!s) return null;
  const { courseId, ...rules } = s.assignment;
  return { kind: "submission", courseId, ownerId: s.userId, assignment: rules };
}

/**
 * Finds the target's course, the actor's role in it and the assignment's phase at `now`, then
 * applies the rule table. The decision carries that context so the caller can ask further
 * questions of the same target with `can(actor, action, decision.ctx)`.
 */
export async function authorize(db: Db, actor: Actor, action: Action, target: Target, now: Date = new Date()): Promise<Decision> {
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
  const phase = found.assignment ? phaseOf(found.assignment, now) : null;
  const ctx: Context = { role: membership?.role ?? null, isOwner: found.ownedByCourse ?? found.ownerId === actor.id, phase };
  const verdict = check(actor, action, ctx);
  if (verdict === "not-open") return { allowed: false, reason: "not-open", opensAt: found.assignment!.opensAt };
  if (verdict === "forbidden") return { allowed: false, reason: "forbidden" };
  return { allowed: true, courseId: found.courseId, role: ctx.role, isOwner: ctx.isOwner, phase, ctx };
}

/**
 * The courses in which the actor may do a course-level action, as a Prisma filter for list pages
 * (the teaching overview): every course for a site admin where the override applies, else the
 * courses where the actor holds one of the rule's roles.
 */
export function coursesWhere(actor: Actor, action: Action): Prisma.CourseWhereInput {
  const rule: Rule = RULES[action];
  if (rule.target !== "course") throw new Error(`coursesWhere: ${action} is not a course-level action`);
  if (actor.isSiteAdmin && rule.siteAdmin !== false) return {};
  return { memberships: { some: { userId: actor.id, role: { in: [...rule.roles] } } } };
}

/** Creating a course is not tied to one: site admins, and people who already teach one as instructor. */
export async function canCreateCourse(db: Db, actor: Actor): Promise<boolean> {
  if (actor.isSiteAdmin) return true;
  const teaching = await db.membership.count({ where: { userId: actor.id, role: "INSTRUCTOR" } });
  return teaching > 0;
}

/** Accounts (the list of every user, revoking a user's sessions) are not tied to a course: site admins only. */
export function canManageAccounts(actor: Actor): boolean {
  return actor.isSiteAdmin;
}

/** LMS (LTI) registrations and the tool's keys are the whole site's: site admins only. */
export function canManageLti(actor: Actor): boolean {
  return actor.isSiteAdmin;
}

/** The server's metrics (GET /api/metrics, read in a browser session): site admins only. A scraper uses METRICS_TOKEN instead. */
export function canReadMetrics(actor: Actor): boolean {
  return actor.isSiteAdmin;
}
