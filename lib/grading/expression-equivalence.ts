/**
 * Expression answers ("derive the loss as a formula in y11…y33"): the student's formula is equivalent to
 * the reference when both agree at `samples` (≥ 20) random points of the stated domain. Points where
 * either side is undefined (a log of a negative, a division by zero) are skipped; if too few points are
 * left, that is reported as an error rather than a verdict. Deterministic for a given seed.
 *
 * When the forms differ, the counterexample shown is one point with short numbers (short-points.ts)
 * where both sides are defined and differ visibly at 4 significant figures; only when no such point
 * exists is it the random point that proved the difference (rounded when that still shows it). The
 * mistake behind the difference is named when a rewrite of the expected formula (expression-mistakes.ts)
 * agrees with the student's at every sampled point.
 */
import { z } from "zod";
import { type NestedNumbers, type Tensor, toNested } from "../autograd";
import { type AnswerError, type CompiledExpression, type ReadIssue, evaluateAnswerExpr, parseExpression } from "./answer-language";
import { shortValue } from "./expression-display";
import { type ExpressionDiagnosis, formulaAlternatives } from "./expression-mistakes";
import { seededRandom } from "./random";
import { shortPoints } from "./short-points";
import { type Tolerance, ToleranceSchema, compareValues } from "./tolerance";

export type { ExpressionDiagnosis } from "./expression-mistakes";

/** Range of a variable the domain does not mention. */
export const DEFAULT_VARIABLE_RANGE: readonly [number, number] = [-2, 2];
/** Formulas are compared nearly exactly: both sides are computed, not rounded by hand. */
export const EXPRESSION_TOLERANCE: Tolerance = { mode: "default", rtol: 1e-6, atol: 1e-9 };
/** Draws per requested point before giving up on a domain where the expressions are mostly undefined. */
const ATTEMPTS_PER_POINT = 50;
/** Random points (where both sides are defined) a rewrite must match to name a mistake. */
const DIAGNOSIS_POINTS = 12;

const Range = z
  .tuple([z.number().finite(), z.number().finite()])
  .refine(([lo, hi]) => lo < hi, { message: "the low end of a range must be below the high end" });

export const ExpressionCheckSchema = z.object({
  expected: z.string(),
  given: z.string(),
  domain: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), Range).default({}),
  samples: z.number().int().min(20).max(100_000).default(20),
  seed: z.number().int().default(1),
  tolerance: ToleranceSchema.default(EXPRESSION_TOLERANCE),
});

export type ExpressionCheckInput = z.input<typeof ExpressionCheckSchema>;

export interface ExpressionCounterexample {
  /** The variables either formula uses, at short values where possible. */
  readonly at: Record<string, number>;
  readonly expected: NestedNumbers;
  readonly given: NestedNumbers;
}

export type ExpressionCheck =
  | {
      readonly ok: true;
      readonly equivalent: boolean;
      readonly counterexample: ExpressionCounterexample | null;
      /** The named mistake, when a rewrite of the expected formula matches the student's (absent in results stored before it existed). */
      readonly diagnosis?: ExpressionDiagnosis | null;
      /** Points where both sides were defined and compared. */
      readonly points: number;
      readonly variables: readonly string[];
    }
  | {
      readonly ok: false;
      readonly error: {
        readonly message: string;
        readonly column: number | null;
        readonly which: "expected" | "given" | null;
        /** Why the formula could not be read, translatable (messages.ts); absent for other errors. */
        readonly issue?: ReadIssue;
      };
    };

function located(which: "expected" | "given", error: AnswerError) {
  return { ok: false as const, error: { message: `${which}: ${error.message}`, column: error.column, which, issue: error.issue } };
}

type Point = Record<string, number>;
interface Sample {
  readonly at: Point;
  readonly expected: Tensor;
  readonly given: Tensor;
}

