/**
 * `sum(x)`, `mean(x)` and `max(x)`: over all elements, giving a scalar; or, bound to an `axis` attribute
 * (`sum(X, axis=0)`), along that axis, which is removed from the shape as in PyTorch without keepdim. A
 * negative axis counts from the end (`axis=-1` is the last).
 *
 * `max` sends its gradient to the FIRST maximal element of each reduced group (the index PyTorch's
 * `max(dim)` returns); where several elements tie for the maximum the derivative does not exist, and the
 * tie is reported as a kink, like relu'(0). (PyTorch's `max()` over all elements splits the gradient
 * evenly among ties instead; here both forms use the first maximal element.)
 */
import { type Shape, type Tensor, SCALAR_SHAPE, filled, formatShape, scalar, sizeOf } from "../tensor";
import { noDomainError, noKinks, requireShape, scalarEdgeLocals } from "./structural";
import type { Kink, OpAttrs, Operation, ShapeResult } from "./types";

const toScalar = (_inputs: readonly Shape[]) => ({ shape: SCALAR_SHAPE });

function total(data: Float64Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i]!;
  return s;
}

/**
 * A tensor seen as [outer, length, inner] around the reduced axis: element (o, k, i) sits at
 * (o·length + k)·inner + i, and the output element (o, i) at o·inner + i.
 */
interface AxisLayout {
  readonly outer: number;
  readonly length: number;
  readonly inner: number;
  readonly shape: Shape;
}

/** The axis as an index into `shape` (negative counts from the end), or the message naming the shape. */
export function resolveAxis(axis: number, shape: Shape, what: string): { axis: number } | { error: string } {
  if (shape.length === 0) return { error: `${what}(..., axis=${axis}) needs a vector or a matrix, got a scalar (shape [])` };
  if (axis < -shape.length || axis >= shape.length) {
    const range = shape.length === 1 ? "0 or -1" : `0 to ${shape.length - 1}, or -${shape.length} to -1`;
    return {
      error: `axis ${axis} is out of range for shape ${formatShape(shape)}: a tensor with ${shape.length} dimension${shape.length === 1 ? "" : "s"} has axes ${range}`,
    };
  }
  return { axis: axis < 0 ? axis + shape.length : axis };
}

function axisShapeRule(what: string, axis: number) {
  return ([x]: readonly Shape[]): ShapeResult => {
    const r = resolveAxis(axis, x!, what);
    if ("error" in r) return r;
    return { shape: x!.filter((_d, i) => i !== r.axis) };
  };
}

function layoutOf(shape: Shape, axis: number): AxisLayout {
  const a = axis < 0 ? axis + shape.length : axis;
  return { outer: sizeOf(shape.slice(0, a)), length: shape[a]!, inner: sizeOf(shape.slice(a + 1)), shape: shape.filter((_d, i) => i !== a) };
}

/** The `axis` attribute, checked to be a whole number. */
function axisAttr(name: string, attrs: OpAttrs): { axis: number } | { error: string } {
  const keys = Object.keys(attrs);
  const unknown = keys.find((k) => k !== "axis");
  if (unknown !== undefined) return { error: `${name} takes the keyword axis=, not ${unknown}=` };
  const axis = attrs.axis;
  if (typeof axis !== "number" || !Number.isInteger(axis)) return { error: `${name}'s axis must be a whole number (0, 1 or -1), got ${JSON.stringify(axis)}` };
  return { axis };
}

/** Σ (or mean) along an axis; the VJP spreads each output's upstream gradient over its group, times `scale`. */
function axisSum(name: "sum" | "mean", base: Operation, axis: number): Operation {
  const shape = axisShapeRule(name, axis);
  const vjp = ([x]: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
    const { outer, length, inner } = layoutOf(x!.shape, axis);
    const scale = name === "mean" ? 1 / length : 1;
    const dx = new Float64Array(x!.data.length);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < length; k++) for (let i = 0; i < inner; i++) dx[(o * length + k) * inner + i] = upstream.data[o * inner + i]! * scale;
    }
    return [{ shape: x!.shape, data: dx }];
  };
  return {
    ...base,
    attrs: { axis },
    withAttrs: undefined,
    shape,
    forward: (inputs) => {
      const out = requireShape(shape, inputs);
      const x = inputs[0]!;
      const { outer, length, inner } = layoutOf(x.shape, axis);
      const y = new Float64Array(sizeOf(out));
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let s = 0;
          for (let k = 0; k < length; k++) s += x.data[(o * length + k) * inner + i]!;
          y[o * inner + i] = name === "mean" ? s / length : s;
        }
      }
      return { shape: out, data: y };
    },
    local: (inputs, output) => scalarEdgeLocals(vjp, inputs, output),
    vjp,
  };
}

