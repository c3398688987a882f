/**
 * The tool's own RSA key pairs (RS256, 2048 bits), which sign what the tool sends a platform (client
 * assertions for grade passback, deep linking responses) and are published at /api/lti/jwks. A key
 * is made on first use. Rotation makes a new current key and keeps the old one published until it
 * is retired, so tokens signed just before the rotation still verify at the platform.
 */
import crypto from "node:crypto";
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK, type KeyLike } from "jose";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";

export const TOOL_KEY_ALG = "RS256";

/** How long a rotated-out key stays published before rotate-keys retires it. */
export const RETIRE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

async function newKey(db: Db, now: Date) {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALG, { modulusLength: 2048, extractable: true });
  const kid = crypto.randomBytes(16).toString("base64url");
  const { kty, n, e } = await exportJWK(publicKey);
  return db.ltiKey.create({ data: { kid, publicJwk: { kty, n, e }, privateKey: await exportPKCS8(privateKey), createdAt: now } });
}

/** The key that signs now: the newest unretired one, made if there is none. */
export async function currentSigningKey(db: Db, now: Date = new Date()): Promise<{ kid: string; privateKey: KeyLike }> {
  const row = (await db.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } })) ?? (await newKey(db, now));
  return { kid: row.kid, privateKey: await importPKCS8(row.privateKey, TOOL_KEY_ALG) };
}

/**
 * A new current key. Keys rotated out more than RETIRE_AFTER_MS ago (or all earlier ones, with
 * retireAll) are retired: no longer published, so nothing they signed verifies any more.
 */
export async function rotateKeys(db: Db, options: { now?: Date; retireAll?: boolean; actorId?: string } = {}): Promise<{ kid: string; retired: string[] }> {
  const now = options.now ?? new Date();
  const current = await db.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });
  const created = await newKey(db, new Date(Math.max(now.getTime(), (current?.createdAt.getTime() ?? 0) + 1)));
  const older = await db.ltiKey.findMany({ where: { retiredAt: null, id: { not: created.id } }, orderBy: { createdAt: "asc" } });
  // A key was "rotated out" when the key after it was made: retire it once that is long enough ago.
  const retired: string[] = [];
  for (let i = 0; i < older.length; i++) {
    const rotatedOutAt = (older[i + 1] ?? created).createdAt;
    if (options.retireAll || now.getTime() - rotatedOutAt.getTime() >= RETIRE_AFTER_MS) retired.push(older[i]!.kid);
  }
  if (retired.length) await db.ltiKey.updateMany({ where: { kid: { in: retired } }, data: { retiredAt: now } });
  await recordAudit(db, {
    actorId: options.actorId ?? null,
    action: "lti.keys.rotate",
    entityType: "LtiKey",
    entityId: created.kid,
    after: { kid: created.kid, retired },
  });
  return { kid: created.kid, retired };
}

/** The JWK Set published at /api/lti/jwks: every unretired public key, newest first. */
export async function publishedJwks(db: Db): Promise<{ keys: JWK[] }> {
  if (!(await db.ltiKey.findFirst({ where: { retiredAt: null }, select: { id: true } }))) await newKey(db, new Date());
  const rows = await db.ltiKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });
  return { keys: rows.map((r) => ({ ...(r.publicJwk as JWK), kid: r.kid, alg: TOOL_KEY_ALG, use: "sig" })) };
}
