/**
 * The precision a student stated: how many significant figures and decimal places a typed number
 * shows. "2.55" states 3 significant figures and 2 decimal places; "2.550" states 4 and 3; "1/4",
 * "e" or "-ln(2)" state none (they are exact). A part whose tolerance asks for significant figures or
 * decimal places uses this to tell an answer with too few digits ("give at least 4 significant
 * figures") from a wrong one, before any mistake is named.
 */
import type { Tensor } from "../autograd";
import { type Tolerance, FLOAT_SLACK, NOISE_FLOOR, numbersAgree } from "./tolerance";
import type { MessageRef } from "./verdict";

export interface StatedDigits {
  /** Significant figures shown (trailing zeros count: "2.50" shows 3). */
  readonly sig: number;
  /** Digits after the decimal point, after the exponent is applied ("2.5e-3" shows 4). */
  readonly decimals: number;
}

const LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$/;

/** Full-width digits, point and signs, and the Unicode minus, as typed with a Chinese input method. */
function ascii(text: string): string {
  return text.replace(/[\uff10-\uff19\uff0e\uff0d\uff0b\u2212]/g, (c) => {
    if (c === "\u2212" || c === "\uff0d") return "-";
    if (c === "\uff0b") return "+";
    if (c === "\uff0e") return ".";
    return String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30);
  });
}

/** The digits one plain number literal shows, or null when the text is not a plain number. */
export function literalDigits(literal: string): StatedDigits | null {
  const m = LITERAL.exec(ascii(literal.trim()));
  if (m === null) return null;
  const mantissa = m[1]!;
  const exponent = m[2] === undefined ? 0 : Number(m[2]);
  const point = mantissa.indexOf(".");
  const after = point < 0 ? 0 : mantissa.length - point - 1;
  const digits = mantissa.replace(".", "");
  const significant = digits.replace(/^0+/, "");
  // A zero ("0", "0.000") shows as many figures as it has decimals, and at least one.
  const sig = significant === "" ? Math.max(1, after) : significant.length;
  return { sig, decimals: Math.max(0, after - exponent) };
}

/**
 * Per element, the digits a raw answer states, or null for an element (or a whole answer) written as
 * an exact expression. Numbers that arrive as JSON numbers state the digits of their shortest form.
 */
export function statedPrecision(raw: unknown): (StatedDigits | null)[] | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? [literalDigits(String(raw))] : null;
  if (typeof raw === "string") {
    const text = ascii(raw);
    if (!/^[\s\d.eE+\-,[\]]+$/.test(text)) return null;
    const items = text.split(/[\s,[\]]+/).filter((s) => s !== "");
    const out = items.map(literalDigits);
    return out.every((d) => d !== null) ? out : null;
  }
  if (Array.isArray(raw)) {
    const out: (StatedDigits | null)[] = [];
    for (const item of raw as unknown[]) {
      const inner = statedPrecision(item);
      if (inner === null) {
        if (Array.isArray(item)) out.push(...(item as unknown[]).map(() => null));
        else out.push(null);
      } else out.push(...inner);
    }
    return out;
  }
  return null;
}

/** One unit in the last digit a number states: a number rounded or cut off there is within it. */
function ownUnit(d: StatedDigits): number {
  return Math.pow(10, -d.decimals) * (1 + FLOAT_SLACK);
}

/** Whether some element states fewer digits than the tolerance asks for (exact expressions state enough). */
export function statesFewerDigits(stated: readonly (StatedDigits | null)[] | null | undefined, tol: Tolerance): boolean {
  if (!stated || (tol.mode !== "sigfigs" && tol.mode !== "decimals")) return false;
  return stated.some((d) => d !== null && (tol.mode === "sigfigs" ? d.sig < tol.digits : d.decimals < tol.places));
}

/**
 * Whether a wrong answer is only short of digits: some element misses the tolerance, and every such
 * element states fewer digits than the tolerance asks for while agreeing with the expected value to the
 * digits it does state, rounded or cut off (2.55 or 2.54 for 2.54692 under 4 significant figures).
 * Only the significant-figure and decimal-place modes ask for digits.
 */
export function tooFewDigits(expected: Tensor, given: Tensor, stated: readonly (StatedDigits | null)[] | null | undefined, tol: Tolerance): boolean {
  if (tol.mode !== "sigfigs" && tol.mode !== "decimals") return false;
  if (!stated || stated.length !== given.data.length || expected.data.length !== given.data.length) return false;
  let short = false;
  for (let e = 0; e < given.data.length; e++) {
    const x = expected.data[e]!;
    const g = given.data[e]!;
    if (numbersAgree(x, g, tol)) continue;
    const d = stated[e];
    if (!d) return false;
    const few = tol.mode === "sigfigs" ? d.sig < tol.digits : d.decimals < tol.places;
    if (!few || Math.abs(g - x) > ownUnit(d) + NOISE_FLOOR) return false;
    short = true;
  }
  return short;
}

/** "Give at least 4 significant figures" / "give 2 decimal places": what a tolerance that asks for digits says to a short answer. */
export function precisionMessage(tol: Tolerance): MessageRef {
  if (tol.mode === "decimals") return { key: "too-few-decimals", params: { places: tol.places } };
  return { key: "too-few-digits", params: { digits: tol.mode === "sigfigs" ? tol.digits : 0 } };
}
