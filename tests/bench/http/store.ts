/**
 * The benchmark's own fresh database, and the questions it asks of it directly (not through the
 * server under test): how many submissions are stored, which of a list of ids exist, and whether the
 * database is intact after a SIGKILL. SQLite: a file in a new temporary directory. PostgreSQL: a
 * database `chainrule_bench_<pid>` on the local server, dropped afterwards.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { resolveDatabaseUrl } from "@/lib/db/url";
import type { BenchDatabase } from "./flags";

export type BenchStore = {
  kind: BenchDatabase;
  url: string;
  /** Graded submissions of one assignment. */
  countSubmissions(assignmentId: string): Promise<number>;
  /** How many of these submission ids are stored. */
  countStored(ids: readonly string[]): Promise<number>;
  /** "ok", or what the check found. */
  integrity(): Promise<string>;
  /** Deletes the database (and for SQLite its directory, which also holds the server's log). */
  drop(): Promise<void>;
  /** Where logs go. */
  dir: string;
};

/** The server that holds PostgreSQL benchmark databases; BENCH_PG_URL overrides it. */
export function postgresServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.BENCH_PG_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";
}

/**
 * Whether this build's app accepts a PostgreSQL DATABASE_URL at all: lib/db/url.ts decides, so the
 * benchmark starts working on PostgreSQL the day the app does, with no change here.
 */
export function postgresSupported(): boolean {
  try {
    resolveDatabaseUrl({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/chainrule_bench_probe" });
    return true;
  } catch {
    return false;
  }
}

export const POSTGRES_UNAVAILABLE = "PostgreSQL support is not available in this build";

export async function createStore(kind: BenchDatabase): Promise<BenchStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-bench-http-"));
  return kind === "sqlite" ? sqliteStore(dir) : postgresStore(dir);
}

function sqliteStore(dir: string): BenchStore {
  const file = path.join(dir, "bench.db");
  const open = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(file, { timeout: 5000 });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    kind: "sqlite",
    url: `file:${file}`,
    dir,
    countSubmissions: async (assignmentId) =>
      open((db) => (db.prepare('SELECT count(*) AS n FROM "Submission" WHERE "assignmentId" = ?').get(assignmentId) as { n: number }).n),
    countStored: async (ids) => open((db) => countIn(ids, (chunk) => (db.prepare(inQuery(chunk.length, "?")).get(...chunk) as { n: number }).n)),
    integrity: async () =>
      open((db) => {
        const rows = db.pragma("integrity_check") as { integrity_check: string }[];
        return rows.map((r) => r.integrity_check).join("; ");
      }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

const CHUNK = 500;

function countIn(ids: readonly string[], count: (chunk: string[]) => number): number {
  let n = 0;
  for (let i = 0; i < ids.length; i += CHUNK) n += count(ids.slice(i, i + CHUNK));
  return n;
}

async function countInAsync(ids: readonly string[], count: (chunk: string[]) => Promise<number>): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += CHUNK) n += await count(ids.slice(i, i + CHUNK));
  return n;
}

const inQuery = (n: number, placeholder: string | ((i: number) => string)) =>
  `SELECT count(*) AS n FROM "Submission" WHERE "id" IN (${Array.from({ length: n }, (_, i) => (typeof placeholder === "string" ? placeholder : placeholder(i))).join(", ")})`;

async function postgresStore(dir: string): Promise<BenchStore> {
  if (!postgresSupported()) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(POSTGRES_UNAVAILABLE);
  }
  const name = `chainrule_bench_${process.pid}`;
  const server = postgresServerUrl();
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>, url = server): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  try {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `could not create the PostgreSQL database ${name} on ${server.replace(/:[^:@/]*@/, ":***@")}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const query = <T>(fn: (c: pg.Client) => Promise<T>) => admin(fn, url);
  return {
    kind: "postgres",
    url,
    dir,
    countSubmissions: (assignmentId) =>
      query(async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM "Submission" WHERE "assignmentId" = $1', [assignmentId])).rows[0]!.n)),
    countStored: (ids) =>
      query((c) =>
        countInAsync(ids, async (chunk) =>
          Number(
            (
              await c.query<{ n: string }>(
                inQuery(chunk.length, (i) => `$${i + 1}`),
                chunk,
              )
            ).rows[0]!.n,
          ),
        ),
      ),
    // PostgreSQL recovers from a killed client by itself; the question is whether it still answers.
    integrity: () =>
      query(async (c) => {
        await c.query('SELECT count(*) FROM "Submission"');
        return "ok";
      }).catch((e: unknown) => (e instanceof Error ? e.message : String(e))),
    drop: async () => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
