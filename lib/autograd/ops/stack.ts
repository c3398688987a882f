/**
 * `stack`: the node an array literal of expressions makes. `[x0, x1, 1]` stacks n scalars into a vector
 * [n]; `[[a, b], [c, d]]` stacks n rows of equal length k (each itself a stack or a constant vector)
 * into a matrix [n, k]. It takes any number of inputs (at least one): the one variadic operation.
 * Each input's gradient is its slice of the upstream gradient.
 */
import { type Shape, type Tensor, formatShape, shapesEqual, sizeOf } from "../tensor";
import { noDomainError, noKinks, requireShape, scalarEdgeLocals } from "./structural";
import type { Operation, ShapeResult } from "./types";

function stackShape(inputs: readonly Shape[]): ShapeResult {
  const first = inputs[0]!;
  if (first.length > 1) return { error: `shape mismatch: an array's entries are numbers or rows (vectors), but entry 1 has shape ${formatShape(first)}` };
  for (let k = 1; k < inputs.length; k++) {
    if (!shapesEqual(inputs[k]!, first)) {
      const what = (s: Shape) => (s.length === 0 ? "a scalar" : `shape ${formatShape(s)}`);
      return {
        error: `shape mismatch: the entries of an array must all have the same shape; entry ${k + 1} is ${what(inputs[k]!)}, entry 1 is ${what(first)}`,
      };
    }
  }
  return { shape: [inputs.length, ...first] };
}

const stackVjp = (inputs: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
  const size = sizeOf(inputs[0]!.shape);
  return inputs.map((t, k) => ({ shape: t.shape, data: upstream.data.slice(k * size, (k + 1) * size) }));
};

export const stack: Operation = {
  kind: "linear-algebra",
  name: "stack",
  arity: 1,
  variadic: true,
  symbol: "stack",
  notation: "function",
  latex: (args) => `\\begin{bmatrix} ${args.join(" \\\\ ")} \\end{bmatrix}`,
  // Entry k receives row k of the upstream gradient.
  localLatex: (_args, _out, k) => `\\mathbf{e}_{${k + 1}}`,
  elementwise: null,
  shape: stackShape,
  domainError: noDomainError,
  forward: (inputs) => {
    const shape = requireShape(stackShape, inputs);
    const data = new Float64Array(sizeOf(shape));
    let at = 0;
    for (const t of inputs) {
      data.set(t.data, at);
      at += t.data.length;
    }
    return { shape, data };
  },
  local: (inputs, output) => scalarEdgeLocals(stackVjp, inputs, output),
  vjp: stackVjp,
  nonDifferentiable: noKinks,
};
