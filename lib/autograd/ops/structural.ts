/** Shared pieces of the operations that are not elementwise (their Jacobians are not diagonal). */
import { type Shape, type Tensor, SCALAR_SHAPE, scalar } from "../tensor";
import type { ShapeResult } from "./types";

/** The output shape, or a `RangeError` with the shape rule's message (forward on bad shapes). */
export function requireShape(rule: (inputs: readonly Shape[]) => ShapeResult, inputs: readonly Tensor[]): Shape {
  const r = rule(inputs.map((t) => t.shape));
  if ("error" in r) throw new RangeError(r.error);
  return r.shape;
}

/**
 * Local derivatives of a non-elementwise operation: none, except on an edge from a scalar to a scalar,
 * whose 1×1 Jacobian is an ordinary number a student can write down (the VJP with upstream 1).
 */
export function scalarEdgeLocals(
  vjp: (inputs: readonly Tensor[], output: Tensor, upstream: Tensor) => Tensor[],
  inputs: readonly Tensor[],
  output: Tensor,
): (Tensor | null)[] {
  if (output.shape.length !== 0 || inputs.every((t) => t.shape.length !== 0)) return inputs.map(() => null);
  const full = vjp(inputs, output, scalar(1));
  return inputs.map((t, k) => (t.shape.length === 0 ? { shape: SCALAR_SHAPE, data: full[k]!.data } : null));
}

export const noDomainError = (): null => null;
export const noKinks = () => [];
