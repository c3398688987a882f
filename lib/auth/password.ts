import bcrypt from "bcryptjs";

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const DECOY_HASH = bcrypt.hashSync("decoy-password-never-matches", COST);

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DECOY_HASH);
  return ok && hash != null;
}
