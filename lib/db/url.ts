import path from "node:path";

/** Where the embedded database lives when DATABASE_URL is not set (git-ignored). */
export const DEFAULT_SQLITE_FILE = "data/chainrule.db";

/**
 * The SQLite URL the app, the Prisma CLI and the tests all use, as an absolute `file:` URL.
 * Prisma resolves a relative `file:` path against the working directory of whichever process opens
 * it, so it is made absolute once, here, against the project root.
 */
export function resolveDatabaseUrl(env: Readonly<Record<string, string | undefined>> = process.env, root: string = projectRoot()): string {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return `file:${path.join(root, DEFAULT_SQLITE_FILE)}`;
  if (!raw.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite "file:" URL (e.g. file:./data/chainrule.db); got "${raw.split(":")[0]}:…"`);
  }
  const file = raw.slice("file:".length).replace(/\?.*$/, "");
  if (!file) throw new Error("DATABASE_URL names no file: expected file:<path>");
  return `file:${path.resolve(root, file)}`;
}

/** The file behind a `file:` URL from resolveDatabaseUrl. */
export function sqliteFile(url: string): string {
  return url.slice("file:".length);
}

export function projectRoot(): string {
  return process.env.CHAINRULE_ROOT ?? process.cwd();
}
