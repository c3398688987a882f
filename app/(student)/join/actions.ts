"use server";

import { joinCourse, type Joined } from "@/lib/courses/join";
import { getDb } from "@/lib/db/client";
import type { Outcome } from "@/lib/validations/form-result";
import { getCurrentUser } from "@/lib/session";

/** Any signed-in person may join with a valid code; lib/courses/join.ts reads and checks it. */
export async function joinCourseAction(code: unknown): Promise<Outcome<Joined>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return joinCourse(getDb(), user, code);
}
