/**
 * Creating a course and editing what its instructor controls: its code, title and term, and whether
 * students may join with a code (or the invite link built from it). Every change is audited.
 */
import { canCreateCourse, type Actor } from "@/lib/authz";
import { recordAudit, type DbOrTx } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { courseInputSchema, joiningSchema } from "@/lib/validations/course";
import { fieldErrorsOf, invalid, ok, type Outcome } from "@/lib/validations/form-result";
import { newJoinCode, newVariantSecret } from "./codes";
import { isUniqueViolation, refusal } from "./access";

const CODE_TAKEN = { code: { code: "courseCodeTaken" } };

/** A join code no other course has (collisions are rare: 31^8 codes). */
async function freshJoinCode(db: DbOrTx): Promise<string> {
  for (;;) {
    const code = newJoinCode();
    if (!(await db.course.findUnique({ where: { joinCode: code }, select: { id: true } }))) return code;
  }
}

/** A new course; its creator becomes its instructor. Joining is open from the start. */
export async function createCourse(db: Db, actor: Actor, input: unknown): Promise<Outcome<{ courseId: string }>> {
  if (!(await canCreateCourse(db, actor))) return { status: "forbidden" };
  const parsed = courseInputSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const data = parsed.data;
  if (await db.course.findUnique({ where: { code: data.code }, select: { id: true } })) return invalid(CODE_TAKEN);
  try {
    const course = await db.$transaction(async (tx) => {
      const created = await tx.course.create({
        data: { ...data, variantSecret: newVariantSecret(), joinCode: await freshJoinCode(tx) },
        select: { id: true, code: true, title: true, term: true },
      });
      await tx.membership.create({ data: { courseId: created.id, userId: actor.id, role: "INSTRUCTOR" } });
      await recordAudit(tx, { actorId: actor.id, action: "course.create", entityType: "Course", entityId: created.id, courseId: created.id, after: data });
      return created;
    });
    return ok({ courseId: course.id });
  } catch (e) {
    if (isUniqueViolation(e)) return invalid(CODE_TAKEN);
    throw e;
  }
}

export async function updateCourse(db: Db, actor: Actor, courseId: string, input: unknown): Promise<Outcome<{ changed: boolean }>> {
  const refused = await refusal(db, actor, "course.edit", { courseId });
  if (refused) return refused;
  const parsed = courseInputSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const data = parsed.data;
  const before = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { code: true, title: true, term: true } });
  if (before.code === data.code && before.title === data.title && before.term === data.term) return ok({ changed: false });
  const other = await db.course.findUnique({ where: { code: data.code }, select: { id: true } });
  if (other && other.id !== courseId) return invalid(CODE_TAKEN);
  try {
    await db.$transaction(async (tx) => {
      await tx.course.update({ where: { id: courseId }, data });
      await recordAudit(tx, { actorId: actor.id, action: "course.update", entityType: "Course", entityId: courseId, courseId, before, after: data });
    });
  } catch (e) {
    if (isUniqueViolation(e)) return invalid(CODE_TAKEN);
    throw e;
  }
  return ok({ changed: true });
}

/** A new join code (the old one and invite links made from it stop working). Opens joining if it was closed. */
export async function regenerateJoinCode(db: Db, actor: Actor, courseId: string): Promise<Outcome<{ joinCode: string }>> {
  const refused = await refusal(db, actor, "course.edit", { courseId });
  if (refused) return refused;
  const joinCode = await db.$transaction(async (tx) => {
    const before = await tx.course.findUniqueOrThrow({ where: { id: courseId }, select: { joinCode: true } });
    const code = await freshJoinCode(tx);
    await tx.course.update({ where: { id: courseId }, data: { joinCode: code } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "course.joinCode",
      entityType: "Course",
      entityId: courseId,
      courseId,
      before,
      after: { joinCode: code },
    });
    return code;
  });
  return ok({ joinCode });
}

/** Closing joining removes the code; opening it makes a new one. */
export async function setJoining(db: Db, actor: Actor, courseId: string, input: unknown): Promise<Outcome<{ joinCode: string | null }>> {
  const refused = await refusal(db, actor, "course.edit", { courseId });
  if (refused) return refused;
  const parsed = joiningSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const joinCode = await db.$transaction(async (tx) => {
    const before = await tx.course.findUniqueOrThrow({ where: { id: courseId }, select: { joinCode: true } });
    if (parsed.data.open === (before.joinCode !== null)) return before.joinCode;
    const code = parsed.data.open ? await freshJoinCode(tx) : null;
    await tx.course.update({ where: { id: courseId }, data: { joinCode: code } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: parsed.data.open ? "course.joining.open" : "course.joining.close",
      entityType: "Course",
      entityId: courseId,
      courseId,
      before,
      after: { joinCode: code },
    });
    return code;
  });
  return ok({ joinCode });
}

export async function courseSettings(db: Db, courseId: string) {
  return db.course.findUniqueOrThrow({ where: { id: courseId }, select: { id: true, code: true, title: true, term: true, joinCode: true } });
}
