import "server-only";
/**
 * The staff side's data-access layer for the problem bank: the bank seen from one course, a problem
 * in the editor, two of its versions compared, and the bank's actions. Pages get their grant from
 * lib/guards.ts; the authoring functions ask lib/authz.ts themselves.
 */
import { authorize, can, type Actor } from "@/lib/authz";
import { deleteProblem, forkProblem, setProblemArchived, suggestForkSlug } from "@/lib/authoring/problem-lifecycle";
import { compareVersions, listBank, problemForEditor, saveProblem, type SaveTarget } from "@/lib/authoring/problems";
import { addToAssignmentChoices } from "@/lib/authoring/assignments";
import { getDb } from "@/lib/db/client";
import { requirePermission } from "@/lib/guards";
import { compareQuerySchema } from "@/lib/validations/problem-editor";
import { courseHeading } from "@/lib/dal/staff";

/**
 * The bank as one course sees it (archived problems on request), each row with whether this user may
 * edit it: the same question the problem's own page asks, with that row's problem as the target.
 */
export async function problemBank(courseId: string, options: { showArchived: boolean; locale?: string }) {
  const { user, courseId: id, ctx, allows } = await requirePermission("problem.preview", { courseId });
  const db = getDb();
  const { code } = await courseHeading(db, id);
  const bank = await listBank(db, id, { archived: options.showArchived, locale: options.locale ?? "en" });
  const rows = bank.map((p) => ({ ...p, mayEdit: can(user, "problem.edit", { ...ctx, isOwner: p.owner.kind === "course" && p.owner.here }) }));
  return { courseId: id, code, mayCreate: allows("problem.create"), bank: rows };
}

export type ProblemBankRow = Awaited<ReturnType<typeof problemBank>>["bank"][number];

/** For the new-problem page: the 403 page unless this user may make problems in the course. */
export async function requireProblemCreator(courseId: string): Promise<{ courseId: string }> {
  const { courseId: id } = await requirePermission("problem.create", { courseId });
  return { courseId: id };
}

/**
 * A problem in the editor, and what this user may do with it (save, archive, fork under a suggested
 * slug, add it to an assignment of a course they may edit, with the points a new entry defaults to).
 */
export async function problemEditorPage(courseId: string, problemId: string, locale = "en") {
  const { user, courseId: id, allows } = await requirePermission("problem.view", { problemId, courseId });
  const db = getDb();
  const data = await problemForEditor(db, id, problemId, locale);
  if (!data) return null;
  const canFork = allows("problem.fork");
  const { code } = await courseHeading(db, id);
  const duplicate = data.owner.kind === "course" && data.owner.here;
  const suggested = canFork ? await suggestForkSlug(db, data.slug, code, duplicate) : "";
  const addTo = { ...(await addToAssignmentChoices(db, user, problemId)), mayCreateHere: allows("course.edit") };
  return { courseId: id, code, data, canSave: allows("problem.edit"), canArchive: allows("problem.archive"), canFork, duplicate, suggested, addTo };
}

/**
 * Two versions of a problem side by side (`?a=1&b=2`), for the staff of any course that sees the bank:
 * null when the query or either version is not there (after the access check, so a stranger gets 403).
 */
export async function problemComparison(courseId: string, problemId: string, search: Record<string, string | string[] | undefined>) {
  const { courseId: id } = await requirePermission("problem.view", { problemId, courseId });
  const query = compareQuerySchema.safeParse(search);
  if (!query.success) return null;
  const data = await compareVersions(getDb(), problemId, query.data.a, query.data.b);
  return data ? { courseId: id, data } : null;
}

// The actions' half.

export type { Forked } from "@/lib/authoring/problem-lifecycle";
export type { SaveOutcome } from "@/lib/authoring/problems";

/** Whether this user may preview problems in the course: lib/authz.ts's decision, as is. */
export const previewDecision = (actor: Actor, courseId: string) => authorize(getDb(), actor, "problem.preview", { courseId });

export const saveProblemAs = (actor: Actor, courseId: string, target: SaveTarget, source: unknown) => saveProblem(getDb(), actor, courseId, target, source);

type OnProblem = { courseId: string; problemId: string };
export const forkProblemAs = (actor: Actor, target: OnProblem, input: unknown) => forkProblem(getDb(), actor, target, input);
export const archiveProblemAs = (actor: Actor, target: OnProblem, input: unknown) => setProblemArchived(getDb(), actor, target, input);
export const deleteProblemAs = (actor: Actor, target: OnProblem) => deleteProblem(getDb(), actor, target);
