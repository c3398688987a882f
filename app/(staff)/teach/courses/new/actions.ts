"use server";

import { createCourseAs } from "@/lib/dal/staff";
import type { Outcome } from "@/lib/validations/form-result";
import { getCurrentUser } from "@/lib/session";

/** lib/courses/manage.ts decides (canCreateCourse, the schema, a unique code). */
export async function createCourseAction(input: unknown): Promise<Outcome<{ courseId: string }>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return createCourseAs(user, input);
}
