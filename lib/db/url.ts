import path from "node:path";

/** Where the embedded database lives when DATABASE_URL is not set (git-ignored). */
export const DEFAULT_SQLITE_FILE = "data/chainrule.db";

/** The two databases Chainrule runs on: embedded SQLite, or a PostgreSQL server. */
export type DatabaseProvider = "sqlite" | "postgresql";

/** Each provider's Prisma schema and migrations folder (relative to the project root). */
export const PRISMA_LAYOUT: Readonly<Record<DatabaseProvider, { schema: string; migrations: string }>> = {
  sqlite: { schema: "prisma/schema.prisma", migrations: "prisma/migrations" },
  postgresql: { schema: "prisma/postgres/schema.prisma", migrations: "prisma/postgres/migrations" },
};

const POSTGRES_SCHEMES = /^postgres(ql)?:\/\//i;

/**
 * The database URL the app, the Prisma CLI and the tests all use. Unset or `file:` is embedded
 * SQLite, made absolute once, here, against the project root (Prisma resolves a relative `file:` path
 * against the working directory of whichever process opens it). `postgres://` or `postgresql://` is
 * a PostgreSQL server, passed on as written once it parses.
 */
export function resolveDatabaseUrl(env: Readonly<Record<string, string | undefined>> = process.env, root: string = projectRoot()): string {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return `file:${path.join(root, DEFAULT_SQLITE_FILE)}`;
  if (POSTGRES_SCHEMES.test(raw)) {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error("DATABASE_URL is not a valid PostgreSQL URL: expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE");
    }
    if (!parsed.hostname && !parsed.searchParams.get("host"))
      throw new Error("DATABASE_URL names no PostgreSQL host: expected postgresql://USER@HOST[:PORT]/DATABASE");
    if (parsed.pathname.replace(/^\//, "") === "")
      throw new Error("DATABASE_URL names no PostgreSQL database: expected postgresql://USER@HOST[:PORT]/DATABASE");
    return raw;
  }
  if (!raw.startsWith("file:")) {
    // Only the scheme is repeated back: the rest may hold a password.
    throw new Error(
      `DATABASE_URL must be a SQLite "file:" URL (e.g. file:./data/chainrule.db) or a PostgreSQL "postgresql://" (or "postgres://") URL; got "${raw.split(":")[0]}:…"`,
    );
  }
  const file = raw.slice("file:".length).replace(/\?.*$/, "");
  if (!file) throw new Error("DATABASE_URL names no file: expected file:<path>");
  return `file:${path.resolve(root, file)}`;
}

/** Connections each server process keeps to PostgreSQL when DATABASE_POOL_SIZE is not set. */
export const DEFAULT_POOL_SIZE = 10;

/** DATABASE_POOL_SIZE: a whole number of PostgreSQL connections per process, 1 to 1000. */
export function poolSize(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.DATABASE_POOL_SIZE?.trim();
  if (!raw) return DEFAULT_POOL_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to 1000, got "${raw}"`);
  return n;
}

/** Which database a URL from resolveDatabaseUrl opens. */
export function databaseProvider(url: string): DatabaseProvider {
  return POSTGRES_SCHEMES.test(url) ? "postgresql" : "sqlite";
}

/** The file behind a `file:` URL from resolveDatabaseUrl. */
export function sqliteFile(url: string): string {
  return url.slice("file:".length);
}

/** A URL fit for a log line: a PostgreSQL password is replaced by "***". */
export function redactDatabaseUrl(url: string): string {
  if (databaseProvider(url) === "sqlite") return sqliteFile(url);
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgresql://…";
  }
}

export function projectRoot(): string {
  return process.env.CHAINRULE_ROOT ?? process.cwd();
}
