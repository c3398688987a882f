/**
 * The result of `evaluate`: for every node its forward value and gradient, for every edge its local
 * derivative and downstream gradient. Numbers live in flat buffers; the accessors hand out copies.
 */
import type { SourcePosition } from "./errors";
import type { Graph, GraphNode } from "./graph";
import type { OpName } from "./ops/types";
import { type NestedNumbers, type Shape, type Tensor, nestedAt, sizeOf } from "./tensor";

/** One input edge of a node, as a student annotates it. */
export interface EvaluatedEdge {
  /** Id of the input node. */
  readonly from: string;
  /**
   * ∂node/∂input elementwise, shaped like the node (broadcast-aware); null when the operation is not
   * elementwise (except scalar-to-scalar edges), or when the derivative does not exist and the input is a
   * constant.
   */
  readonly local: Tensor | null;
  /** What the node sends back along the edge (upstream gradient times local derivative), shaped like the input. */
  readonly downstream: Tensor | null;
}

export interface EvaluatedNode {
  readonly id: string;
  readonly op: OpName;
  readonly inputs: readonly string[];
  readonly shape: Shape;
  readonly position: SourcePosition | null;
  readonly dependsOnInput: boolean;
  /** Forward value. */
  readonly value: Tensor;
  /**
   * ∂output/∂node: the node's upstream gradient, summed over all its consumers. Null only for a node that
   * does not depend on any input and through which the derivative does not exist.
   */
  readonly grad: Tensor | null;
  readonly edges: readonly EvaluatedEdge[];
}

/** A point where an operation is not differentiable and PyTorch's subgradient convention was used. */
export interface NonDifferentiablePoint {
  readonly nodeId: string;
  readonly op: OpName;
  readonly position: SourcePosition | null;
  /** Element of the node's value ([] for a scalar). */
  readonly index: readonly number[];
  /** Id of the input whose local derivative is a convention there. */
  readonly input: string;
  readonly note: string;
}

/** @internal */
export interface EvaluationBuffers {
  readonly values: Float64Array;
  readonly grads: Float64Array;
  readonly gradDefined: Uint8Array;
  readonly locals: Float64Array;
  readonly localDefined: Uint8Array;
  readonly downstream: Float64Array;
  readonly downstreamDefined: Uint8Array;
}

export class EvaluatedGraph {
  readonly graph: Graph;
  /** Non-differentiable points on edges from nodes that depend on an input, in topological order. */
  readonly nonDifferentiable: readonly NonDifferentiablePoint[];
  private readonly buffers: EvaluationBuffers;
  private cachedNodes: readonly EvaluatedNode[] | null = null;

  /** @internal Use `evaluate`. */
  constructor(graph: Graph, buffers: EvaluationBuffers, nonDifferentiable: readonly NonDifferentiablePoint[]) {
    this.graph = graph;
    this.buffers = buffers;
    this.nonDifferentiable = nonDifferentiable;
  }

  get outputId(): string {
    return this.graph.output.id;
  }

  get outputValue(): Tensor {
    return this.valueAt(this.graph.output);
  }

  value(id: string): Tensor {
    return this.valueAt(this.graph.node(id));
  }

  grad(id: string): Tensor | null {
    return this.gradAt(this.graph.node(id));
  }

  node(id: string): EvaluatedNode {
    const n = this.graph.node(id);
    return this.cachedNodes?.[n.index] ?? this.materialize(n);
  }

  /** Every node, in topological order (inputs first). */
  get nodes(): readonly EvaluatedNode[] {
    if (this.cachedNodes === null) this.cachedNodes = this.graph.nodes.map((n) => this.materialize(n));
    return this.cachedNodes;
  }

