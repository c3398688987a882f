/**
 * The built-in mistakes. Each is detected by recomputing: an alternative value is computed for the same
 * node and field, and the student's entry is compared with it under the part's tolerance. Nothing here
 * looks at text.
 *
 * Naming (diagnose.ts): every alternative is tried, not only the first that matches, because two
 * mistakes often give the same number. A wrong name is worse than none: when alternatives of different
 * codes match, no mistake is named, except where one of these rules says which is the likelier:
 *
 * 1. a problem's own alternative outranks every built-in one (the author anticipated that mistake there);
 * 2. a number that is minus the reference (or minus what follows from the student's own entries) is
 *    `sign-flip` whatever slip made it: the size is right and the sign wrong, which is what its message
 *    says (a subtraction sends minus its gradient to its second input, so writing the gradient itself
 *    there is also "the sign");
 * 3. on the gradient of a fan-out node, `missing-fanout-sum` outranks `local-not-chained` (with an
 *    upstream gradient of 1 one branch's contribution is one edge's local derivative: the same slip);
 * 4. `missing-one-over-n` outranks `mean-vs-sum` where the forward value at the mean is not shown: the
 *    gradient lacks the 1/N either way, and only that value could say the student summed;
 * 5. an operation swap the student's own forward value shows outranks the chain-rule slips of group 1.
 *
 * The order below is the order they are tried. Since a name needs the matching alternatives to agree,
 * it decides only which of several matching alternatives of the same code is reported (the first), and
 * what is computed first (cheap, local recomputations before whole-graph ones):
 *
 * 1. slips of the chain rule at this step, from the student's own numbers (`local-not-chained`,
 *    `missing-fanout-sum`, `upstream-downstream-swapped`, and `value-for-gradient`: another number of
 *    the same node written in the slot);
 * 2. one operation's derivative rule done wrong (`mul-inputs-swapped`, `missing-one-over-n`), which need
 *    only that node's numbers, or one walk of the graph;
 * 3. one operation swapped for another (`wrong-log-base`, `mean-vs-sum`, `no-softmax`), which also need
 *    the whole graph re-evaluated;
 * 4. the right numbers in the wrong arrangement or sign (`transposed`, `sign-flip`);
 * 5. `early-rounding`, last: the work redone with rounded intermediates, the costliest recomputation.
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
 * What needs walks of the graph for each graded sheet (the student's own work redone with one slip at
 * each site, with each operation variant, and with intermediates rounded) is computed on graphs of at
 * most this many nodes (every homework graph); larger graphs use the reference's alternatives and
 * rounding passes, cached per evaluation.
 */
export const SHEET_WALKS_MAX_NODES = 200;

/** `early-rounding` redoes the work with every intermediate rounded (and truncated) to these significant figures. */
export const EARLY_ROUNDING_DIGITS = [2, 3] as const;
/**
 * How closely an entry must match a rounding pass: within half a unit in the last digit the student
 * gave, and never more than this share of the number (half a unit of the fourth significant figure).
 */
export const EARLY_ROUNDING_RTOL = 5e-4;
