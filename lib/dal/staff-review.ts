import "server-only";
/**
 * The staff side's data-access layer for reviewing: the review queue, one submission as staff see
 * it, the class analytics, the bulk-regrade preview, and the actions that override, answer regrade
 * requests and apply a bulk regrade. Pages get their grant from lib/guards.ts; lib/review asks
 * lib/authz.ts itself for everything it writes.
 */
import { loadAssignmentAnalytics } from "@/lib/analytics/assignment";
import { isRefusal, type Actor } from "@/lib/authz";
import type { Translate } from "@/lib/assignments/student-view";
import { getDb } from "@/lib/db/client";
import type { Locale } from "@/lib/grading";
import { refusePage, requirePermission } from "@/lib/guards";
import { applyBulkRegrade, planBulkRegrade } from "@/lib/review/bulk-regrade";
import { loadClassWork } from "@/lib/review/class-work";
import { overridePart } from "@/lib/review/override";
import { loadReviewQueue, nextInQueue } from "@/lib/review/queue";
import { respondRegrade } from "@/lib/review/regrade";
import { applyRubricItem, createRubricItem, deleteRubricItem, moveRubricItem, updateRubricItem } from "@/lib/review/rubric";
import { loadStaffSubmission, markViewed } from "@/lib/review/submission-page";
import type { QueueFilters } from "@/lib/validations/review";

/** One page of the review queue of an assignment under the given filters, and whether this user may export its submissions; null when it is gone. */
export async function reviewQueue(assignmentId: string, filters: QueueFilters, locale: string, page = 1) {
  const { allows } = await requirePermission("assignment.review", { assignmentId });
  const queue = await loadReviewQueue(getDb(), { assignmentId, filters, locale, page });
  return queue ? { queue, mayExport: allows("grades.export") } : null;
}

/**
 * One submission as staff review it (marked as viewed by this user), with the next ungraded
 * submission and the next open regrade request of the same assignment. The 403 or 404 page otherwise.
 */
export async function staffSubmission(submissionId: string, options: { locale: Locale; t: Translate }) {
  const { user, courseId } = await requirePermission("submission.grade", { submissionId });
  const db = getDb();
  await markViewed(db, user, { submissionId, courseId });
  const data = await loadStaffSubmission(db, user, { submissionId, locale: options.locale, t: options.t });
  if (isRefusal(data)) refusePage(data);
  const next = await nextInQueue(db, { assignmentId: data.submission.assignment.id, except: data.submission.id });
  return { data, next };
}

/** Where the class goes wrong on an assignment, for those who may see its analytics; null when it is gone. */
export async function assignmentAnalytics(assignmentId: string, locale: string) {
  await requirePermission("analytics.view", { assignmentId });
  return loadAssignmentAnalytics(getDb(), { assignmentId, locale });
}

/**
 * The bulk-regrade preview: the class's work and the plan (writing nothing). `requestedMoves` is null
 * when the URL's version moves did not parse; moves are honoured only for those who may change
 * versions. A move naming a problem or version the assignment does not have gives the plan without
 * moves, with `badMove` set. Null when the assignment is gone.
 */
export async function bulkRegradePreview(
  assignmentId: string,
  options: { replaceOverrides: boolean; requestedMoves: ReadonlyMap<string, number> | null; locale: string },
) {
  const { courseId, allows } = await requirePermission("assignment.review", { assignmentId });
  const mayMove = allows("assignment.version");
  const { replaceOverrides, requestedMoves, locale } = options;
  const db = getDb();
  const [work, asked] = await Promise.all([
    loadClassWork(db, assignmentId, locale),
    planBulkRegrade(db, { assignmentId, replaceOverrides, locale, moves: mayMove && requestedMoves ? requestedMoves : new Map() }),
  ]);
  if (!work) return null;
  const badMove = requestedMoves === null || (asked === null && requestedMoves.size > 0);
  const plan = asked ?? (await planBulkRegrade(db, { assignmentId, replaceOverrides, locale }));
  if (!plan) return null;
  return { courseId, mayMove, work, plan, badMove };
}

export type { QueueProblem, QueueRow } from "@/lib/review/queue";
export { queuePageSchema } from "@/lib/review/queue";
export type { RegradeThread } from "@/lib/review/regrade";
export type { StaffField } from "@/lib/review/submission-page";
export type { RubricItemView } from "@/lib/review/rubric";
export type StaffSubmission = Awaited<ReturnType<typeof staffSubmission>>;

// The actions' half.

export const overridePartAs = (actor: Actor, values: unknown) => overridePart(getDb(), actor, values);
export const respondRegradeAs = (actor: Actor, values: unknown) => respondRegrade(getDb(), actor, values);
export const applyBulkRegradeAs = (actor: Actor, values: unknown) => applyBulkRegrade(getDb(), actor, values);
export const createRubricItemAs = (actor: Actor, values: unknown) => createRubricItem(getDb(), actor, values);
export const updateRubricItemAs = (actor: Actor, values: unknown) => updateRubricItem(getDb(), actor, values);
export const deleteRubricItemAs = (actor: Actor, values: unknown) => deleteRubricItem(getDb(), actor, values);
export const moveRubricItemAs = (actor: Actor, values: unknown) => moveRubricItem(getDb(), actor, values);
export const applyRubricItemAs = (actor: Actor, values: unknown) => applyRubricItem(getDb(), actor, values);
