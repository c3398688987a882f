/**
 * Direct access to the end-to-end test's own database (plain SQL: better-sqlite3 on SQLite, a
 * synchronous pg connection on PostgreSQL, see pg-sync.ts): fixtures the UI cannot make yet, and the
 * facts a test needs to compute a student's variant itself. The SQL is written SQLite's way and runs
 * on both.
 */
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadProblem } from "@/lib/problems/load";
import { generateVariant, studentSeed } from "@/lib/problems/variant";
import { PostgresSync, type Row } from "./pg-sync";

/** The part of better-sqlite3's API the fixtures use; the PostgreSQL side gives the same. */
export type Statement = {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
};
export type E2eDb = { prepare(sql: string): Statement };

function url(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (run the browser tests with npm run test:e2e)");
  return url;
}

let postgres: PostgresSync | undefined;

function postgresDb(): E2eDb {
  const conn = (postgres ??= new PostgresSync(url()));
  return {
    prepare: (sql) => ({
      get: (...params): Row | undefined => conn.query(sql, params).rows[0],
      all: (...params) => conn.query(sql, params).rows,
      run: (...params) => ({ changes: conn.query(sql, params).rowCount }),
    }),
  };
}

export function withDb<T>(fn: (db: E2eDb) => T): T {
  if (/^postgres(ql)?:/i.test(url())) return fn(postgresDb());
  const db = new Database(url().replace(/^file:/, ""), { timeout: 5000 });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const id = () => `e2e${crypto.randomBytes(10).toString("hex")}`;
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

export function addAssignment(a: {
  title: string;
  courseCode?: string;
  opensAt: Date;
  dueAt: Date;
  maxAttempts: number | null;
  latePolicy?: "REFUSE" | "PENALTY" | "ACCEPT";
  latePenaltyPercent?: number;
  lateUntil?: Date;
  releasePolicy?: "IMMEDIATE" | "AFTER_DUE" | "NEVER";
  scoreRule?: "BEST" | "LATEST";
  problems: [slug: string, points: number][];
}): string {
  return withDb((db) => {
    const course = db.prepare("SELECT id FROM Course WHERE code = ?").get(a.courseCode ?? "DL-101") as { id: string };
    const assignmentId = id();
    const now = iso(new Date());
    db.prepare(
      `INSERT INTO Assignment (id, courseId, title, description, opensAt, dueAt, maxAttempts, latePolicy, latePenaltyPercent, lateUntil, releasePolicy, scoreRule, practice, createdAt, updatedAt)
       VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)`,
    ).run(
      assignmentId,
      course.id,
      a.title,
      iso(a.opensAt),
      iso(a.dueAt),
      a.maxAttempts,
      a.latePolicy ?? "REFUSE",
      a.latePenaltyPercent ?? 0,
      a.lateUntil ? iso(a.lateUntil) : null,
      a.releasePolicy ?? "AFTER_DUE",
      a.scoreRule ?? "BEST",
      now,
      now,
    );
    // Each problem pinned to its latest version, as the assignment form does when a problem is added.
    a.problems.forEach(([slug, points], position) => {
      const problem = db
        .prepare("SELECT p.id, v.id AS versionId FROM Problem p JOIN ProblemVersion v ON v.problemId = p.id WHERE p.slug = ? ORDER BY v.version DESC LIMIT 1")
        .get(slug) as { id: string; versionId: string };
      db.prepare("INSERT INTO AssignmentProblem (id, assignmentId, problemId, problemVersionId, position, points) VALUES (?, ?, ?, ?, ?, ?)").run(
        id(),
        assignmentId,
        problem.id,
        problem.versionId,
        position,
        points,
      );
    });
    return assignmentId;
  });
}

export function lookup(sql: string, ...params: unknown[]): Record<string, unknown> {
  return withDb((db) => db.prepare(sql).get(...params) as Record<string, unknown>);
}

/** A student's variant of a problem in an assignment, computed the way the server does (HMAC seed, then the engine). */
export function variantOf(email: string, assignmentTitle: string, problemFile: string) {
  const user = lookup("SELECT id FROM User WHERE email = ?", email);
  const a = lookup("SELECT a.id, a.courseId, c.variantSecret FROM Assignment a JOIN Course c ON c.id = a.courseId WHERE a.title = ?", assignmentTitle);
  const loaded = loadProblem(fs.readFileSync(path.join("problems", problemFile), "utf8"));
  if (!loaded.ok) throw new Error(`invalid problem ${problemFile}`);
  const problem = lookup("SELECT id FROM Problem WHERE slug = ?", loaded.problem.file.id);
  const seed = studentSeed(String(a.variantSecret), {
    courseId: String(a.courseId),
    assignmentId: String(a.id),
    problemId: String(problem.id),
    userId: String(user.id),
  });
  return { variant: generateVariant(loaded.problem, seed), problemId: String(problem.id), assignmentId: String(a.id) };
}

/** A person who can sign in (password hashed as the app hashes it), optionally already in some courses. Returns their id. */
export function addUser(u: { email: string; name: string; password: string; courses?: [code: string, role: "STUDENT" | "TA" | "INSTRUCTOR"][] }): string {
  const hash = bcrypt.hashSync(u.password, 10);
  return withDb((db) => {
    const userId = id();
    const now = iso(new Date());
    db.prepare("INSERT INTO User (id, email, name, passwordHash, isSiteAdmin, createdAt, updatedAt) VALUES (?, ?, ?, ?, FALSE, ?, ?)").run(
      userId,
      u.email,
      u.name,
      hash,
      now,
      now,
    );
    for (const [code, role] of u.courses ?? []) {
      const course = db.prepare("SELECT id FROM Course WHERE code = ?").get(code) as { id: string };
      db.prepare("INSERT INTO Membership (id, userId, courseId, role, createdAt) VALUES (?, ?, ?, ?, ?)").run(id(), userId, course.id, role, now);
    }
    return userId;
  });
}
