import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "@/lib/db/url";

/** Git-ignored file holding the secret generated on the first local start without NEXTAUTH_SECRET. */
export const GENERATED_SECRET_FILE = "data/.nextauth-secret";

/**
 * The key that signs session tokens: NEXTAUTH_SECRET when set; otherwise a random secret generated
 * once per checkout and kept in GENERATED_SECRET_FILE, so sessions survive restarts without a
 * secret ever living in the repository.
 */
export function authSecret(env: Readonly<Record<string, string | undefined>> = process.env, root: string = projectRoot()): string {
  const fromEnv = env.NEXTAUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const file = path.join(root, GENERATED_SECRET_FILE);
  try {
    const kept = fs.readFileSync(file, "utf8").trim();
    if (kept.length >= 32) return kept;
  } catch {
    // not generated yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  try {
    // "wx": if another process generated it first, keep theirs.
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return fs.readFileSync(file, "utf8").trim();
  }
}

/**
 * A production server needs NEXTAUTH_SECRET from its environment: a generated secret lives in one
 * checkout, so a second instance (or a new host) would have its own, and the sessions one instance
 * issued would not open on another. Returns what is wrong, or null.
 */
export function productionSecretProblem(env: Readonly<Record<string, string | undefined>>): string | null {
  if (env.NODE_ENV !== "production" || env.NEXTAUTH_SECRET?.trim()) return null;
  return (
    "NODE_ENV=production needs NEXTAUTH_SECRET set, to the same value on every instance of the app " +
    "(a secret generated in one checkout would sign sessions no other instance can read); " +
    "make one with `openssl rand -base64 32`"
  );
}
