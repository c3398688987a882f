import "server-only";
/**
 * The staff side's data-access layer for authoring assignments: the new and edit pages' form data,
 * and the actions that create, change, archive, duplicate and delete an assignment, or add one
 * problem to it from the problem's page (lib/authoring asks lib/authz.ts and writes the audit).
 */
import type { Actor } from "@/lib/authz";
import { deleteAssignment, duplicateAssignment, setAssignmentArchived } from "@/lib/authoring/assignment-lifecycle";
import { addProblemToAssignment, assignmentFormValues, bankChoices, createAssignment, updateAssignment } from "@/lib/authoring/assignments";
import { getDb } from "@/lib/db/client";
import { requirePermission } from "@/lib/guards";
import { courseHeading } from "@/lib/dal/staff";

/** The new-assignment page: the course's code and the problems the form may pick, for those who may edit the course. */
export async function newAssignmentPage(courseId: string) {
  const { courseId: id } = await requirePermission("course.edit", { courseId });
  const db = getDb();
  const { code } = await courseHeading(db, id);
  return { courseId: id, code, bank: await bankChoices(db) };
}

/**
 * The edit page: the form's current values, the course's code, the problems the form may pick (the
 * assignment's own included even when archived), and whether this user may also archive and duplicate it.
 */
export async function editAssignmentPage(assignmentId: string) {
  const { courseId, allows } = await requirePermission("assignment.manage", { assignmentId });
  const db = getDb();
  const { values, archived } = await assignmentFormValues(db, assignmentId);
  const { code } = await courseHeading(db, courseId);
  const bank = await bankChoices(
    db,
    values.problems.map((p) => p.problemId),
  );
  return { courseId, code, values, archived, bank, mayManage: allows("assignment.archive") && allows("assignment.duplicate") };
}

// The actions' half.

export const createAssignmentAs = (actor: Actor, courseId: string, input: unknown) => createAssignment(getDb(), actor, courseId, input);
export const updateAssignmentAs = (actor: Actor, assignmentId: string, input: unknown) => updateAssignment(getDb(), actor, assignmentId, input);
export const archiveAssignmentAs = (actor: Actor, assignmentId: string, input: unknown) => setAssignmentArchived(getDb(), actor, assignmentId, input);
export const duplicateAssignmentAs = (actor: Actor, assignmentId: string, input: unknown) => duplicateAssignment(getDb(), actor, assignmentId, input);
export const deleteAssignmentAs = (actor: Actor, assignmentId: string) => deleteAssignment(getDb(), actor, assignmentId);
export const addProblemToAssignmentAs = (actor: Actor, problemId: string, input: unknown) => addProblemToAssignment(getDb(), actor, problemId, input);
