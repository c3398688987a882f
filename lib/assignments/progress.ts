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

export function problemProgress(attempts: readonly AttemptSummary[], rule: ScoreRule, maxAttempts: number | null, closed: boolean): ProblemProgress {
  if (attempts.length === 0) return { status: closed ? "done" : "not-started", score: null, attemptsUsed: 0 };
  const latest = attempts.reduce((a, b) => (b.attempt > a.attempt ? b : a));
  const score = rule === "BEST" ? Math.max(...attempts.map((a) => a.score)) : latest.score;
  const exhausted = maxAttempts !== null && attempts.length >= maxAttempts;
  const done = closed || exhausted || score >= 1 - 1e-9;
  return { status: done ? "done" : "in-progress", score, attemptsUsed: attempts.length };
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
