/**
 * A course's roster as its instructor manages it: add a person by email with a role (creating their
 * account, with a one-time password, when the email is new), change a role, remove. A course always
 * keeps at least one instructor. Every change is audited inside its own transaction.
 */
import { hashPassword } from "@/lib/auth/password";
import type { Actor, CourseRole } from "@/lib/authz";
import { recordAudit, type DbOrTx } from "@/lib/audit";
import { isUniqueViolation, refusal } from "@/lib/courses/access";
import type { Db } from "@/lib/db/client";
import { fieldErrorsOf, invalid, ok, type Outcome } from "@/lib/validations/form-result";
import { addMemberSchema, changeRoleSchema, removeMemberSchema } from "@/lib/validations/roster";
import { newTemporaryPassword } from "./temporary-password";

export type RosterMember = { userId: string; name: string; email: string; role: CourseRole; joinedAt: Date; submissions: number };

export async function listRoster(db: Db, courseId: string): Promise<RosterMember[]> {
  const rows = await db.membership.findMany({
    where: { courseId },
    orderBy: [{ role: "desc" }, { user: { name: "asc" } }],
    select: {
      role: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true, _count: { select: { submissions: { where: { assignment: { courseId } } } } } } },
    },
  });
  return rows.map((m) => ({
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joinedAt: m.createdAt,
    submissions: m.user._count.submissions,
  }));
}

async function instructorCount(db: DbOrTx, courseId: string): Promise<number> {
  return db.membership.count({ where: { courseId, role: "INSTRUCTOR" } });
}

export type Added = { userId: string; email: string; name: string; role: CourseRole; createdUser: boolean; temporaryPassword: string | null };

export async function addMember(db: Db, actor: Actor, courseId: string, input: unknown): Promise<Outcome<Added>> {
  const refused = await refusal(db, actor, "roster.manage", { courseId });
  if (refused) return refused;
  const parsed = addMemberSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const { email, name, role } = parsed.data;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (user) {
    const member = await db.membership.findUnique({ where: { userId_courseId: { userId: user.id, courseId } }, select: { role: true } });
    if (member) return invalid({ email: { code: "alreadyMember", values: { role: member.role } } });
  } else if (!name) {
    return invalid({ name: { code: "nameRequiredForNew" } });
  }
  const temporaryPassword = user ? null : newTemporaryPassword();
  const passwordHash = temporaryPassword ? await hashPassword(temporaryPassword) : null;
  try {
    const added = await db.$transaction(async (tx) => {
      const person =
        user ?? (await tx.user.create({ data: { email, name, passwordHash: passwordHash!, mustChangePassword: true }, select: { id: true, name: true } }));
      const m = await tx.membership.create({ data: { userId: person.id, courseId, role } });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "roster.add",
        entityType: "Membership",
        entityId: m.id,
        courseId,
        after: { userId: person.id, email, role, createdUser: !user },
      });
      return { userId: person.id, email, name: person.name, role, createdUser: !user, temporaryPassword };
    });
    return ok(added);
  } catch (e) {
    if (isUniqueViolation(e)) return invalid({ email: { code: "alreadyMember", values: { role: "" } } });
    throw e;
  }
}

export async function changeRole(db: Db, actor: Actor, courseId: string, input: unknown): Promise<Outcome<{ changed: boolean }>> {
  const refused = await refusal(db, actor, "roster.manage", { courseId });
  if (refused) return refused;
  const parsed = changeRoleSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const { userId, role } = parsed.data;
  return db.$transaction(async (tx): Promise<Outcome<{ changed: boolean }>> => {
    const m = await tx.membership.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { id: true, role: true } });
    if (!m) return { status: "not-found" };
    if (m.role === role) return ok({ changed: false });
    if (m.role === "INSTRUCTOR" && (await instructorCount(tx, courseId)) <= 1) return invalid({ role: { code: "lastInstructor" } });
    await tx.membership.update({ where: { id: m.id }, data: { role } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "roster.role",
      entityType: "Membership",
      entityId: m.id,
      courseId,
      before: { userId, role: m.role },
      after: { userId, role },
    });
    return ok({ changed: true });
  });
}

/** Takes the person off the course (their account and past submissions stay). */
export async function removeMember(db: Db, actor: Actor, courseId: string, input: unknown): Promise<Outcome<{ removed: true }>> {
  const refused = await refusal(db, actor, "roster.manage", { courseId });
  if (refused) return refused;
  const parsed = removeMemberSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error.issues));
  const { userId } = parsed.data;
  return db.$transaction(async (tx): Promise<Outcome<{ removed: true }>> => {
    const m = await tx.membership.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { id: true, role: true } });
    if (!m) return { status: "not-found" };
    if (m.role === "INSTRUCTOR" && (await instructorCount(tx, courseId)) <= 1) return invalid({ userId: { code: "lastInstructor" } });
    await tx.membership.delete({ where: { id: m.id } });
    await recordAudit(tx, { actorId: actor.id, action: "roster.remove", entityType: "Membership", entityId: m.id, courseId, before: { userId, role: m.role } });
    return ok({ removed: true });
  });
}
