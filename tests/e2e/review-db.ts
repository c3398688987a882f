/**
 * Fixtures for the review browser tests: submissions made through the real submit path
 * (lib/assignments/submit.ts) by a tsx child process (tests/e2e/submit-as.ts says why), and reads of
 * the end-to-end database. Builds on tests/e2e/db.ts.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { withDb } from "./db";
import type { SubmitJob } from "./submit-as";

export type SubmitResult = { submissionId: string; attempt: number; score: number; parameters: Record<string, unknown> };

/** Each job starts from the student's own reference answers; `blank` and `set` change them. */
export function submitAs(jobs: SubmitJob[]): SubmitResult[] {
  const out = execFileSync(process.execPath, [path.join(process.cwd(), "node_modules/tsx/dist/cli.mjs"), path.join(process.cwd(), "tests/e2e/submit-as.ts")], {
    input: JSON.stringify(jobs),
    env: process.env,
    encoding: "utf8",
  });
  return JSON.parse(out) as SubmitResult[];
}

export function lookupAll(sql: string, ...params: unknown[]): Record<string, unknown>[] {
  return withDb((db) => db.prepare(sql).all(...params) as Record<string, unknown>[]);
}
