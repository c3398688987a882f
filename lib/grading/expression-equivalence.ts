/**
 * Expression answers ("derive the loss as a formula in y11…y33"): the student's formula is equivalent to
 * the reference when both agree at `samples` (≥ 20) random points of the stated domain. Points where
 * either side is undefined (a log of a negative, a division by zero) are skipped; if too few points are
 * left, that is reported as an error rather than a verdict. Deterministic for a given seed.
 */
import { z } from "zod";
import type { NestedNumbers } from "../autograd";
import { type AnswerError, type CompiledExpression, parseExpression } from "./answer-language";
import { nestedOf } from "./raw-answer";
import { seededRandom } from "./random";
import { type Tolerance, ToleranceSchema, compareValues } from "./tolerance";

/** Range of a variable the domain does not mention. */
export const DEFAULT_VARIABLE_RANGE: readonly [number, number] = [-2, 2];
/** Formulas are compared nearly exactly: both sides are computed, not rounded by hand. */
export const EXPRESSION_TOLERANCE: Tolerance = { mode: "default", rtol: 1e-6, atol: 1e-9 };
/** Draws per requested point before giving up on a domain where the expressions are mostly undefined. */
const ATTEMPTS_PER_POINT = 50;

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
  readonly at: Record<string, number>;
  readonly expected: NestedNumbers;
  readonly given: NestedNumbers;
}

export type ExpressionCheck =
  | {
      readonly ok: true;
      readonly equivalent: boolean;
      readonly counterexample: ExpressionCounterexample | null;
      /** Points where both sides were defined and compared. */
      readonly points: number;
      readonly variables: readonly string[];
    }
  | { readonly ok: false; readonly error: { readonly message: string; readonly column: number | null; readonly which: "expected" | "given" | null } };

function located(which: "expected" | "given", error: AnswerError) {
  return { ok: false as const, error: { message: `${which}: ${error.message}`, column: error.column, which } };
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
  const ranges = names.map((name) => (Object.prototype.hasOwnProperty.call(domain, name) ? domain[name]! : DEFAULT_VARIABLE_RANGE));
  const random = seededRandom(seed);
  let points = 0;
  for (let attempt = 0; attempt < samples * ATTEMPTS_PER_POINT && points < samples; attempt++) {
    const at: Record<string, number> = Object.create(null) as Record<string, number>;
    names.forEach((name, i) => {
      const [lo, hi] = ranges[i]!;
      at[name] = lo + (hi - lo) * random();
    });
    const ev = e.evaluate(at);
    const gv = g.evaluate(at);
    if (!ev.ok || !gv.ok) continue;
    points++;
    if (!compareValues(ev.value, gv.value, tolerance)) {
      return { ok: true, equivalent: false, counterexample: { at: { ...at }, expected: nestedOf(ev.value), given: nestedOf(gv.value) }, points, variables: names };
    }
  }
  if (points < samples) {
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
  return { ok: true, equivalent: true, counterexample: null, points, variables: names };
}
