/**
 * Turns a scalar `ElementwiseRule` into a full `Operation` (broadcasting forward, local derivatives,
 * vector-Jacobian product, domain and kink checks), so each elementwise operation is written once, as its
 * scalar formulas.
 */
import { broadcastIndex, broadcastShapes, unbroadcast } from "../broadcast";
import { type Shape, type Tensor, formatShape, sizeOf, unravelIndex } from "../tensor";
import type { ElementwiseRule, Kink, Notation, OpName, Operation } from "./types";

/** How many offending elements an error message lists before saying "and N more". */
const MAX_LISTED = 3;

export interface ElementwiseSpec {
  readonly name: OpName;
  readonly symbol: string;
  readonly notation: Notation;
  readonly latex: (args: readonly string[]) => string;
  readonly localLatex: Operation["localLatex"];
  readonly rule: ElementwiseRule;
}

export function defineElementwise(spec: ElementwiseSpec): Operation {
  const { rule } = spec;
  const arity = rule.partials.length;
  const show = (a: number, b: number) => formatApplication(spec.symbol, spec.notation, arity === 1 ? [a] : [a, b]);

  const shape = (inputs: readonly Shape[]) => {
    if (arity === 1) return { shape: inputs[0]! };
    const out = broadcastShapes(inputs[0]!, inputs[1]!);
    if (out === null) {
      return {
        error:
          `shape mismatch: ${spec.symbol === spec.name ? spec.name : `'${spec.symbol}'`} cannot combine ` +
          `${formatShape(inputs[0]!)} with ${formatShape(inputs[1]!)} (these combine: equal shapes, a scalar with anything, ` +
          `a row [n] or [1, n] with a matrix [m, n], and a column [m, 1] with a matrix [m, n])`,
      };
    }
    return { shape: out };
  };

  /** Calls `visit(j, a, b)` for every output position j with the broadcast operands. */
  const each = (inputs: readonly Tensor[], outShape: Shape, visit: (j: number, a: number, b: number) => void) => {
    const n = sizeOf(outShape);
    const a = inputs[0]!.data;
    const ia = broadcastIndex(inputs[0]!.shape, outShape);
    if (arity === 1) {
      for (let j = 0; j < n; j++) visit(j, a[j]!, 0);
      return;
    }
    const b = inputs[1]!.data;
    const ib = broadcastIndex(inputs[1]!.shape, outShape);
    for (let j = 0; j < n; j++) visit(j, a[ia === null ? j : ia[j]!]!, b[ib === null ? j : ib[j]!]!);
  };

  const outShapeOf = (inputs: readonly Tensor[]): Shape => {
    const r = shape(inputs.map((t) => t.shape));
    if ("error" in r) throw new RangeError(r.error);
    return r.shape;
  };

  const forward = (inputs: readonly Tensor[]): Tensor => {
    const outShape = outShapeOf(inputs);
    const data = new Float64Array(sizeOf(outShape));
    each(inputs, outShape, (j, a, b) => {
      data[j] = rule.value(a, b);
    });
    return { shape: outShape, data };
  };

  const local = (inputs: readonly Tensor[], output: Tensor): Tensor[] => {
    const y = output.data;
    const locals = rule.partials.map(() => new Float64Array(y.length));
    each(inputs, output.shape, (j, a, b) => {
      for (let k = 0; k < arity; k++) locals[k]![j] = rule.partials[k]!(a, b, y[j]!);
    });
    return locals.map((data) => ({ shape: output.shape, data }));
  };

  const vjp = (inputs: readonly Tensor[], output: Tensor, upstream: Tensor): Tensor[] =>
    local(inputs, output).map((l, k) => downstreamFromLocal(l, upstream, inputs[k]!.shape));

  const domainError = (inputs: readonly Tensor[]): string | null => {
    const check = rule.domain;
    if (check === undefined) return null;
    const outShape = outShapeOf(inputs);
    const found: string[] = [];
    let reason = "";
    let count = 0;
    each(inputs, outShape, (j, a, b) => {
      const why = check(a, b);
      if (why === null) return;
      if (count === 0) reason = why;
      count++;
      if (found.length < MAX_LISTED) {
        found.push(outShape.length === 0 ? show(a, b) : `${show(a, b)} at ${formatShape(unravelIndex(j, outShape))}`);
      }
    });
    if (count === 0) return null;
    const more = count > found.length ? ` and ${count - found.length} more` : "";
    return `${reason}: ${found.join(", ")}${more}`;
  };

  const nonDifferentiable = (inputs: readonly Tensor[], output: Tensor): Kink[] => {
    const check = rule.kink;
    if (check === undefined) return [];
    const kinks: Kink[] = [];
    each(inputs, output.shape, (j, a, b) => {
      for (let k = 0; k < arity; k++) {
        const note = check(a, b, k);
        if (note !== null) kinks.push({ index: j, input: k, note });
      }
    });
    return kinks;
  };

  return {
    kind: "elementwise",
    name: spec.name,
    arity,
    symbol: spec.symbol,
    notation: spec.notation,
    latex: spec.latex,
    localLatex: spec.localLatex,
    elementwise: rule,
    shape,
    domainError,
    forward,
    local,
    vjp,
    nonDifferentiable,
  };
}

/** upstream ⊙ local, summed back onto the input's shape: the downstream gradient of an elementwise edge. */
export function downstreamFromLocal(local: Tensor, upstream: Tensor, inShape: Shape): Tensor {
  const l = local.data;
  const g = upstream.data;
  const data = new Float64Array(l.length);
  for (let j = 0; j < l.length; j++) data[j] = g[j]! * l[j]!;
  return unbroadcast({ shape: local.shape, data }, inShape);
}

/** `log(-2)`, `-3`, `1 / 0`, `(-2) ^ 0.5`: an operation applied to numbers, for error messages. */
export function formatApplication(symbol: string, notation: Notation, args: readonly number[]): string {
  const num = (x: number) => (x < 0 || Object.is(x, -0) ? `(${String(x)})` : String(x));
  if (notation === "function") return `${symbol}(${args.map(String).join(", ")})`;
  if (notation === "prefix") return `${symbol}${num(args[0]!)}`;
  return `${num(args[0]!)} ${symbol} ${num(args[1]!)}`;
}
