"use server";

/** The roster page's actions: each parses the course id and leaves the rest to lib/roster (authz included). */
import {
  addMemberAs,
  applyRosterImportAs,
  changeRoleAs,
  previewRosterImportAs,
  removeMemberAs,
  type Added,
  type ApplyOutcome,
  type ImportPreview,
} from "@/lib/dal/staff";
import type { Outcome } from "@/lib/validations/form-result";
import { courseIdSchema } from "@/lib/validations/ids";
import { getCurrentUser } from "@/lib/session";

async function actorFor(courseId: unknown) {
  const id = courseIdSchema.safeParse(courseId);
  const user = await getCurrentUser();
  return id.success && user ? { user, courseId: id.data } : null;
}

export async function addMemberAction(courseId: unknown, input: unknown): Promise<Outcome<Added>> {
  const who = await actorFor(courseId);
  return who ? addMemberAs(who.user, who.courseId, input) : { status: "not-found" };
}

export async function changeRoleAction(courseId: unknown, input: unknown): Promise<Outcome<{ changed: boolean }>> {
  const who = await actorFor(courseId);
  return who ? changeRoleAs(who.user, who.courseId, input) : { status: "not-found" };
}

export async function removeMemberAction(courseId: unknown, input: unknown): Promise<Outcome<{ removed: true }>> {
  const who = await actorFor(courseId);
  return who ? removeMemberAs(who.user, who.courseId, input) : { status: "not-found" };
}

export async function previewImportAction(courseId: unknown, input: unknown): Promise<Outcome<ImportPreview>> {
  const who = await actorFor(courseId);
  return who ? previewRosterImportAs(who.user, who.courseId, input) : { status: "not-found" };
}

export async function applyImportAction(courseId: unknown, input: unknown): Promise<ApplyOutcome> {
  const who = await actorFor(courseId);
  return who ? applyRosterImportAs(who.user, who.courseId, input) : { status: "not-found" };
}
