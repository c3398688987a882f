import crypto from "node:crypto";

// Lowercase letters and digits without look-alikes (0/o, 1/l/i): read off a screen and typed once.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A one-time password for a person the instructor added: 15 random characters in groups, ≈ 74 bits. */
export function newTemporaryPassword(): string {
  const chars = Array.from(crypto.randomBytes(15), (b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10)}`;
}
