/**
 * Joining a course with its join code (typed, or in an invite link): a signed-in person becomes a
 * student of it. Joining twice changes nothing, and someone who already teaches the course keeps
 * their role. A wrong code and a closed course (no code) get the same answer.
 */
import { recordAudit } from "@/lib/audit";
import type { CourseRole } from "@/lib/authz";
import type { Db } from "@/lib/db/client";
import { joinCodeSchema } from "@/lib/validations/course";
import { invalid, ok, type Outcome } from "@/lib/validations/form-result";
import { isUniqueViolation } from "./access";

const UNKNOWN = { code: { code: "joinCodeUnknown" } };

export type Joined = { courseId: string; code: string; title: string; role: CourseRole; joined: boolean };

/** The course a join code opens, or null (also for a malformed code). */
export async function courseForJoinCode(db: Db, raw: unknown) {
  const parsed = joinCodeSchema.safeParse(raw);
  if (!parsed.success) return null;
  return db.course.findUnique({ where: { joinCode: parsed.data }, select: { id: true, code: true, title: true, term: true } });
}

export async function joinCourse(db: Db, user: { id: string }, raw: unknown): Promise<Outcome<Joined>> {
  const parsed = joinCodeSchema.safeParse(raw);
  if (!parsed.success) return invalid({ code: { code: parsed.error.issues[0]!.message === "required" ? "required" : "joinCodeUnknown" } });
  const course = await db.course.findUnique({ where: { joinCode: parsed.data }, select: { id: true, code: true, title: true } });
  if (!course) return invalid(UNKNOWN);
  const existing = await db.membership.findUnique({ where: { userId_courseId: { userId: user.id, courseId: course.id } }, select: { role: true } });
  if (existing) return ok({ courseId: course.id, code: course.code, title: course.title, role: existing.role, joined: false });
  try {
    await db.$transaction(async (tx) => {
      const m = await tx.membership.create({ data: { userId: user.id, courseId: course.id, role: "STUDENT" } });
      await recordAudit(tx, {
        actorId: user.id,
        action: "course.join",
        entityType: "Membership",
        entityId: m.id,
        courseId: course.id,
        after: { userId: user.id, role: "STUDENT" },
      });
    });
  } catch (e) {
    // Two tabs joining at once: the other one made the membership.
    if (!isUniqueViolation(e)) throw e;
    const m = await db.membership.findUniqueOrThrow({ where: { userId_courseId: { userId: user.id, courseId: course.id } }, select: { role: true } });
    return ok({ courseId: course.id, code: course.code, title: course.title, role: m.role, joined: false });
  }
  return ok({ courseId: course.id, code: course.code, title: course.title, role: "STUDENT", joined: true });
}
