import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The migration that gives problems an owner and pins assignments to versions, applied to a
 * database holding data from before it: every assignment keeps what its students see (the latest
 * version), problems made in the browser belong to the course they were made in, the built-in bank
 * to none, and each version gets its English title.
 */
const DIR = path.join(process.cwd(), "prisma/migrations");
const MINE = "20261127130621_course_owned_problems_pinned_versions";
const folders = fs
  .readdirSync(DIR)
  .filter((f) => /^\d{14}_/.test(f))
  .sort();
const sql = (folder: string) => fs.readFileSync(path.join(DIR, folder, "migration.sql"), "utf8");

let tmp: string;
let db: Database.Database;
const T = "2026-11-01T00:00:00.000+00:00";

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-mig-"));
  db = new Database(path.join(tmp, "old.db"));
  for (const f of folders.slice(0, folders.indexOf(MINE))) db.exec(sql(f));
  const run = (q: string, ...args: unknown[]) => db.prepare(q).run(...args);
  run(`INSERT INTO Course (id, code, title, createdAt, updatedAt) VALUES ('c101', 'DL-101', 'Deep Learning', ?, ?)`, T, T);
  run(`INSERT INTO Course (id, code, title, createdAt, updatedAt) VALUES ('c201', 'DL-201', 'Advanced', ?, ?)`, T, T);
  // The bank (imported, no audit), a problem made in DL-201's editor, and a bank problem DL-201 once saved over.
  for (const [id, slug] of [
    ["pbank", "seed-std-dev"],
    ["pmade", "dl201-gate"],
    ["pover", "seed-cross-entropy"],
  ]) {
    run(`INSERT INTO Problem (id, slug, title, createdAt, updatedAt) VALUES (?, ?, 'latest title', ?, ?)`, id, slug, T, T);
  }
  const version = (id: string, problemId: string, n: number, title: unknown) =>
    run(
      `INSERT INTO ProblemVersion (id, problemId, version, content, contentHash, createdAt) VALUES (?, ?, ?, ?, ?, ?)`,
      id,
      problemId,
      n,
      JSON.stringify({ id: problemId, title }),
      id,
      T,
    );
  version("vbank1", "pbank", 1, { en: "Standard deviation", "zh-CN": "标准差" });
  version("vbank2", "pbank", 2, { en: "Standard deviation, revised" });
  version("vmade1", "pmade", 1, "A gate");
  version("vover1", "pover", 1, "Cross-entropy");
  version("vover2", "pover", 2, "Cross-entropy (overwritten)");
  const audit = (id: string, entityId: string, course: string, before: string | null, at: string) =>
    run(
      `INSERT INTO AuditLog (id, action, entityType, entityId, courseId, before, after, createdAt) VALUES (?, 'problem.save', 'Problem', ?, ?, ?, '{}', ?)`,
      id,
      entityId,
      course,
      before,
      at,
    );
  audit("a1", "pmade", "c201", null, "2026-11-02T00:00:00.000+00:00");
  audit("a2", "pmade", "c101", '{"version":1}', "2026-11-03T00:00:00.000+00:00");
  audit("a3", "pover", "c201", '{"version":1}', "2026-11-04T00:00:00.000+00:00");
  run(`INSERT INTO Assignment (id, courseId, title, opensAt, dueAt, createdAt, updatedAt) VALUES ('hw', 'c101', 'Homework', ?, ?, ?, ?)`, T, T, T, T);
  run(`INSERT INTO AssignmentProblem (id, assignmentId, problemId, position, points) VALUES ('ap1', 'hw', 'pbank', 0, 10)`);
  run(`INSERT INTO AssignmentProblem (id, assignmentId, problemId, position, points) VALUES ('ap2', 'hw', 'pover', 1, 5)`);
  db.exec(sql(MINE));
});
afterAll(() => {
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("migrating to course-owned problems and pinned versions", () => {
  it("pins every assignment's problem to the version its students got: the latest", () => {
    expect(db.prepare("SELECT id, problemVersionId FROM AssignmentProblem ORDER BY id").all()).toEqual([
      { id: "ap1", problemVersionId: "vbank2" },
      { id: "ap2", problemVersionId: "vover2" },
    ]);
  });

  it("gives a problem made in the browser to the course it was made in, and leaves the bank (even one saved over) to no course", () => {
    expect(db.prepare("SELECT id, ownerCourseId, forkedFromVersionId, archivedAt FROM Problem ORDER BY id").all()).toEqual([
      { id: "pbank", ownerCourseId: null, forkedFromVersionId: null, archivedAt: null },
      { id: "pmade", ownerCourseId: "c201", forkedFromVersionId: null, archivedAt: null },
      { id: "pover", ownerCourseId: null, forkedFromVersionId: null, archivedAt: null },
    ]);
  });

  it("gives each version its English title and keeps its content", () => {
    expect(db.prepare("SELECT id, title FROM ProblemVersion ORDER BY id").all()).toEqual([
      { id: "vbank1", title: "Standard deviation" },
      { id: "vbank2", title: "Standard deviation, revised" },
      { id: "vmade1", title: "A gate" },
      { id: "vover1", title: "Cross-entropy" },
      { id: "vover2", title: "Cross-entropy (overwritten)" },
    ]);
    expect(JSON.parse((db.prepare("SELECT content FROM ProblemVersion WHERE id = 'vbank1'").get() as { content: string }).content)).toEqual({
      id: "pbank",
      title: { en: "Standard deviation", "zh-CN": "标准差" },
    });
  });

  it("leaves no broken reference", () => {
    expect(db.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
    expect(db.prepare("SELECT archivedAt FROM Assignment").all()).toEqual([{ archivedAt: null }]);
  });
});
