/**
 * Fixtures for the review browser tests: submissions made through the real submit path
 * (lib/assignments/submit.ts) by a tsx child process (tests/e2e/submit-as.ts says why), and reads of
 * the end-to-end database. Builds on tests/e2e/db.ts.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { withDb } from "./db";
import type { SubmitJob } from "./submit-as";

export type SubmitResult = { submissionId: string; attempt: number; score: number; parameters: Record<string, unknown> };

/** Each job starts from the student's own reference answers; `blank` and `set` change them. */
export function submitAs(jobs: SubmitJob[]): SubmitResult[] {
  const out = execFileSync(process.execPath, [path.join(process.cwd(), "node_modules/tsx/dist/cli.mjs"), path.join(process.cwd(), "tests/e2e/submit-as.ts")], {
    input: JSON.stringify(jobs),
    // Its standard output carries the results; the submit path's JSON log lines would mix into it.
    env: { ...process.env, LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
  return JSON.parse(out) as SubmitResult[];
}

export function lookupAll(sql: string, ...params: unknown[]): Record<string, unknown>[] {
  return withDb((db) => db.prepare(sql).all(...params) as Record<string, unknown>[]);
}

const newId = () => `e2e${crypto.randomBytes(10).toString("hex")}`;
const stamp = () => new Date().toISOString().replace("Z", "+00:00");

/**
 * A problem of the test's own, starting as a copy of a bank problem's latest version, so that new
 * versions of it change nothing for the other browser tests.
 */
export function copyProblem(fromSlug: string, slug: string, change?: (content: Record<string, unknown>) => void): string {
  return withDb((db) => {
    const from = db
      .prepare("SELECT p.title, p.topic, v.content FROM Problem p JOIN ProblemVersion v ON v.problemId = p.id WHERE p.slug = ? ORDER BY v.version DESC LIMIT 1")
      .get(fromSlug) as {
      title: string;
      topic: string;
      content: string;
    };
    const problemId = newId();
    // The copy's file has its own id, as a problem imported under that id would.
    const content = { ...(JSON.parse(from.content) as Record<string, unknown>), id: slug };
    change?.(content);
    db.prepare("INSERT INTO Problem (id, slug, title, topic, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)").run(
      problemId,
      slug,
      from.title,
      from.topic,
      stamp(),
      stamp(),
    );
    db.prepare("INSERT INTO ProblemVersion (id, problemId, version, content, source, contentHash, title, createdAt) VALUES (?, ?, 1, ?, '', ?, ?, ?)").run(
      newId(),
      problemId,
      JSON.stringify(content),
      `${slug}-1`,
      from.title,
      stamp(),
    );
    return problemId;
  });
}

/** A new version of a problem: its latest content changed by `change` (as the problem editor would save it). */
export function addVersion(slug: string, change: (content: Record<string, unknown>) => void): number {
  return withDb((db) => {
    const latest = db
      .prepare(
        "SELECT v.problemId, v.version, v.content, v.title FROM ProblemVersion v JOIN Problem p ON p.id = v.problemId WHERE p.slug = ? ORDER BY v.version DESC LIMIT 1",
      )
      .get(slug) as {
      problemId: string;
      version: number;
      content: string;
      title: string;
    };
    const content = JSON.parse(latest.content) as Record<string, unknown>;
    change(content);
    const version = latest.version + 1;
    db.prepare("INSERT INTO ProblemVersion (id, problemId, version, content, source, contentHash, title, createdAt) VALUES (?, ?, ?, ?, '', ?, ?, ?)").run(
      newId(),
      latest.problemId,
      version,
      JSON.stringify(content),
      `${slug}-${version}`,
      latest.title,
      stamp(),
    );
    return version;
  });
}
