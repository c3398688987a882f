"use server";

import { regenerateJoinCodeAs, setJoiningAs, updateCourseAs } from "@/lib/dal/staff";
import type { Outcome } from "@/lib/validations/form-result";
import { courseIdSchema } from "@/lib/validations/ids";
import { getCurrentUser } from "@/lib/session";

async function actorFor(courseId: unknown) {
  const id = courseIdSchema.safeParse(courseId);
  const user = await getCurrentUser();
  return id.success && user ? { user, courseId: id.data } : null;
}

export async function updateCourseAction(courseId: unknown, input: unknown): Promise<Outcome<{ changed: boolean }>> {
  const who = await actorFor(courseId);
  if (!who) return { status: "not-found" };
  return updateCourseAs(who.user, who.courseId, input);
}

export async function regenerateJoinCodeAction(courseId: unknown): Promise<Outcome<{ joinCode: string }>> {
  const who = await actorFor(courseId);
  if (!who) return { status: "not-found" };
  return regenerateJoinCodeAs(who.user, who.courseId);
}

export async function setJoiningAction(courseId: unknown, open: unknown): Promise<Outcome<{ joinCode: string | null }>> {
  const who = await actorFor(courseId);
  if (!who) return { status: "not-found" };
  return setJoiningAs(who.user, who.courseId, { open });
}
