/**
 * Numbers as people are shown them: in messages, reports, CLI tables, the editor's preview, revealed
 * answers and the TA's pages. One rule, here only:
 *
 *   - |x| below NOISE_FLOOR (1e-12) is float noise around an exact zero and shows as 0
 *     (-1.07e-16 → "0", -0 → "0");
 *   - anything else shows to six significant figures in its shortest form
 *     (0.9450000000000001 → "0.945", 2.546920417 → "2.54692", 1.5e-7 → "1.5e-7", 1234567 → "1234570").
 *
 * Stored and JSON-contract values (eval --json, preview --json, grade --json) keep every digit; only
 * text for reading goes through here.
 */
import { type Shape, type Tensor, formatShape, toNested } from "../autograd";
import { NOISE_FLOOR } from "./tolerance";

export const DISPLAY_DIGITS = 6;

/** The number that is shown for x (see the rule above). */
export function displayNumber(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (Math.abs(x) < NOISE_FLOOR) return 0;
  return Number(x.toPrecision(DISPLAY_DIGITS)) || 0;
}

export function formatNumber(x: number): string {
  return String(displayNumber(x));
}

/** Any JSON-like value with every number in it replaced by its displayed number (arrays keep their nesting). */
export function displayValue(v: unknown): unknown {
  if (typeof v === "number") return displayNumber(v);
  if (Array.isArray(v)) return v.map(displayValue);
  return v;
}

/** A number, array or other JSON value as text: numbers displayed, arrays as JSON with ", " between entries. */
export function formatValue(v: unknown): string {
  if (typeof v === "number") return formatNumber(v);
  return JSON.stringify(displayValue(v))?.replace(/,/g, ", ") ?? String(v);
}

/** A scalar as a number, a tensor as its JSON array (each entry displayed). */
export function formatTensor(t: Tensor): string {
  if (t.shape.length === 0) return formatNumber(t.data[0]!);
  return formatValue(toNested(t));
}

/** "[]", "[3]", "[2,3]": the compact shape form used in message parameters. */
export function shapeParam(shape: Shape): string {
  return formatShape(shape).replace(/ /g, "");
}
