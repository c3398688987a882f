"use server";

/** The roster page's actions: each parses the course id and leaves the rest to lib/roster (authz included). */
import { getDb } from "@/lib/db/client";
import { addMember, changeRole, removeMember, type Added } from "@/lib/roster/members";
import { applyRosterImport, previewRosterImport, type ApplyOutcome, type ImportPreview } from "@/lib/roster/import";
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
  return who ? addMember(getDb(), who.user, who.courseId, input) : { status: "not-found" };
}

export async function changeRoleAction(courseId: unknown, input: unknown): Promise<Outcome<{ changed: boolean }>> {
  const who = await actorFor(courseId);
  return who ? changeRole(getDb(), who.user, who.courseId, input) : { status: "not-found" };
}

export async function removeMemberAction(courseId: unknown, input: unknown): Promise<Outcome<{ removed: true }>> {
  const who = await actorFor(courseId);
  return who ? removeMember(getDb(), who.user, who.courseId, input) : { status: "not-found" };
}

export async function previewImportAction(courseId: unknown, input: unknown): Promise<Outcome<ImportPreview>> {
  const who = await actorFor(courseId);
  return who ? previewRosterImport(getDb(), who.user, who.courseId, input) : { status: "not-found" };
}

export async function applyImportAction(courseId: unknown, input: unknown): Promise<ApplyOutcome> {
  const who = await actorFor(courseId);
  return who ? applyRosterImport(getDb(), who.user, who.courseId, input) : { status: "not-found" };
}
