/**
 * The session, decoded once per request. proxy.ts decodes (decrypts and checks) the session cookie
 * for every request that needs one; rather than have the page or server action decode it again, the
 * proxy passes the two claims that matter (user id, session version) on the request, in a header
 * sealed with a key that never leaves this server process: HMAC-SHA-256 under 32 random bytes made
 * when the process starts. The proxy removes any such header a client sent, and a header that does
 * not verify is ignored (lib/session.ts then decodes the cookie itself), so a forged or replayed
 * header names nobody: another process's seal, or one for other claims, does not verify.
 *
 * Whether the session still counts (its version against the user's) is decided where the user is
 * resolved, as before (lib/auth/sessions.ts `userOfSession`).
 *
 * Web Crypto only (no Node built-ins), like the rest of what proxy.ts imports.
 */

/** The header the proxy passes the sealed claims in. */
export const SESSION_CLAIMS_HEADER = "x-chainrule-session";

/** What a request's session names: the user, and the session version its token was issued with. */
export type RequestClaims = { uid: string; sv: number };

const globalForKey = globalThis as unknown as { chainruleClaimsKey?: Promise<CryptoKey> };

/** The process's sealing key, made on first use; on globalThis so that every bundle of the server shares it. */
function processKey(): Promise<CryptoKey> {
  return (globalForKey.chainruleClaimsKey ??= newClaimsKey());
}

const encoder = new TextEncoder();
const SEALED = /^([A-Za-z0-9_-]{1,64})\.(\d{1,9})\.([A-Za-z0-9_-]{43})$/;

function base64url(bytes: ArrayBuffer): string {
  let s = "";
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** `uid.sv.mac`, or null for claims that cannot be sealed (an id outside the safe alphabet, a version that is not a small whole number). */
export async function sealClaims(claims: { uid?: unknown; sv?: unknown }, key: Promise<CryptoKey> = processKey()): Promise<string | null> {
  const { uid, sv } = claims;
  if (typeof uid !== "string" || typeof sv !== "number" || !Number.isInteger(sv) || sv < 0) return null;
  const body = `${uid}.${sv}`;
  if (!SEALED.test(`${body}.${"A".repeat(43)}`)) return null;
  const mac = await crypto.subtle.sign("HMAC", await key, encoder.encode(body));
  return `${body}.${base64url(mac)}`;
}

/** The claims a sealed header carries, or null when it is absent, malformed or was not sealed by this process. */
export async function openClaims(sealed: string | null | undefined, key: Promise<CryptoKey> = processKey()): Promise<RequestClaims | null> {
  const m = sealed ? SEALED.exec(sealed) : null;
  if (!m) return null;
  const ok = await crypto.subtle.verify("HMAC", await key, fromBase64url(m[3]!), encoder.encode(`${m[1]}.${m[2]}`));
  return ok ? { uid: m[1]!, sv: Number(m[2]) } : null;
}

/** A fresh random sealing key (the process's own, or a test's: a seal made under one key must not open under another). */
export function newClaimsKey(): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", crypto.getRandomValues(new Uint8Array(32)), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}
