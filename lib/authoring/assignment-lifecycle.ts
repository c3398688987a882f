/**
 * An assignment's life beyond its form: archiving it (hidden from the course's lists and from
 * students' dashboards; its submissions, grades and rules stay), deleting it while no one has
 * submitted to it, and duplicating it within its course (its problems with their pinned versions and
 * points, and its rules; no submissions, drafts or archive mark). Each is asked of lib/authz.ts and
 * audited in the change's own transaction.
 */
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/authz";
import { recordAudit } from "@/lib/audit";
import { refusal } from "@/lib/courses/access";
import type { Db } from "@/lib/db/client";
import { ASSIGNMENT_TITLE_MAX } from "@/lib/validations/assignment";
import { fieldErrorsOf, invalid, ok, type Outcome } from "@/lib/validations/form-result";
import { archiveInputSchema } from "@/lib/validations/problem-editor";

const duplicateInputSchema = z.object({
  title: z.string({ error: "required" }).trim().min(1, "required").max(ASSIGNMENT_TITLE_MAX, "tooLong"),
});

export async function setAssignmentArchived(db: Db, actor: Actor, assignmentId: string, raw: unknown): Promise<Outcome<{ changed: boolean }>> {
  const refused = await refusal(db, actor, "assignment.archive", { assignmentId });
  if (refused) return refused;
  const parsed = archiveInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const { archived } = parsed.data;
  return db.$transaction(async (tx) => {
    const before = await tx.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { courseId: true, title: true, archivedAt: true } });
    if ((before.archivedAt !== null) === archived) return ok({ changed: false });
    const after = await tx.assignment.update({ where: { id: assignmentId }, data: { archivedAt: archived ? new Date() : null }, select: { archivedAt: true } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: archived ? "assignment.archive" : "assignment.unarchive",
      entityType: "Assignment",
      entityId: assignmentId,
      courseId: before.courseId,
      before: { title: before.title, archivedAt: before.archivedAt },
      after: { title: before.title, archivedAt: after.archivedAt },
    });
    return ok({ changed: true });
  });
}

/** Deletes an assignment nobody has submitted to (drafts go with it); one with submissions can only be archived. */
export async function deleteAssignment(db: Db, actor: Actor, assignmentId: string): Promise<Outcome<{ courseId: string }>> {
  const refused = await refusal(db, actor, "assignment.archive", { assignmentId });
  if (refused) return refused;
  return db.$transaction(async (tx) => {
    const a = await tx.assignment.findUniqueOrThrow({
      where: { id: assignmentId },
      select: {
        courseId: true,
        title: true,
        problems: { orderBy: { position: "asc" }, select: { problemId: true, points: true, problemVersion: { select: { version: true } } } },
        _count: { select: { submissions: true } },
      },
    });
    if (a._count.submissions > 0) return invalid({ form: { code: "assignmentHasSubmissions", values: { count: a._count.submissions } } });
    await tx.assignment.delete({ where: { id: assignmentId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.delete",
      entityType: "Assignment",
      entityId: assignmentId,
      courseId: a.courseId,
      before: { title: a.title, problems: a.problems },
    });
    return ok({ courseId: a.courseId });
  });
}

/** A copy of the assignment in the same course under a new title: same problems, pins, points and rules. */
export async function duplicateAssignment(db: Db, actor: Actor, assignmentId: string, raw: unknown): Promise<Outcome<{ assignmentId: string }>> {
  const refused = await refusal(db, actor, "assignment.duplicate", { assignmentId });
  if (refused) return refused;
  const parsed = duplicateInputSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  return db.$transaction(async (tx) => {
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      archivedAt: _a,
      problems,
      ...rules
    } = await tx.assignment.findUniqueOrThrow({
      where: { id: assignmentId },
      include: { problems: { orderBy: { position: "asc" }, select: { problemId: true, problemVersionId: true, position: true, points: true } } },
    });
    const copy = await tx.assignment.create({
      data: { ...rules, title: parsed.data.title, problems: { create: problems } },
      select: {
        id: true,
        problems: { orderBy: { position: "asc" }, select: { problemId: true, points: true, problemVersion: { select: { version: true } } } },
      },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.duplicate",
      entityType: "Assignment",
      entityId: copy.id,
      courseId: rules.courseId,
      before: { assignmentId },
      after: { title: parsed.data.title, problems: copy.problems },
    });
    return ok({ assignmentId: copy.id });
  });
}
