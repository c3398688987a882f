/**
 * Elementwise comparisons: `maximum(a, b)`, `minimum(a, b)` (the graph language's two-argument `max` and
 * `min`) and `clip(x, lo, hi)`. Ties follow PyTorch: torch.maximum and torch.minimum give each input
 * half the gradient where a = b; torch.clamp passes the whole gradient to x where lo ≤ x ≤ hi (bounds
 * included) and to a bound only where x lies strictly beyond it.
 */
import { broadcastIndex, broadcastShapes } from "../broadcast";
import { type Shape, type Tensor, formatShape, shapesEqual, unravelIndex } from "../tensor";
import { defineElementwise, downstreamFromLocal, formatApplication } from "./elementwise";
import type { Kink, Operation, ShapeResult } from "./types";

const TIE = "is not differentiable where its two arguments are equal; each gets half the gradient there, as in PyTorch";

export const maximum = defineElementwise({
  name: "maximum",
  symbol: "max",
  notation: "function",
  latex: ([a, b]) => `\\max\\left(${a}, ${b}\\right)`,
  localLatex: ([a, b], _out, k) => (k === 0 ? `\\mathbb{1}\\left[${a} > ${b}\\right]` : `\\mathbb{1}\\left[${b} > ${a}\\right]`),
  rule: {
    value: (a, b) => (a >= b ? a : b),
    partials: [(a, b) => (a > b ? 1 : a === b ? 0.5 : 0), (a, b) => (b > a ? 1 : a === b ? 0.5 : 0)],
    kink: (a, b) => (a === b ? `max ${TIE}` : null),
  },
});

export const minimum = defineElementwise({
  name: "minimum",
  symbol: "min",
  notation: "function",
  latex: ([a, b]) => `\\min\\left(${a}, ${b}\\right)`,
  localLatex: ([a, b], _out, k) => (k === 0 ? `\\mathbb{1}\\left[${a} < ${b}\\right]` : `\\mathbb{1}\\left[${b} < ${a}\\right]`),
  rule: {
    value: (a, b) => (a <= b ? a : b),
    partials: [(a, b) => (a < b ? 1 : a === b ? 0.5 : 0), (a, b) => (b < a ? 1 : a === b ? 0.5 : 0)],
    kink: (a, b) => (a === b ? `min ${TIE}` : null),
  },
});

/** clip's three scalar partials at (x, lo, hi), PyTorch's clamp convention. */
const clipPartials: ReadonlyArray<(x: number, lo: number, hi: number) => number> = [
  (x, lo, hi) => (x >= lo && x <= hi ? 1 : 0),
  (x, lo) => (x < lo ? 1 : 0),
  (x, _lo, hi) => (x > hi ? 1 : 0),
];

function clipShape(inputs: readonly Shape[]): ShapeResult {
  let out: Shape | null = inputs[0]!;
  for (const s of inputs.slice(1)) out = out === null ? null : broadcastShapes(out, s);
  if (out === null || !shapesEqual(out, inputs[0]!)) {
    return {
      error: `shape mismatch: clip cannot bound ${formatShape(inputs[0]!)} by ${formatShape(inputs[1]!)} and ${formatShape(inputs[2]!)} (each bound is a number or broadcasts to x's shape)`,
    };
  }
  return { shape: inputs[0]! };
}

/** Calls visit(j, x, lo, hi) for every element of x with the broadcast bounds. */
function eachClip(inputs: readonly Tensor[], visit: (j: number, x: number, lo: number, hi: number) => void): void {
  const [x, lo, hi] = inputs as [Tensor, Tensor, Tensor];
  const il = broadcastIndex(lo.shape, x.shape);
  const ih = broadcastIndex(hi.shape, x.shape);
  for (let j = 0; j < x.data.length; j++) visit(j, x.data[j]!, lo.data[il === null ? j : il[j]!]!, hi.data[ih === null ? j : ih[j]!]!);
}

function clipLocal(inputs: readonly Tensor[], output: Tensor): Tensor[] {
  const locals = clipPartials.map(() => new Float64Array(output.data.length));
  eachClip(inputs, (j, x, lo, hi) => clipPartials.forEach((p, k) => (locals[k]![j] = p(x, lo, hi))));
  return locals.map((data) => ({ shape: output.shape, data }));
}

/**
 * clip(x, lo, hi) = min(max(x, lo), hi), one node. Elementwise in x; the bounds are numbers or nodes
 * broadcast to x's shape, and lo > hi is a domain error.
 */
export const clip: Operation = {
  kind: "elementwise",
  name: "clip",
  arity: 3,
  symbol: "clip",
  notation: "function",
  latex: ([x, lo, hi]) => `\\operatorname{clip}\\left(${x}, ${lo}, ${hi}\\right)`,
  localLatex: ([x, lo, hi], _out, k) =>
    [`\\mathbb{1}\\left[${lo} \\le ${x} \\le ${hi}\\right]`, `\\mathbb{1}\\left[${x} < ${lo}\\right]`, `\\mathbb{1}\\left[${x} > ${hi}\\right]`][k]!,
  // Three inputs: no scalar rule of two arguments; forward and local are written out below.
  elementwise: null,
  shape: clipShape,
  domainError: (inputs) => {
    let found: string | null = null;
    eachClip(inputs, (j, x, lo, hi) => {
      if (found === null && lo > hi) {
        const at = inputs[0]!.shape.length === 0 ? "" : ` at ${formatShape(unravelIndex(j, inputs[0]!.shape))}`;
        found = `clip needs lo ≤ hi: ${formatApplication("clip", "function", [x, lo, hi])}${at}`;
      }
    });
    return found;
  },
  forward: (inputs) => {
    const data = new Float64Array(inputs[0]!.data.length);
    eachClip(inputs, (j, x, lo, hi) => (data[j] = x < lo ? lo : x > hi ? hi : x));
    return { shape: inputs[0]!.shape, data };
  },
  local: clipLocal,
  vjp: (inputs, output, upstream) => clipLocal(inputs, output).map((l, k) => downstreamFromLocal(l, upstream, inputs[k]!.shape)),
  nonDifferentiable: (inputs) => {
    const kinks: Kink[] = [];
    eachClip(inputs, (j, x, lo, hi) => {
      if (x === lo || x === hi)
        kinks.push({ index: j, input: 0, note: "clip is not differentiable at its bounds; the derivative 1 is used there, as in PyTorch's clamp" });
    });
    return kinks;
  },
};
