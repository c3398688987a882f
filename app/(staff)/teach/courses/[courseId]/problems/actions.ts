"use server";

/**
 * The problem bank's actions: preview (TAs and instructors), save and upload, fork, archive and
 * delete (instructors, each as lib/authz.ts allows for the problem's owner); lib/ decides.
 */
import { getLocale } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { archiveProblemAs, deleteProblemAs, forkProblemAs, previewDecision, saveProblemAs, type Forked, type SaveOutcome } from "@/lib/dal/staff-problems";
import { fieldErrorsOf, type Outcome } from "@/lib/validations/form-result";
import { courseIdSchema, problemIdSchema } from "@/lib/validations/ids";
import { previewInputSchema } from "@/lib/validations/problem-editor";
import { getCurrentUser } from "@/lib/session";
import type { PreviewJson } from "@/lib/authoring/workers/problem-jobs";
import { jobFieldError, previewInWorker, WorkerJobError } from "@/lib/authoring/workers/problem-pool";

async function actorFor(courseId: unknown) {
  const id = courseIdSchema.safeParse(courseId);
  const user = await getCurrentUser();
  return id.success && user ? { user, courseId: id.data } : null;
}

/** The actor, the course and the problem, when all three are well-formed (the lib function checks access). */
async function onProblem(courseId: unknown, problemId: unknown) {
  const who = await actorFor(courseId);
  const problem = problemIdSchema.safeParse(problemId);
  return who && problem.success ? { ...who, target: { courseId: who.courseId, problemId: problem.data } } : null;
}

/** The preview is worked out in a worker thread (lib/authoring/workers), so a large problem holds up no other request. */
export async function previewProblemAction(courseId: unknown, input: unknown): Promise<Outcome<PreviewJson>> {
  const who = await actorFor(courseId);
  if (!who) return { status: "not-found" };
  const decision = await previewDecision(who.user, who.courseId);
  if (!decision.allowed) return { status: decision.reason === "not-found" ? "not-found" : "forbidden" };
  const parsed = previewInputSchema.safeParse(input);
  if (!parsed.success) return { status: "invalid", errors: fieldErrorsOf(parsed.error.issues) };
  try {
    return { status: "ok", value: await previewInWorker(parsed.data.source, parsed.data.seeds, await getLocale()) };
  } catch (e) {
    if (e instanceof WorkerJobError) return { status: "invalid", errors: { form: jobFieldError(e) } };
    throw e;
  }
}

/** Saves the editor's text: `problemId` null for a new problem. */
export async function saveProblemAction(courseId: unknown, problemId: unknown, source: unknown): Promise<SaveOutcome> {
  const who = await actorFor(courseId);
  if (!who) return { status: "not-found" };
  if (problemId === null) return saveProblemAs(who.user, who.courseId, { kind: "new" }, source);
  const id = problemIdSchema.safeParse(problemId);
  if (!id.success) return { status: "not-found" };
  return saveProblemAs(who.user, who.courseId, { kind: "edit", problemId: id.data }, source);
}

export async function uploadProblemAction(courseId: unknown, fileName: unknown, text: unknown): Promise<SaveOutcome> {
  const who = await actorFor(courseId);
  if (!who) return { status: "not-found" };
  return saveProblemAs(who.user, who.courseId, { kind: "upload", fileName }, text);
}

/** A copy of the problem (one version of it) owned by this course. */
export async function forkProblemAction(courseId: unknown, problemId: unknown, input: unknown): Promise<Outcome<Forked>> {
  const on = await onProblem(courseId, problemId);
  if (!on) return { status: "not-found" };
  const r = await forkProblemAs(on.user, on.target, input);
  if (r.status === "ok") revalidatePath(`/teach/courses/${on.courseId}/problems`);
  return r;
}

export async function archiveProblemAction(courseId: unknown, problemId: unknown, input: unknown): Promise<Outcome<{ changed: boolean }>> {
  const on = await onProblem(courseId, problemId);
  if (!on) return { status: "not-found" };
  const r = await archiveProblemAs(on.user, on.target, input);
  if (r.status === "ok") revalidatePath(`/teach/courses/${on.courseId}/problems`, "layout");
  return r;
}

export async function deleteProblemAction(courseId: unknown, problemId: unknown): Promise<Outcome<{ slug: string }>> {
  const on = await onProblem(courseId, problemId);
  if (!on) return { status: "not-found" };
  const r = await deleteProblemAs(on.user, on.target);
  if (r.status === "ok") revalidatePath(`/teach/courses/${on.courseId}/problems`);
  return r;
}