export function checkExpression(input: ExpressionCheckInput): ExpressionCheck {
  const { expected, given, domain, samples, seed, tolerance } = ExpressionCheckSchema.parse(input);
  const free = parseExpression(expected, { variables: "any" });
  if (!free.ok) return located("expected", free.error);
  const variables = new Set([...Object.keys(domain), ...free.value.variables]);
  const parse = (which: "expected" | "given", text: string): CompiledExpression | ReturnType<typeof located> => {
    const r = parseExpression(text, { variables });
    return r.ok ? r.value : located(which, r.error);
  };
  const e = parse("expected", expected);
  if ("ok" in e) return e;
  const g = parse("given", given);
  if ("ok" in g) return g;
  const names = [...variables].sort();
  const rangeOf = (name: string) => (Object.prototype.hasOwnProperty.call(domain, name) ? domain[name]! : DEFAULT_VARIABLE_RANGE);
  const ranges = names.map(rangeOf);
  const random = seededRandom(seed);
  const draw = (): Point => {
    const at: Point = Object.create(null) as Point;
    names.forEach((name, i) => {
      const [lo, hi] = ranges[i]!;
      at[name] = lo + (hi - lo) * random();
    });
    return at;
  };
  const sample = (at: Point): Sample | null => {
    const ev = e.evaluate(at);
    const gv = g.evaluate(at);
    return ev.ok && gv.ok ? { at, expected: ev.value, given: gv.value } : null;
  };

  let points = 0;
  let differs: Sample | null = null;
  let attempt = 0;
  for (; attempt < samples * ATTEMPTS_PER_POINT && points < samples; attempt++) {
    const s = sample(draw());
    if (s === null) continue;
    points++;
    if (!compareValues(s.expected, s.given, tolerance)) {
      differs = s;
      break;
    }
  }
  if (differs === null && points < samples) {
    const where = names.map((n, i) => `${n} in [${ranges[i]![0]}, ${ranges[i]![1]}]`).join(", ");
    return {
      ok: false,
      error: {
        message: `only ${points} of ${samples} random points${where === "" ? "" : ` with ${where}`} have both expressions defined; give a domain where they are`,
        column: null,
        which: null,
      },
    };
  }
  if (differs === null) return { ok: true, equivalent: true, counterexample: null, diagnosis: null, points, variables: names };

  // The forms differ. More random points of the same stream, for naming the mistake.
  const compared: Sample[] = [differs];
  for (; attempt < samples * ATTEMPTS_PER_POINT && compared.length < DIAGNOSIS_POINTS; attempt++) {
    const s = sample(draw());
    if (s !== null) compared.push(s);
  }
  const used = [...new Set([...e.variables, ...g.variables])].sort();
  const shown =
    shortCounterexample(used, used.map(rangeOf), sample, tolerance, seed) ?? roundedCounterexample(differs, used, used.map(rangeOf), sample, tolerance);
  const diagnosis = diagnose(e, [shown, ...compared], tolerance);
  const at: Point = {};
  for (const name of used) at[name] = shown.at[name]!;
  return {
    ok: true,
    equivalent: false,
    counterexample: { at, expected: toNested(shown.expected), given: toNested(shown.given) },
    diagnosis,
    points,
    variables: names,
  };
}

/** Both sides defined, different, and still different when shown to 4 significant figures. */
function showsDifference(s: Sample | null, tolerance: Tolerance): s is Sample {
  return s !== null && !compareValues(s.expected, s.given, tolerance) && shortValue(toNested(s.expected)) !== shortValue(toNested(s.given));
}

/** The first short point (small integers, then one-decimal values) that shows the difference. */
function shortCounterexample(
  names: readonly string[],
  ranges: readonly (readonly [number, number])[],
  sample: (at: Point) => Sample | null,
  tolerance: Tolerance,
  seed: number,
): Sample | null {
  for (const values of shortPoints(ranges, seed)) {
    const at: Point = Object.create(null) as Point;
    names.forEach((name, i) => (at[name] = values[i]!));
    const s = sample(at);
    if (showsDifference(s, tolerance)) return s;
  }
  return null;
}

/** The random point that proved the difference, rounded to 1–3 decimals when that stays in the domain and still shows it. */
function roundedCounterexample(
  differs: Sample,
  names: readonly string[],
  ranges: readonly (readonly [number, number])[],
  sample: (at: Point) => Sample | null,
  tolerance: Tolerance,
): Sample {
  for (const places of [1, 2, 3]) {
    const at: Point = Object.create(null) as Point;
    const inside = names.every((name, i) => {
      const [lo, hi] = ranges[i]!;
      at[name] = Number(differs.at[name]!.toFixed(places));
      return at[name] >= lo && at[name] <= hi;
    });
    const s = inside ? sample(at) : null;
    if (showsDifference(s, tolerance)) return s;
  }
  return differs;
}

/** The first rewrite of the expected formula that gives the student's values at every compared point. */
function diagnose(e: CompiledExpression, compared: readonly Sample[], tolerance: Tolerance): ExpressionDiagnosis | null {
  for (const alternative of formulaAlternatives(e.expr)) {
    const matches = compared.every((s) => {
      const v = evaluateAnswerExpr(alternative.expr, s.at);
      return v.ok && compareValues(v.value, s.given, tolerance);
    });
    if (matches) return alternative.diagnosis;
  }
  return null;
}
