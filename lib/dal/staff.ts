import "server-only";
/**
 * The staff side's data-access layer for courses and their rosters: the teaching overview, a course
 * as its staff see it, its settings and roster pages, and the actions that change them. Each function
 * obtains the database itself and leaves the access decision to lib/authz.ts (through lib/guards.ts
 * for pages, inside the lib/courses and lib/roster functions for actions); pages and actions hold no
 * database client.
 */
import { forbidden } from "next/navigation";
import { loadTeachingOverview } from "@/lib/assignments/dashboard";
import { canCreateCourse, type Actor } from "@/lib/authz";
import { createCourse, courseSettings, regenerateJoinCode, setJoining, updateCourse } from "@/lib/courses/manage";
import { getDb, type Db } from "@/lib/db/client";
import { requirePermission } from "@/lib/guards";
import { addMember, changeRole, listRoster, removeMember } from "@/lib/roster/members";
import { applyRosterImport, previewRosterImport } from "@/lib/roster/import";
import { requireUser } from "@/lib/session";

/** The course's code and title, for headings and "back to" links. The caller has checked access. */
export async function courseHeading(db: Db, courseId: string): Promise<{ code: string; title: string }> {
  return db.course.findUniqueOrThrow({ where: { id: courseId }, select: { code: true, title: true } });
}

/** The teaching overview: the courses this user teaches, and whether they may create one. */
export async function teachingOverview() {
  const user = await requireUser();
  const courses = await loadTeachingOverview(getDb(), user);
  const mayCreate = await canCreateCourse(getDb(), user);
  return { courses, mayCreate };
}

/** For the new-course page: the 403 page unless this user may create a course. */
export async function requireCourseCreator(): Promise<void> {
  const user = await requireUser();
  if (!(await canCreateCourse(getDb(), user))) forbidden();
}

/** A course as its staff see it: its assignments (archived ones on request) and its members. */
export async function teachCourse(courseId: string, options: { showArchived: boolean }) {
  const grant = await requirePermission("course.teach", { courseId });
  const course = await getDb().course.findUniqueOrThrow({
    where: { id: grant.courseId },
    select: {
      code: true,
      title: true,
      term: true,
      assignments: {
        where: options.showArchived ? {} : { archivedAt: null },
        orderBy: { dueAt: "asc" },
        select: { id: true, title: true, dueAt: true, archivedAt: true, _count: { select: { submissions: true, problems: true } } },
      },
      memberships: {
        orderBy: [{ role: "desc" }, { user: { name: "asc" } }],
        select: { role: true, user: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  return { courseId: grant.courseId, allows: grant.allows, course };
}

/** The course settings page: the form's values and the join code, for those who may edit the course. */
export async function courseSettingsPage(courseId: string) {
  const grant = await requirePermission("course.edit", { courseId });
  return { courseId: grant.courseId, course: await courseSettings(getDb(), grant.courseId) };
}

/** The roster page: the course's heading and its members, for those who manage the roster. */
export async function rosterPage(courseId: string) {
  const { user, courseId: id } = await requirePermission("roster.manage", { courseId });
  const db = getDb();
  const course = await courseHeading(db, id);
  const members = await listRoster(db, id);
  return {
    courseId: id,
    selfId: user.id,
    code: course.code,
    members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role, submissions: m.submissions })),
  };
}

// The actions' half: lib/courses/manage.ts and lib/roster/ parse the input and ask lib/authz.ts.

export type { Added } from "@/lib/roster/members";
export type { ApplyOutcome, ImportPreview } from "@/lib/roster/import";

export const createCourseAs = (actor: Actor, input: unknown) => createCourse(getDb(), actor, input);
export const updateCourseAs = (actor: Actor, courseId: string, input: unknown) => updateCourse(getDb(), actor, courseId, input);
export const regenerateJoinCodeAs = (actor: Actor, courseId: string) => regenerateJoinCode(getDb(), actor, courseId);
export const setJoiningAs = (actor: Actor, courseId: string, input: { open: unknown }) => setJoining(getDb(), actor, courseId, input);

export const addMemberAs = (actor: Actor, courseId: string, input: unknown) => addMember(getDb(), actor, courseId, input);
export const changeRoleAs = (actor: Actor, courseId: string, input: unknown) => changeRole(getDb(), actor, courseId, input);
export const removeMemberAs = (actor: Actor, courseId: string, input: unknown) => removeMember(getDb(), actor, courseId, input);
export const previewRosterImportAs = (actor: Actor, courseId: string, input: unknown) => previewRosterImport(getDb(), actor, courseId, input);
export const applyRosterImportAs = (actor: Actor, courseId: string, input: unknown) => applyRosterImport(getDb(), actor, courseId, input);
