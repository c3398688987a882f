/**
 * Early rounding as a recomputation: an entry is what rounding the intermediates gives when it is that
 * number to the digits the student gave, never more than EARLY_ROUNDING_RTOL of it (half a unit of the
 * fourth significant figure). A band of how far rounding can move a number would also take in any other
 * mistake of about that size.
 */
import { type Operation, type Tensor, shapesEqual } from "../autograd";
import { type RoundingPass, referenceRoundingPasses, rounded, roundingModes, roundingPasses } from "./alternatives";
import type { DiagnosisContext } from "./diagnosis-context";
import { EARLY_ROUNDING_RTOL, SHEET_WALKS_MAX_NODES } from "./mistakes";
import { FLOAT_SLACK, NOISE_FLOOR, compareValues } from "./tolerance";
import { type Quantity, forwardOf, quantityOf } from "./work";

/** Half a unit in the last digit of x as written in the fewest digits that give it back (24.01 → 0.005). */
export function halfUnitOfLastDigit(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  const [mantissa, exponent] = Math.abs(x).toExponential().split("e");
  const decimals = (mantissa!.split(".")[1] ?? "").length;
  return 0.5 * Math.pow(10, Number(exponent) - decimals);
}

/** Every element of `given` is `expected` to the digits the student gave (at most EARLY_ROUNDING_RTOL off). */
export function matchesTightly(expected: Tensor, given: Tensor): boolean {
  for (let e = 0; e < expected.data.length; e++) {
    const x = expected.data[e]!;
    const g = given.data[e]!;
    const allowed = Math.max(NOISE_FLOOR, FLOAT_SLACK * Math.abs(x), Math.min(halfUnitOfLastDigit(g), EARLY_ROUNDING_RTOL * Math.abs(x)));
    if (!(Math.abs(g - x) <= allowed)) return false;
  }
  return true;
}

/**
 * The rounding that gives the entry: the work redone with every intermediate rounded (or truncated) to 2
 * or 3 significant figures (the student's own entries standing, rounded, where they gave them), this step
 * computed from them, matching the entry to the digits given. (The step's own result rounded is a final
 * answer with too few digits, not early rounding.) That number must itself be off beyond the tolerance:
 * rounding that stays within it explains nothing. Null when no such rounding gives it.
 */
export function roundingThatGives(ctx: DiagnosisContext, q: Quantity, given: Tensor): { digits: number; truncate: boolean; value: Tensor } | null {
  // The problem's data (input values and constants) are given, not computed: nothing to round early.
  if (q.field === "value" && ctx.graph.nodes[q.node]!.op.kind === "leaf") return null;
  const ref = quantityOf(ctx.reference, q);
  if (ref === null || !shapesEqual(ref.shape, given.shape)) return null;
  for (const { digits, truncate, before } of roundedSteps(ctx, q)) {
    if (before === null || !shapesEqual(before.shape, given.shape)) continue;
    if (compareValues(ref, before, ctx.tolerance) || !matchesTightly(before, given)) continue;
    return { digits, truncate, value: before };
  }
  return null;
}

/** The student's work redone with rounded intermediates, once per graded sheet. */
const passCache = new WeakMap<DiagnosisContext, { full?: RoundingPass[]; valuesOnly?: RoundingPass[] }>();

/** What each early-rounding pass gives at `q` (before `q` is itself rounded). */
function roundedSteps(ctx: DiagnosisContext, q: Quantity): { digits: number; truncate: boolean; before: Tensor | null }[] {
  const at = (passes: readonly RoundingPass[]) => passes.map((p) => ({ digits: p.digits, truncate: p.truncate, before: quantityOf(p.work, q) }));
  if (ctx.student === null || ctx.given === undefined) return at(referenceRoundingPasses(ctx.evaluated));
  const { graph } = ctx;
  const node = graph.nodes[q.node]!;
  // A forward value whose inputs the student all wrote down: one step, no walk (the passes give the same).
  if (q.field === "value") {
    const ins = node.inputs.map((j) => ({
      leaf: graph.nodes[j]!.op.kind === "leaf",
      own: ctx.given!({ field: "value", node: j, k: -1 }),
      data: graph.nodes[j]!.value,
    }));
    if (ins.every((x) => x.own !== null || x.leaf)) {
      return roundingModes().map(({ digits, truncate }) => ({
        digits,
        truncate,
        before: forwardOf(
          node.op as Operation,
          ins.map((x) => (x.leaf ? (x.own ?? x.data!) : rounded(x.own!, digits, truncate))),
        ),
      }));
    }
  }
  // On a large graph, the reference's passes (cached): with the student's earlier entries right, or
  // rounded as they carried them, they give the same numbers.
  if (graph.nodes.length > SHEET_WALKS_MAX_NODES) return at(referenceRoundingPasses(ctx.evaluated));
  let cached = passCache.get(ctx);
  if (cached === undefined) passCache.set(ctx, (cached = {}));
  // Values need only the forward pass; a gradient needs both.
  if (q.field === "value" && cached.full === undefined) return at((cached.valuesOnly ??= roundingPasses(graph, ctx.reference, ctx.given, true)));
  return at((cached.full ??= roundingPasses(graph, ctx.reference, ctx.given)));
}
