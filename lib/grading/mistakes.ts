/**
 * The built-in mistakes. Each is detected by recomputing: an alternative value is computed for the same
 * node and field, and the student's entry is compared with it under the part's tolerance. Nothing here
 * looks at text.
 *
 * Naming (diagnose.ts): every alternative is tried, not only the first that matches, because two
 * mistakes often give the same number (with an upstream gradient of 1, one branch's gradient is one
 * local derivative; a subtraction's second input receives minus the gradient, so writing the gradient
 * itself is also "the sign"). A wrong name is worse than none: when alternatives of different codes
 * match, no mistake is named, except where a rule below says which explanation is the likelier:
 *
 * - a problem's own alternatives outrank every built-in one (the author anticipated that mistake there);
 * - on the gradient of a fan-out node, `missing-fanout-sum` outranks `local-not-chained` (with an
 *   upstream gradient of 1 one branch's contribution is one edge's local derivative: it is the same
 *   slip, and "part of the sum" is what the student should fix);
 * - `early-rounding` is tried only when no other alternative matched: it is the only approximate match.
 *
 * The order below is the order they are tried, so it decides which of several matching alternatives of
 * the same code is reported, and what is computed first:
 *
 * 1. slips of the chain rule at this step, from the student's own numbers (`local-not-chained`,
 *    `missing-fanout-sum`, `upstream-downstream-swapped`, `value-for-gradient`: another number of the
 *    same node written in the slot);
 * 2. one operation's derivative rule done wrong (`mul-inputs-swapped`, `missing-one-over-n`), which need
 *    only that node's numbers;
 * 3. one operation swapped for another (`wrong-log-base`, `mean-vs-sum`, `no-softmax`), which also need
 *    the whole graph re-evaluated;
 * 4. the right numbers in the wrong arrangement or sign (`transposed`, `sign-flip`);
 * 5. `early-rounding`, last.
 */
export const MISTAKE_CODES = [
  "local-not-chained",
  "missing-fanout-sum",
  "upstream-downstream-swapped",
  "value-for-gradient",
  "mul-inputs-swapped",
  "missing-one-over-n",
  "wrong-log-base",
  "mean-vs-sum",
  "no-softmax",
  "transposed",
  "sign-flip",
  "early-rounding",
] as const;

export type MistakeCode = (typeof MISTAKE_CODES)[number];

export function isMistakeCode(code: string): code is MistakeCode {
  return (MISTAKE_CODES as readonly string[]).includes(code);
}

/** The mistakes that make sense for a single value answer (`gradeValue`), in the order tried. */
export const VALUE_MISTAKES: readonly MistakeCode[] = ["wrong-log-base", "mean-vs-sum", "no-softmax", "transposed", "sign-flip", "early-rounding"];

/** How many consumer edges a node may have before `missing-fanout-sum` tries single edges only (2^k subsets otherwise). */
export const MAX_FANOUT_SUBSETS = 6;

/**
 * Slips at a step the student did not show (a fan-out sum or a sign before a gradient asked alone) are
 * recomputed by one walk of the graph per site, so only on graphs of at most this many nodes.
 */
export const UPSTREAM_SLIP_MAX_NODES = 200;

/** `early-rounding` redoes the work with every intermediate rounded (and truncated) to these significant figures. */
export const EARLY_ROUNDING_DIGITS = [2, 3] as const;
/**
 * How closely an entry must match a rounding pass: within half a unit in the last digit the student
 * gave, and never more than this share of the number (half a unit of the fourth significant figure).
 */
export const EARLY_ROUNDING_RTOL = 5e-4;
