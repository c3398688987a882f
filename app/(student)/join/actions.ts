"use server";

import { joinWithCode, type Joined } from "@/lib/dal/student";
import type { Outcome } from "@/lib/validations/form-result";

/** Any signed-in person may join with a valid code; lib/courses/join.ts reads and checks it. */
export async function joinCourseAction(code: unknown): Promise<Outcome<Joined>> {
  return joinWithCode(code);
}