  /**
   * The JSON forms of a node's value, gradient and edges, read straight from the buffers (no tensor
   * copies: a 100,000-node graph would otherwise allocate hundreds of thousands of typed arrays).
   * @internal Used by `toEvalJson`.
   */
  jsonOf(index: number): {
    value: NestedNumbers;
    grad: NestedNumbers | null;
    edges: { from: string; local: NestedNumbers | null; downstream: NestedNumbers | null }[];
  } {
    const { plan, nodes } = this.graph;
    const b = this.buffers;
    const n = nodes[index]!;
    const offset = plan.valueOffset[index]!;
    return {
      value: nestedAt(b.values, offset, n.shape),
      grad: b.gradDefined[index] === 1 ? nestedAt(b.grads, offset, n.shape) : null,
      edges: n.inputs.map((j, k) => {
        const e = plan.edgeStart[index]! + k;
        const input = nodes[j]!;
        return {
          from: input.id,
          local: b.localDefined[e] === 1 ? nestedAt(b.locals, plan.localOffset[e]!, n.shape) : null,
          downstream: b.downstreamDefined[e] === 1 ? nestedAt(b.downstream, plan.downstreamOffset[e]!, input.shape) : null,
        };
      }),
    };
  }

  /**
   * The first number outside `lower <= |x| < upper` that is not within `zero` of 0, with its node:
   * node by node in topological order, each node's value, then its gradient, then each edge's local
   * and downstream derivative (the numbers that exist). Reads the buffers directly, so vetting every
   * number of a 10,000-node graph copies none of them (`nodes` would make a tensor per number).
   */
  findOutOfRange(range: { zero: number; lower: number; upper: number }): { nodeId: string; x: number } | null {
    const { plan, nodes } = this.graph;
    const b = this.buffers;
    const { zero, lower, upper } = range;
    // The index of the first number out of range in buffer[from, from + size), or -1.
    const scan = (buffer: Float64Array, from: number, size: number): number => {
      const to = from + size;
      for (let k = from; k < to; k++) {
        const a = Math.abs(buffer[k]!);
        if (a >= zero && (a < lower || a >= upper)) return k;
      }
      return -1;
    };
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const offset = plan.valueOffset[i]!;
      const size = plan.valueOffset[i + 1]! - offset;
      let at = scan(b.values, offset, size);
      if (at >= 0) return { nodeId: n.id, x: b.values[at]! };
      if (b.gradDefined[i] === 1 && (at = scan(b.grads, offset, size)) >= 0) return { nodeId: n.id, x: b.grads[at]! };
      for (let k = 0; k < n.inputs.length; k++) {
        const e = plan.edgeStart[i]! + k;
        if (b.localDefined[e] === 1 && (at = scan(b.locals, plan.localOffset[e]!, size)) >= 0) return { nodeId: n.id, x: b.locals[at]! };
        const inputSize = plan.valueOffset[n.inputs[k]! + 1]! - plan.valueOffset[n.inputs[k]!]!;
        if (b.downstreamDefined[e] === 1 && (at = scan(b.downstream, plan.downstreamOffset[e]!, inputSize)) >= 0) return { nodeId: n.id, x: b.downstream[at]! };
      }
    }
    return null;
  }

  private slice(buffer: Float64Array, offset: number, shape: Shape): Tensor {
    return { shape, data: buffer.slice(offset, offset + sizeOf(shape)) };
  }

  private valueAt(n: GraphNode): Tensor {
    return this.slice(this.buffers.values, this.graph.plan.valueOffset[n.index]!, n.shape);
  }

  private gradAt(n: GraphNode): Tensor | null {
    if (this.buffers.gradDefined[n.index] !== 1) return null;
    return this.slice(this.buffers.grads, this.graph.plan.valueOffset[n.index]!, n.shape);
  }

  private materialize(n: GraphNode): EvaluatedNode {
    const { plan, nodes } = this.graph;
    const b = this.buffers;
    const edges = n.inputs.map((j, k): EvaluatedEdge => {
      const e = plan.edgeStart[n.index]! + k;
      const input = nodes[j]!;
      return {
        from: input.id,
        local: b.localDefined[e] === 1 ? this.slice(b.locals, plan.localOffset[e]!, n.shape) : null,
        downstream: b.downstreamDefined[e] === 1 ? this.slice(b.downstream, plan.downstreamOffset[e]!, input.shape) : null,
      };
    });
    return {
      id: n.id,
      op: n.op.name,
      inputs: n.inputs.map((j) => nodes[j]!.id),
      shape: n.shape,
      position: n.position,
      dependsOnInput: n.dependsOnInput,
      value: this.valueAt(n),
      grad: this.gradAt(n),
      edges,
    };
  }
}
