/**
 * Where a student stands on an assignment: per problem, not started / in progress / done, and the
 * points that count under the assignment's score rule. Pure, so the dashboard and the gradebook agree.
 */

export type ProblemStatus = "not-started" | "in-progress" | "done";
export type ScoreRule = "BEST" | "LATEST";

export type AttemptSummary = { score: number; attempt: number };

export type ProblemProgress = {
  status: ProblemStatus;
  /** Fraction in [0, 1] that counts, or null before any attempt. */
  score: number | null;
  attemptsUsed: number;
};

/** What progress needs of a student's attempts at one problem: how many, the best score and the latest one's (null before any). */
export type AttemptTotals = { count: number; best: number; latest: number };

export function problemProgress(attempts: readonly AttemptSummary[], rule: ScoreRule, maxAttempts: number | null, closed: boolean): ProblemProgress {
  if (attempts.length === 0) return progressOf(null, rule, maxAttempts, closed);
  const latest = attempts.reduce((a, b) => (b.attempt > a.attempt ? b : a));
  return progressOf({ count: attempts.length, best: Math.max(...attempts.map((a) => a.score)), latest: latest.score }, rule, maxAttempts, closed);
}

/** The same from totals the database adds up (lib/assignments/dashboard.ts attemptTotals), without the attempts themselves. */
export function progressOf(totals: AttemptTotals | null, rule: ScoreRule, maxAttempts: number | null, closed: boolean): ProblemProgress {
  if (!totals || totals.count === 0) return { status: closed ? "done" : "not-started", score: null, attemptsUsed: 0 };
  const score = rule === "BEST" ? totals.best : totals.latest;
  const exhausted = maxAttempts !== null && totals.count >= maxAttempts;
  const done = closed || exhausted || score >= 1 - 1e-9;
  return { status: done ? "done" : "in-progress", score, attemptsUsed: totals.count };
}

export function assignmentStatus(problems: readonly ProblemProgress[]): ProblemStatus {
  if (problems.length === 0) return "not-started";
  if (problems.every((p) => p.status === "done")) return "done";
  if (problems.every((p) => p.status === "not-started")) return "not-started";
  return "in-progress";
}

export function pointsEarned(problems: readonly { points: number; progress: ProblemProgress }[]): number {
  return problems.reduce((sum, p) => sum + p.points * (p.progress.score ?? 0), 0);
}
