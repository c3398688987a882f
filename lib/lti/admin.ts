/**
 * The LMS registrations page as a site admin sees it: the registrations, registering one (the same
 * schema as `cli lti register`), editing its deployment ids and LMS origins, deleting it, the URLs
 * to paste into the LMS and the tool's keys. Every change checks site admin here and is audited.
 */
import "server-only";
import { z } from "zod";
import { canManageLti, type Actor } from "@/lib/authz";
import { getDb, type Db } from "@/lib/db/client";
import { invalid, ok, type FieldErrors, type Outcome } from "@/lib/validations/form-result";
import { publishedJwks, rotateKeys } from "./keys";
import { toolUrls } from "./login";
import { deletePlatform, listPlatforms, platformInputSchema, registerPlatform, updatePlatform, type PlatformView } from "./registration";

export type ToolUrlsForLms = { loginUrl: string; launchUrl: string; deepLinkingUrl: string; jwksUrl: string };

export type LtiAdminView = { platforms: PlatformView[]; urls: ToolUrlsForLms; keyIds: string[] };

/** The URLs an LMS administrator pastes in; deep linking requests go to the launch URL too. */
export function urlsForLms(requestUrl: string, env: Readonly<Record<string, string | undefined>> = process.env): ToolUrlsForLms {
  const { origin, launchUrl } = toolUrls(requestUrl, env);
  return { loginUrl: `${origin}/api/lti/login`, launchUrl, deepLinkingUrl: launchUrl, jwksUrl: `${origin}/api/lti/jwks` };
}

export async function ltiAdminView(actor: Actor, requestUrl: string, db: Db = getDb()): Promise<LtiAdminView | null> {
  if (!canManageLti(actor)) return null;
  const [platforms, jwks] = await Promise.all([listPlatforms(db), publishedJwks(db)]);
  return { platforms, urls: urlsForLms(requestUrl), keyIds: jwks.keys.map((k) => k.kid!) };
}

/** A textarea's lines (or commas, or spaces) as a list. */
const listOf = (v: unknown) =>
  typeof v === "string"
    ? v
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    : v;

const formSchema = z.object({
  issuer: z.string().catch(""),
  clientId: z.string().catch(""),
  deploymentIds: z.preprocess(listOf, z.array(z.string()).catch([])),
  authUrl: z.string().catch(""),
  tokenUrl: z.string().catch(""),
  jwksUrl: z.string().catch(""),
  lmsOrigins: z.preprocess(listOf, z.array(z.string()).catch([])),
});

/**
 * The registration schema's errors, one per field (the page says in the reader's language what that
 * field needs: ltiAdmin.errors.<field>); a problem inside a list belongs to the list.
 */
function errorsByField(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= { code: field };
  }
  return out;
}

export async function registerFromForm(actor: Actor, input: unknown, db: Db = getDb()): Promise<Outcome<{ id: string; created: boolean }>> {
  if (!canManageLti(actor)) return { status: "forbidden" };
  const form = formSchema.safeParse(input ?? {});
  if (!form.success) return invalid({ form: { code: "form" } });
  const parsed = platformInputSchema.safeParse(form.data);
  if (!parsed.success) return invalid(errorsByField(parsed.error.issues));
  const { platform, created } = await registerPlatform(db, parsed.data, actor.id);
  return ok({ id: platform.id, created });
}

export async function updateFromForm(actor: Actor, id: unknown, input: unknown, db: Db = getDb()): Promise<Outcome<{ id: string }>> {
  if (!canManageLti(actor)) return { status: "forbidden" };
  if (typeof id !== "string" || id.length > 64) return { status: "not-found" };
  const form = formSchema.pick({ deploymentIds: true, lmsOrigins: true }).safeParse(input ?? {});
  if (!form.success) return invalid({ form: { code: "form" } });
  const parsed = platformInputSchema.pick({ deploymentIds: true, lmsOrigins: true }).safeParse(form.data);
  if (!parsed.success) return invalid(errorsByField(parsed.error.issues));
  const platform = await updatePlatform(db, id, parsed.data, actor.id);
  return platform ? ok({ id }) : { status: "not-found" };
}

export async function deleteRegistration(actor: Actor, id: unknown, db: Db = getDb()): Promise<Outcome<{ id: string }>> {
  if (!canManageLti(actor)) return { status: "forbidden" };
  if (typeof id !== "string" || id.length > 64) return { status: "not-found" };
  return (await deletePlatform(db, id, actor.id)) ? ok({ id }) : { status: "not-found" };
}

export async function rotateToolKeys(actor: Actor, db: Db = getDb()): Promise<Outcome<{ kid: string }>> {
  if (!canManageLti(actor)) return { status: "forbidden" };
  const { kid } = await rotateKeys(db, { actorId: actor.id });
  return ok({ kid });
}
