/** `sum(x)` and `mean(x)`: over all elements, giving a scalar. */
import { type Shape, type Tensor, SCALAR_SHAPE, filled, scalar } from "../tensor";
import { noDomainError, noKinks, scalarEdgeLocals } from "./structural";
import type { Operation } from "./types";

const toScalar = (_inputs: readonly Shape[]) => ({ shape: SCALAR_SHAPE });

function total(data: Float64Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i]!;
  return s;
}

const sumVjp = (inputs: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => [filled(inputs[0]!.shape, upstream.data[0]!)];

export const sum: Operation = {
  kind: "reduction",
  name: "sum",
  arity: 1,
  symbol: "sum",
  notation: "function",
  latex: ([a]) => `\\sum ${a}`,
  elementwise: null,
  shape: toScalar,
  domainError: noDomainError,
  forward: ([x]) => scalar(total(x!.data)),
  local: (inputs, output) => scalarEdgeLocals(sumVjp, inputs, output),
  vjp: sumVjp,
  nonDifferentiable: noKinks,
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
  elementwise: null,
  shape: toScalar,
  domainError: ([x]) => (x!.data.length === 0 ? "mean of an empty tensor" : null),
  forward: ([x]) => scalar(total(x!.data) / x!.data.length),
  local: (inputs, output) => scalarEdgeLocals(meanVjp, inputs, output),
  vjp: meanVjp,
  nonDifferentiable: noKinks,
};
