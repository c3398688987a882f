/**
 * Backpropagation, once: the walk and the rule every pass over a graph's gradients follows, the
 * engine's (evaluate.ts, on flat buffers) and the grader's (grading/work.ts, which lets a student's own
 * numbers stand in at each step).
 *
 * As in micrograd: the output's gradient is 1; walking the nodes in reverse topological order, a node's
 * gradient is complete when its turn comes (every consumer came later and has sent its part back), and
 * the node sends upstream × local derivative back along each incoming edge, where it adds to the
 * input's gradient. Iterative: graphs reach 100k nodes.
 */
import type { Graph } from "./graph";
import { downstreamFromLocal } from "./ops/elementwise";
import type { Operation } from "./ops/types";
import type { Tensor } from "./tensor";

/** What a pass does at each node of the walk. */
export interface BackwardSteps {
  /** Node i's gradient is complete: check or settle it. */
  gradient(i: number): void;
  /** Node i, not a leaf, sends its gradient back along its incoming edges. */
  sendBack(i: number): void;
}

/** The walk: from the output down, each node's gradient settled before it sends anything back. */
export function backward(graph: Graph, steps: BackwardSteps): void {
  const nodes = graph.nodes;
  for (let i = nodes.length - 1; i >= 0; i--) {
    steps.gradient(i);
    if (nodes[i]!.value === null) steps.sendBack(i);
  }
}

/**
 * What a node sends back to its k-th input through the edge's local derivative: upstream × local where
 * that product is the chain rule (an elementwise operation, summed over the input's broadcast axes; or
 * an edge between two scalars). Null where the local derivative does not determine it (no local
 * derivative, or an operation that needs its vector-Jacobian product).
 */
export function sendBackThroughLocal(op: Operation, ins: readonly Tensor[], upstream: Tensor, k: number, local: Tensor | null): Tensor | null {
  if (local === null) return null;
  if (op.kind === "elementwise") return downstreamFromLocal(local, upstream, ins[k]!.shape);
  if (local.data.length === 1 && upstream.data.length === 1 && ins[k]!.data.length === 1) {
    return { shape: ins[k]!.shape, data: Float64Array.of(upstream.data[0]! * local.data[0]!) };
  }
  return null;
}

/**
 * What a node sends back along each incoming edge, given its upstream gradient and the edges' local
 * derivatives (null where an edge has none): through the local derivative where that determines it,
 * otherwise the operation's vector-Jacobian product (called once). Null: nothing is sent (an
 * elementwise edge without a local derivative).
 */
export function sendBack(op: Operation, ins: readonly Tensor[], output: Tensor, upstream: Tensor, locals: readonly (Tensor | null)[]): (Tensor | null)[] {
  let vjp: (Tensor | null)[] | null = null;
  return ins.map((_, k) => {
    const viaLocal = sendBackThroughLocal(op, ins, upstream, k, locals[k] ?? null);
    if (viaLocal !== null || op.kind === "elementwise") return viaLocal;
    vjp ??= op.vjp(ins, output, upstream);
    return vjp[k] ?? null;
  });
}
