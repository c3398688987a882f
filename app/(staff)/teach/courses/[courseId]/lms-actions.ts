"use server";

/** The LMS sync panel's actions: each parses the course id and leaves the rest to lib/lti (authz and audit included). */
import { revalidatePath } from "next/cache";
import { syncGradesNowAs, syncRosterAs } from "@/lib/dal/lms-sync";
import type { RosterSyncResult } from "@/lib/lti/roster-sync";
import type { SyncNowResult } from "@/lib/lti/sync-panel";
import { courseIdSchema } from "@/lib/validations/ids";
import { getCurrentUser } from "@/lib/session";

async function actorFor(courseId: unknown) {
  const id = courseIdSchema.safeParse(courseId);
  const user = await getCurrentUser();
  return id.success && user ? { user, courseId: id.data } : null;
}

export async function syncGradesNowAction(courseId: unknown): Promise<SyncNowResult> {
  const who = await actorFor(courseId);
  if (!who) return { ok: false, error: "not-found" };
  const result = await syncGradesNowAs(who.user, who.courseId);
  if (result.ok) revalidatePath(`/teach/courses/${who.courseId}`);
  return result;
}

export async function syncRosterAction(courseId: unknown): Promise<RosterSyncResult> {
  const who = await actorFor(courseId);
  if (!who) return { ok: false, error: "not-found" };
  const result = await syncRosterAs(who.user, who.courseId);
  if (result.ok) revalidatePath(`/teach/courses/${who.courseId}`);
  return result;
}
