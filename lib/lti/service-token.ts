/**
 * Access tokens for the platform's services (AGS, NRPS): the OAuth 2 client credentials grant with a
 * signed JWT assertion (IMS Security Framework 4.1). The assertion is signed RS256 by the tool's
 * current key (lib/lti/keys.ts) under its kid; iss = sub = the client id, aud = the token URL. Tokens
 * are cached per platform and scope set until shortly before they expire.
 */
import crypto from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { currentSigningKey, TOOL_KEY_ALG } from "./keys";

/** A token is not used in its last minute: a request must not reach the platform with an expired one. */
const EXPIRY_MARGIN_MS = 60_000;
const cache = new Map<string, { token: string; expiresAt: number }>();

/** A platform's service refused or failed; `detail` names the endpoint and what it said. */
export class LtiServiceError extends Error {
  constructor(
    readonly status: number | null,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === "bearer", "token_type is not Bearer"),
  expires_in: z.number().positive().optional(),
});

type Platform = { id: string; clientId: string; tokenUrl: string };

export async function serviceToken(db: Db, platform: Platform, scopes: readonly string[], now: Date = new Date()): Promise<string> {
  const scope = [...new Set(scopes)].sort().join(" ");
  const key = `${platform.id}\n${scope}`;
  const cached = cache.get(key);
  if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > now.getTime()) return cached.token;

  const signing = await currentSigningKey(db, now);
  const iat = Math.floor(now.getTime() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: TOOL_KEY_ALG, kid: signing.kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(signing.privateKey);
  let response: Response;
  try {
    response = await fetch(platform.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
        scope,
      }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw new LtiServiceError(null, `token endpoint ${platform.tokenUrl} unreachable: ${(e as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new LtiServiceError(response.status, `token endpoint ${platform.tokenUrl} answered ${response.status}: ${text.slice(0, 300)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new LtiServiceError(response.status, `token endpoint ${platform.tokenUrl} answered with something other than JSON`);
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new LtiServiceError(
      response.status,
      `token endpoint ${platform.tokenUrl}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  cache.set(key, { token: parsed.data.access_token, expiresAt: now.getTime() + (parsed.data.expires_in ?? 3600) * 1000 });
  return parsed.data.access_token;
}

/** Forgets cached tokens (a platform's token refused as invalid, or tests). */
export function forgetServiceTokens(platformId?: string): void {
  for (const k of cache.keys()) if (platformId === undefined || k.startsWith(`${platformId}\n`)) cache.delete(k);
}
