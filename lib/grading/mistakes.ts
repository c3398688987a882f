/**
 * The built-in mistakes, in the order they are tried (a problem's own alternatives come before all of
 * them). Each is detected by recomputing: an alternative value is computed for the same node and field,
 * and the student's entry is compared with it under the part's tolerance. Nothing here looks at text.
 */
export const MISTAKE_CODES = [
  "local-not-chained",
  "missing-fanout-sum",
  "upstream-downstream-swapped",
  "wrong-log-base",
  "mean-vs-sum",
  "no-softmax",
  "sign-flip",
  "early-rounding",
] as const;

export type MistakeCode = (typeof MISTAKE_CODES)[number];

export function isMistakeCode(code: string): code is MistakeCode {
  return (MISTAKE_CODES as readonly string[]).includes(code);
}

/** The mistakes that make sense for a single value answer (`gradeValue`), in the order tried. */
export const VALUE_MISTAKES: readonly MistakeCode[] = ["wrong-log-base", "mean-vs-sum", "no-softmax", "sign-flip", "early-rounding"];

/** How many consumer edges a node may have before `missing-fanout-sum` tries single edges only (2^k subsets otherwise). */
export const MAX_FANOUT_SUBSETS = 6;

/** Rounding intermediates to these significant figures (rounded and truncated) bounds `early-rounding`. */
export const EARLY_ROUNDING_DIGITS = [2, 3] as const;
/** An entry may be this much further off than the worst rounding pass and still count as early rounding. */
export const EARLY_ROUNDING_SLACK = 1.25;
