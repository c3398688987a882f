"use server";

import { createCourse } from "@/lib/courses/manage";
import { getDb } from "@/lib/db/client";
import type { Outcome } from "@/lib/validations/form-result";
import { getCurrentUser } from "@/lib/session";

/** lib/courses/manage.ts decides (canCreateCourse, the schema, a unique code). */
export async function createCourseAction(input: unknown): Promise<Outcome<{ courseId: string }>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return createCourse(getDb(), user, input);
}