const sumVjp = (inputs: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => [filled(inputs[0]!.shape, upstream.data[0]!)];

export const sum: Operation = {
  kind: "reduction",
  name: "sum",
  arity: 1,
  symbol: "sum",
  notation: "function",
  latex: ([a]) => `\\sum ${a}`,
  localLatex: () => "\\mathbf{1}",
  elementwise: null,
  shape: toScalar,
  domainError: noDomainError,
  forward: ([x]) => scalar(total(x!.data)),
  local: (inputs, output) => scalarEdgeLocals(sumVjp, inputs, output),
  vjp: sumVjp,
  nonDifferentiable: noKinks,
  withAttrs: (attrs) => {
    const r = axisAttr("sum", attrs);
    if ("error" in r) return r;
    return { ...axisSum("sum", sum, r.axis), latex: ([a]) => `\\sum_{\\text{axis } ${r.axis}} ${a}` };
  },
};

const meanVjp = (inputs: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => [
  filled(inputs[0]!.shape, upstream.data[0]! / inputs[0]!.data.length),
];

export const mean: Operation = {
  kind: "reduction",
  name: "mean",
  arity: 1,
  symbol: "mean",
  notation: "function",
  latex: ([a]) => `\\operatorname{mean}\\left(${a}\\right)`,
  localLatex: () => "\\tfrac{1}{N}\\mathbf{1}",
  elementwise: null,
  shape: toScalar,
  domainError: ([x]) => (x!.data.length === 0 ? "mean of an empty tensor" : null),
  forward: ([x]) => scalar(total(x!.data) / x!.data.length),
  local: (inputs, output) => scalarEdgeLocals(meanVjp, inputs, output),
  vjp: meanVjp,
  nonDifferentiable: noKinks,
  withAttrs: (attrs) => {
    const r = axisAttr("mean", attrs);
    if ("error" in r) return r;
    return { ...axisSum("mean", mean, r.axis), latex: ([a]) => `\\operatorname{mean}_{\\text{axis } ${r.axis}}\\left(${a}\\right)` };
  },
};

/**
 * max over groups: for each output element, the flat index (in x) of the first maximal element of its
 * group, and whether another element ties with it. `axis` null reduces everything.
 */
function argmax(x: Tensor, axis: number | null): { first: Int32Array; tied: Uint8Array; shape: Shape } {
  const { outer, length, inner, shape } = axis === null ? { outer: 1, length: x.data.length, inner: 1, shape: SCALAR_SHAPE } : layoutOf(x.shape, axis);
  const first = new Int32Array(outer * inner);
  const tied = new Uint8Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = o * length * inner + i;
      let tie = 0;
      for (let k = 1; k < length; k++) {
        const j = (o * length + k) * inner + i;
        if (x.data[j]! > x.data[best]!) {
          best = j;
          tie = 0;
        } else if (x.data[j] === x.data[best]) tie = 1;
      }
      first[o * inner + i] = best;
      tied[o * inner + i] = tie;
    }
  }
  return { first, tied, shape };
}

function maxOperation(axis: number | null): Operation {
  const shape = axis === null ? toScalar : axisShapeRule("max", axis);
  const vjp = ([x]: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
    const { first } = argmax(x!, axis);
    const dx = new Float64Array(x!.data.length);
    for (let j = 0; j < first.length; j++) dx[first[j]!]! += upstream.data[j]!;
    return [{ shape: x!.shape, data: dx }];
  };
  return {
    kind: "reduction",
    name: "max",
    arity: 1,
    symbol: "max",
    notation: "function",
    latex: axis === null ? ([a]) => `\\max ${a}` : ([a]) => `\\max_{\\text{axis } ${axis}} ${a}`,
    localLatex: ([a], out) => `\\mathbb{1}\\left[${a} = ${out}\\right]`,
    elementwise: null,
    shape,
    domainError: noDomainError,
    forward: (inputs) => {
      const out = requireShape(shape, inputs);
      const x = inputs[0]!;
      const { first } = argmax(x, axis);
      return { shape: out, data: Float64Array.from(first, (j) => x.data[j]!) };
    },
    local: (inputs, output) => scalarEdgeLocals(vjp, inputs, output),
    vjp,
    nonDifferentiable: ([x]) => {
      const { first, tied } = argmax(x!, axis);
      const kinks: Kink[] = [];
      for (let j = 0; j < first.length; j++) {
        if (tied[j] === 1) {
          kinks.push({
            index: j,
            input: 0,
            note: `several elements tie for the maximum ${x!.data[first[j]!]}; max is not differentiable there, and the whole gradient goes to the first of them, as PyTorch's max(dim) does`,
          });
        }
      }
      return kinks;
    },
    ...(axis === null
      ? {
          withAttrs: (attrs: OpAttrs) => {
            const r = axisAttr("max", attrs);
            return "error" in r ? r : maxOperation(r.axis);
          },
        }
      : { attrs: { axis } }),
  };
}

/** `max(x)`: the largest element; `max(X, axis=k)` through `withAttrs`. */
export const max: Operation = maxOperation(null);
