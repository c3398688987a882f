/**
 * An assignment's rules for submitting (open, due, late policy, attempts) and for showing reference
 * answers (release policy). Pure, so the submit action, the pages and the tests agree.
 */

export type AssignmentRules = {
  opensAt: Date;
  dueAt: Date;
  maxAttempts: number | null;
  latePolicy: "REFUSE" | "PENALTY" | "ACCEPT";
  latePenaltyPercent: number;
  lateUntil: Date | null;
  releasePolicy: "IMMEDIATE" | "AFTER_DUE" | "NEVER";
};

/** The assignment columns the rules read, for Prisma selects. */
export const RULES_SELECT = {
  opensAt: true,
  dueAt: true,
  maxAttempts: true,
  latePolicy: true,
  latePenaltyPercent: true,
  lateUntil: true,
  releasePolicy: true,
} as const;

export type SubmitDecision =
  { allowed: true; late: boolean; penalty: number; attemptsLeft: number | null } | { allowed: false; reason: "not-open" | "closed" | "no-attempts"; at?: Date };

/** The last moment a submission is accepted, or null when late work is accepted forever. */
export function closesAt(a: Pick<AssignmentRules, "latePolicy" | "dueAt" | "lateUntil">): Date | null {
  if (a.latePolicy === "REFUSE") return a.dueAt;
  return a.lateUntil;
}

export function isClosed(a: AssignmentRules, now: Date): boolean {
  const end = closesAt(a);
  return end !== null && now > end;
}

/** May a student submit now, having used `attemptsUsed` attempts on this problem? */
export function submitDecision(a: AssignmentRules, now: Date, attemptsUsed: number): SubmitDecision {
  if (now < a.opensAt) return { allowed: false, reason: "not-open", at: a.opensAt };
  if (isClosed(a, now)) return { allowed: false, reason: "closed", at: closesAt(a)! };
  if (a.maxAttempts !== null && attemptsUsed >= a.maxAttempts) return { allowed: false, reason: "no-attempts" };
  const late = now > a.dueAt;
  const penalty = late && a.latePolicy === "PENALTY" ? Math.min(100, Math.max(0, a.latePenaltyPercent)) / 100 : 0;
  const attemptsLeft = a.maxAttempts === null ? null : a.maxAttempts - attemptsUsed - 1;
  return { allowed: true, late, penalty, attemptsLeft };
}

/**
 * Whether a student may see reference answers and the solution. IMMEDIATE: with the feedback of
 * each of their submissions; AFTER_DUE: once no more work is accepted; NEVER: not at all. Staff
 * always may (the caller checks the role).
 */
export function mayRevealAnswers(a: AssignmentRules, now: Date, hasSubmitted: boolean): boolean {
  switch (a.releasePolicy) {
    case "IMMEDIATE":
      return hasSubmitted;
    case "AFTER_DUE":
      return isClosed(a, now) || (closesAt(a) === null && now > a.dueAt);
    case "NEVER":
      return false;
  }
}

/**
 * One part's score as a fraction of its points. A staff override is the part's final word (the rubric
 * items applied to the part are then shown but do not count); otherwise the grader's fraction plus the
 * applied rubric items' points, kept within 0..points. The one rule every score that counts goes
 * through: lib/review/scoring.ts (Submission.score, exports) and the result pages.
 */
export function partScore(part: { points: number; score: number }, override: number | undefined, rubricPoints: number): number {
  if (override !== undefined) return override;
  if (rubricPoints === 0 || part.points <= 0) return part.score;
  return Math.min(1, Math.max(0, (part.score * part.points + rubricPoints) / part.points));
}

/** The score that counts for one attempt: parts' fractions weighted by points, times (1 − penalty). */
export function effectiveScore(parts: readonly { points: number; score: number }[], penalty: number): number {
  const total = parts.reduce((s, p) => s + p.points, 0);
  if (total === 0) return 0;
  const earned = parts.reduce((s, p) => s + p.points * Math.min(1, Math.max(0, p.score)), 0);
  return (earned / total) * (1 - penalty);
}
