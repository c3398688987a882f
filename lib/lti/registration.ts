/**
 * Registering an LMS (an LTI 1.3 platform) with this tool: the values an LMS administrator copies
 * from the platform's side of the registration. Each is parsed here, with an error that names it.
 */
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { registrationsChanged } from "./framing";

/** https, or plain http only on this machine (a platform simulated in tests, a local LMS in development). */
export function isAllowedEndpoint(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hash) return false;
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]");
}

const endpoint = (what: string) =>
  z
    .string()
    .trim()
    .max(2000, `${what} is longer than 2000 characters`)
    .refine(isAllowedEndpoint, `${what} must be an https URL (http only for 127.0.0.1 or localhost), without credentials or #fragment`);

export const platformInputSchema = z.object({
  issuer: endpoint("issuer"),
  clientId: z.string().trim().min(1, "client id is empty").max(255, "client id is longer than 255 characters"),
  deploymentIds: z
    .array(z.string().trim().min(1, "a deployment id is empty").max(255, "a deployment id is longer than 255 characters"))
    .min(1, "at least one deployment id is needed")
    .transform((ids) => [...new Set(ids)]),
  authUrl: endpoint("auth URL"),
  tokenUrl: endpoint("token URL"),
  jwksUrl: endpoint("JWKS URL"),
  /** Who may frame the tool (lib/lti/framing.ts); empty means the issuer's and the auth URL's origins. */
  lmsOrigins: z
    .array(z.string().trim().refine(isAllowedEndpoint, "an LMS origin must be an https URL (http only for 127.0.0.1 or localhost)"))
    .max(20, "at most 20 LMS origins")
    .default([])
    .transform((list) => [...new Set(list.map((o) => new URL(o).origin))]),
});
export type PlatformInput = z.input<typeof platformInputSchema>;
type ParsedPlatform = z.output<typeof platformInputSchema>;

export type PlatformView = ParsedPlatform & { id: string; createdAt: Date };

function view(row: {
  id: string;
  issuer: string;
  clientId: string;
  deploymentIds: unknown;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  lmsOrigins: unknown;
  createdAt: Date;
}): PlatformView {
  return { ...row, deploymentIds: z.array(z.string()).parse(row.deploymentIds), lmsOrigins: z.array(z.string()).parse(row.lmsOrigins) };
}

/**
 * Registers a platform, or updates the registration with the same issuer and client id (its
 * deployment ids are added to the ones it had, so registering a second deployment keeps the first).
 */
export async function registerPlatform(db: Db, raw: PlatformInput, actorId: string | null = null): Promise<{ platform: PlatformView; created: boolean }> {
  const input = platformInputSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const existing = await tx.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: input.issuer, clientId: input.clientId } } });
    const before = existing ? view(existing) : null;
    const deploymentIds = [...new Set([...(before?.deploymentIds ?? []), ...input.deploymentIds])];
    const lmsOrigins = input.lmsOrigins.length ? input.lmsOrigins : (before?.lmsOrigins ?? []);
    const data = { authUrl: input.authUrl, tokenUrl: input.tokenUrl, jwksUrl: input.jwksUrl, deploymentIds, lmsOrigins };
    const row = existing
      ? await tx.ltiPlatform.update({ where: { id: existing.id }, data })
      : await tx.ltiPlatform.create({ data: { issuer: input.issuer, clientId: input.clientId, ...data } });
    const platform = view(row);
    await recordAudit(tx, {
      actorId,
      action: existing ? "lti.platform.update" : "lti.platform.register",
      entityType: "LtiPlatform",
      entityId: row.id,
      before,
      after: platform,
    });
    return { platform, created: !existing };
  });
  registrationsChanged();
  return result;
}

/** Replaces a registration's deployment ids and LMS origins (the admin page's edit). */
export async function updatePlatform(
  db: Db,
  id: string,
  raw: { deploymentIds: string[]; lmsOrigins: string[] },
  actorId: string | null,
): Promise<PlatformView | null> {
  const input = platformInputSchema.pick({ deploymentIds: true, lmsOrigins: true }).parse(raw);
  const result = await db.$transaction(async (tx) => {
    const existing = await tx.ltiPlatform.findUnique({ where: { id } });
    if (!existing) return null;
    const platform = view(await tx.ltiPlatform.update({ where: { id }, data: input }));
    await recordAudit(tx, { actorId, action: "lti.platform.update", entityType: "LtiPlatform", entityId: id, before: view(existing), after: platform });
    return platform;
  });
  registrationsChanged();
  return result;
}

/** Deletes a registration: its launches stop working; linked users and courses stay. */
export async function deletePlatform(db: Db, id: string, actorId: string | null): Promise<boolean> {
  const deleted = await db.$transaction(async (tx) => {
    const existing = await tx.ltiPlatform.findUnique({ where: { id } });
    if (!existing) return false;
    await tx.ltiPlatform.delete({ where: { id } });
    await recordAudit(tx, { actorId, action: "lti.platform.delete", entityType: "LtiPlatform", entityId: id, before: view(existing) });
    return true;
  });
  registrationsChanged();
  return deleted;
}

export async function listPlatforms(db: Db): Promise<PlatformView[]> {
  const rows = await db.ltiPlatform.findMany({ orderBy: [{ issuer: "asc" }, { clientId: "asc" }] });
  return rows.map(view);
}
