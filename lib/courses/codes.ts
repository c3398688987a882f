import crypto from "node:crypto";

/** The key of a course's variant-seed HMAC: random, never shown to anyone. */
export function newVariantSecret(): string {
  return crypto.randomBytes(32).toString("base64url");
}

// No 0/O, 1/I/L: join codes are read aloud and typed from a projector.
const JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 8;

export function newJoinCode(): string {
  const bytes = crypto.randomBytes(JOIN_CODE_LENGTH);
  return Array.from(bytes, (b) => JOIN_ALPHABET[b % JOIN_ALPHABET.length]).join("");
}
