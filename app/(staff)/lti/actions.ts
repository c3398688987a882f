"use server";

/** The LMS registrations page's actions; lib/lti/admin.ts decides who may (site admins) and audits. */
import { revalidatePath } from "next/cache";
import { deleteRegistration, registerFromForm, rotateToolKeys, updateFromForm } from "@/lib/lti/admin";
import { getCurrentUser } from "@/lib/session";
import type { Outcome } from "@/lib/validations/form-result";

async function done<T>(outcome: Outcome<T>): Promise<Outcome<T>> {
  if (outcome.status === "ok") revalidatePath("/lti");
  return outcome;
}

export async function registerPlatformAction(input: unknown): Promise<Outcome<{ id: string; created: boolean }>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return done(await registerFromForm(user, input));
}

export async function updatePlatformAction(id: unknown, input: unknown): Promise<Outcome<{ id: string }>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return done(await updateFromForm(user, id, input));
}

export async function deletePlatformAction(id: unknown): Promise<Outcome<{ id: string }>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return done(await deleteRegistration(user, id));
}

export async function rotateKeysAction(): Promise<Outcome<{ kid: string }>> {
  const user = await getCurrentUser();
  if (!user) return { status: "forbidden" };
  return done(await rotateToolKeys(user));
}
