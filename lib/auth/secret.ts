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
