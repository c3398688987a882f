/**
 * What a problem worker thread runs (problem-worker.mjs loads this file): previewing and checking
 * problem files, with their variant vetting and author tests. Inputs and results are plain data,
 * since they cross the thread boundary by structured clone: a checked file comes back as its parsed
 * content and the line of its id, not as a compiled problem.
 */
import { PREVIEW_VALIDATION_SEEDS, previewProblem, type ProblemPreview } from "@/lib/authoring/preview";
import { loadProblem } from "@/lib/problems/load";
import type { ProblemFile } from "@/lib/problems/schema";
import type { ProblemIssue } from "@/lib/problems/source";
import { validateLoaded, type Vetting } from "@/lib/problems/validate";

/** A problem file checked in full (schema, meaning, vetted variants, author tests), as saving needs it. */
export type CheckedProblemFile =
  { ok: true; file: ProblemFile; idLine: number; issues: ProblemIssue[]; vetting: Vetting | null } | { ok: false; issues: ProblemIssue[] };

/**
 * A preview as JSON text. A 10,000-node preview is megabytes of small objects: as one string it
 * crosses from the worker and out to the browser without the server's thread walking it twice
 * (structured clone in, RSC serialization out), which would hold that thread for 100 ms and more.
 */
export type PreviewJson = string & { readonly __preview?: ProblemPreview };

export interface ProblemJobs {
  preview: { input: { source: string; seeds: string[]; locale: string; vettingBudgetMs: number }; result: PreviewJson };
  check: { input: { source: string; vettingBudgetMs: number }; result: CheckedProblemFile };
}
export type ProblemJobName = keyof ProblemJobs;

export function checkProblemFile(source: string, vettingBudgetMs?: number): CheckedProblemFile {
  const loaded = loadProblem(source);
  const report = validateLoaded(loaded, vettingBudgetMs !== undefined ? { budgetMs: vettingBudgetMs } : {});
  const issues = [...report.issues].sort((a, b) => a.line - b.line);
  if (!report.ok || !loaded.ok) return { ok: false, issues };
  return { ok: true, file: loaded.problem.file, idLine: loaded.source.lineAt(["id"]), issues, vetting: report.vetting };
}

const JOBS: { [J in ProblemJobName]: (input: ProblemJobs[J]["input"]) => ProblemJobs[J]["result"] } = {
  preview: (i) => JSON.stringify(previewProblem(i.source, i.seeds, i.locale, PREVIEW_VALIDATION_SEEDS, i.vettingBudgetMs)),
  check: (i) => checkProblemFile(i.source, i.vettingBudgetMs),
};

export function runProblemJob<J extends ProblemJobName>(job: J, input: ProblemJobs[J]["input"]): ProblemJobs[J]["result"] {
  const run = Object.prototype.hasOwnProperty.call(JOBS, job) ? JOBS[job] : undefined;
  if (run === undefined) throw new Error(`unknown problem job "${String(job)}"`);
  return run(input);
}
