/**
 * How close is close enough, per part: the anchors' modes (relative, absolute, significant figures,
 * decimal places) and the default, correct within max(relative 1e-3, absolute 1e-6).
 *
 * Every mode also accepts a difference of at most 1e-12 (float noise), so an exact 0 accepts `0`, `-0`
 * and 1e-17. Shapes must match exactly: a scalar is not a one-element vector.
 */
import { z } from "zod";
import { type Tensor, shapesEqual } from "../autograd";

export const DEFAULT_RTOL = 1e-3;
export const DEFAULT_ATOL = 1e-6;
/** Differences this small are float noise in every mode. */
export const NOISE_FLOOR = 1e-12;
/**
 * Relative slack for float rounding in a number the grader computes itself (a boundary such as half a
 * unit of the last digit, a grid step, a full score of 1, a reciprocal): 0.1 * 3 is 0.30000000000000004,
 * and such an error must not decide a comparison. Far below any tolerance a problem can set.
 */
export const FLOAT_SLACK = 1e-9;

export const ToleranceSchema = z.discriminatedUnion("mode", [
  /** Within max(rtol·|expected|, atol); rtol and atol default to 1e-3 and 1e-6. */
  z.object({ mode: z.literal("default"), rtol: z.number().positive().max(1).optional(), atol: z.number().positive().optional() }).strict(),
  z.object({ mode: z.literal("relative"), rtol: z.number().positive().max(1) }).strict(),
  z.object({ mode: z.literal("absolute"), atol: z.number().positive() }).strict(),
  /** Agrees with the expected value to `digits` significant figures (within half a unit of the last one). */
  z.object({ mode: z.literal("sigfigs"), digits: z.number().int().min(1).max(15) }).strict(),
  /** Agrees to `places` decimal places (within half a unit of the last one). */
  z.object({ mode: z.literal("decimals"), places: z.number().int().min(0).max(15) }).strict(),
]);

export type Tolerance = z.infer<typeof ToleranceSchema>;

export const DEFAULT_TOLERANCE: Tolerance = Object.freeze({ mode: "default" });

/** Half a unit in the last place, with a hair of slack so that exact halves count as agreeing. */
const HALF = 0.5 * (1 + FLOAT_SLACK);

function decimalExponent(x: number): number {
  return Number(Math.abs(x).toExponential().split("e")[1]);
}

/** Whether one number is close enough to the expected one. */
export function numbersAgree(expected: number, given: number, tol: Tolerance): boolean {
  const d = Math.abs(given - expected);
  if (d <= NOISE_FLOOR) return true;
  switch (tol.mode) {
    case "default":
      return d <= Math.max((tol.rtol ?? DEFAULT_RTOL) * Math.abs(expected), tol.atol ?? DEFAULT_ATOL);
    case "relative":
      return d <= tol.rtol * Math.abs(expected);
    case "absolute":
      return d <= tol.atol;
    case "sigfigs":
      return expected !== 0 && d <= HALF * Math.pow(10, decimalExponent(expected) - tol.digits + 1);
    case "decimals":
      return d <= HALF * Math.pow(10, -tol.places);
  }
}

export type Comparison =
  { readonly match: true } | { readonly match: false; readonly reason: "shape" } | { readonly match: false; readonly reason: "value"; readonly index: number };

/** Shape first (a clear "shape" reason), then every element within the tolerance. */
export function compareDetailed(expected: Tensor, given: Tensor, tol: Tolerance = DEFAULT_TOLERANCE): Comparison {
  if (!shapesEqual(expected.shape, given.shape)) return { match: false, reason: "shape" };
  for (let i = 0; i < expected.data.length; i++) {
    if (!numbersAgree(expected.data[i]!, given.data[i]!, tol)) return { match: false, reason: "value", index: i };
  }
  return { match: true };
}

export function compareValues(expected: Tensor, given: Tensor, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  return compareDetailed(expected, given, tol).match;
}

/** Every element within the tolerance of 0. */
export function isZero(t: Tensor, tol: Tolerance): boolean {
  for (let i = 0; i < t.data.length; i++) if (!numbersAgree(0, t.data[i]!, tol)) return false;
  return true;
}
