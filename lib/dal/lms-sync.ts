import "server-only";
/**
 * The "LMS grade sync" panel's data-access layer: its figures for the course's staff, "Sync now"
 * (grades) and "Sync roster from the LMS". Each obtains the database itself; lib/lti decides access
 * (lib/authz.ts) and audits.
 */
import type { Actor } from "@/lib/authz";
import { getDb } from "@/lib/db/client";
import { syncRosterFromLms } from "@/lib/lti/roster-sync";
import { lmsSyncView, syncGradesNow } from "@/lib/lti/sync-panel";

/** For the course page, whose loader already required course.teach for this course; null when the course has no LMS link. */
export const lmsSyncViewOf = (courseId: string) => lmsSyncView(getDb(), courseId);
export const syncGradesNowAs = (actor: Actor, courseId: string) => syncGradesNow(getDb(), actor, courseId);
export const syncRosterAs = (actor: Actor, courseId: string) => syncRosterFromLms(getDb(), actor, courseId);
