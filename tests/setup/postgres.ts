/**
 * The PostgreSQL server the tests use when CHAINRULE_TEST_DB=postgres: every run makes its own
 * databases on it (a migrated template, then one copy per test) and drops them, so runs never share
 * or reuse one. CHAINRULE_TEST_PG_URL names the server and a database to connect to for that
 * (default: the project machines' server, postgresql://postgres@127.0.0.1:5432/test).
 */
import pg from "pg";

export type TestDatabaseKind = "sqlite" | "postgres";

export function testDatabaseKind(env: NodeJS.ProcessEnv = process.env): TestDatabaseKind {
  const raw = (env.CHAINRULE_TEST_DB ?? "sqlite").trim().toLowerCase();
  if (raw === "" || raw === "sqlite") return "sqlite";
  if (raw === "postgres" || raw === "postgresql") return "postgres";
  throw new Error(`CHAINRULE_TEST_DB must be "sqlite" or "postgres", got "${raw}"`);
}

export function serverUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHAINRULE_TEST_PG_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/test";
}

/** The URL of another database on the same server. */
export function databaseUrl(name: string, server: string = serverUrl()): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A database name no other run uses: the prefix, this process, the time, a random tail. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE, optionally as a copy of a template (which nobody may be connected to). */
export async function createDatabase(name: string, template?: string): Promise<string> {
  await onServer((c) => c.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ""}`));
  return databaseUrl(name);
}

/** DROP DATABASE, closing whatever is still connected to it. */
export async function dropDatabase(name: string): Promise<void> {
  await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}

/** Drops every database whose name starts with the prefix (what a run's own tests left behind). */
export async function dropDatabasesStartingWith(prefix: string): Promise<void> {
  const names = await onServer(
    async (c) => (await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix])).rows,
  );
  for (const { datname } of names) await dropDatabase(datname);
}
