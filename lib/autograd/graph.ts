/**
 * A computational graph: nodes in topological order (inputs first), with every shape known before any
 * number is computed. Building one checks the structure (unknown or duplicate ids, arity, cycles) and the
 * shapes, and lays out the flat buffers `evaluate` fills.
 */
import { AutogradError, type SourcePosition } from "./errors";
import { OPS, bindAttrs, isOpName } from "./ops/registry";
import type { ElementwiseRule, OpAttrs, OpDefinition, OpName, Operation } from "./ops/types";
import { type Shape, type Tensor, formatShape, shapesEqual, sizeOf } from "./tensor";

/** One node as a caller describes it; `inputs` name other nodes' ids, in argument order. */
export interface NodeSpec {
  readonly id: string;
  readonly op: OpName;
  readonly inputs?: readonly string[];
  /** Required for `input` and `const` nodes, ignored otherwise. */
  readonly value?: Tensor;
  /** The operation's attributes, for operations that take some (`{ axis: 0 }` for `sum`). */
  readonly attrs?: OpAttrs;
  readonly position?: SourcePosition | null;
}

export interface GraphOptions {
  /** Id of the node whose gradient is taken (the loss). */
  readonly output: string;
  /** Largest number of elements a node's value may have (default: unlimited). */
  readonly maxTensorElements?: number;
}

export interface GraphNode {
  /** Position in `Graph.nodes` (topological order). */
  readonly index: number;
  readonly id: string;
  /** The operation, bound to the node's attributes when it has some (then `op.attrs` holds them). */
  readonly op: OpDefinition;
  /** Indices of the input nodes, in argument order. */
  readonly inputs: readonly number[];
  readonly shape: Shape;
  readonly position: SourcePosition | null;
  /** True when some `input` node reaches this node, i.e. its value can change with the inputs. */
  readonly dependsOnInput: boolean;
  /** The given value of an `input` or `const` node; null for computed nodes. */
  readonly value: Tensor | null;
}

/**
 * Flat layout used by `evaluate`: node i's value occupies `valueOffset[i] .. valueOffset[i+1]`; its input
 * edges are `edgeStart[i] .. edgeStart[i+1]`. Kept as typed arrays so a 100,000-node scalar graph is
 * evaluated without allocating per node.
 * @internal
 */
export interface EvaluationPlan {
  readonly valueOffset: Int32Array;
  readonly edgeStart: Int32Array;
  readonly edgeFrom: Int32Array;
  /** Offset of each edge's local derivative (shaped like the consuming node) or -1 when it has none. */
  readonly localOffset: Int32Array;
  readonly localTotal: number;
  /** Offset of each edge's downstream gradient (shaped like the input node). */
  readonly downstreamOffset: Int32Array;
  readonly downstreamTotal: number;
  /** Non-null for elementwise nodes whose inputs and output are all scalars: evaluated by the scalar rule. */
  readonly scalarRule: ReadonlyArray<ElementwiseRule | null>;
  readonly dependsOnInput: Uint8Array;
}

export class Graph {
  readonly nodes: readonly GraphNode[];
  readonly output: GraphNode;
  /** @internal */
  readonly plan: EvaluationPlan;
  /** Node index by id; shared by graphs that differ only in input values (`withInputValues`). */
  private readonly indexOf: ReadonlyMap<string, number>;

  /** @internal Use `createGraph`. */
  constructor(nodes: readonly GraphNode[], output: GraphNode, plan: EvaluationPlan, indexOf?: ReadonlyMap<string, number>) {
    this.nodes = nodes;
    this.output = output;
    this.plan = plan;
    this.indexOf = indexOf ?? new Map(nodes.map((n) => [n.id, n.index]));
  }

  has(id: string): boolean {
    return this.indexOf.has(id);
  }

  node(id: string): GraphNode {
    const i = this.indexOf.get(id);
    if (i === undefined) throw new AutogradError("graph", `no node "${id}" in the graph`, null);
    return this.nodes[i]!;
  }

  /** The `input` nodes, in topological order. */
  inputNodes(): GraphNode[] {
    return this.nodes.filter((n) => n.op.name === "input");
  }

  /**
   * The same graph with other values for some inputs (same shapes), e.g. for another variant. Costs
   * one copy of the node list: structure, shapes and the evaluation plan are shared, not rebuilt.
   */
  withInputValues(values: Readonly<Record<string, Tensor>>): Graph {
    const nodes = this.nodes.slice();
    for (const [id, value] of Object.entries(values)) {
      const i = this.indexOf.get(id);
      const n = i === undefined ? undefined : nodes[i]!;
      if (n === undefined || n.op.name !== "input") {
        throw new AutogradError("graph", `a value was given for "${id}", which is not an input of the graph`, null);
      }
      checkLeafValue(n.id, n.position, value, n.shape);
      nodes[n.index] = { ...n, value };
    }
    return new Graph(nodes, nodes[this.output.index]!, this.plan, this.indexOf);
  }
}

/**
 * Builds a graph from node specs given in any order (they are sorted topologically, iteratively, keeping
 * the given order where it already is one). Throws `AutogradError` on unknown or duplicate ids, unknown
 * operations, wrong arity, cycles, leaf values that are missing or not finite, and shape mismatches.
 */
export function createGraph(specs: readonly NodeSpec[], options: GraphOptions): Graph {
  const maxElements = options.maxTensorElements ?? Infinity;
  const index = new Map<string, number>();
  specs.forEach((s, i) => {
    const where = { id: s.id, position: s.position ?? null };
    if (index.has(s.id)) throw new AutogradError("graph", `the id "${s.id}" is used by two nodes`, where);
    if (!isOpName(s.op)) throw new AutogradError("graph", `unknown operation "${String(s.op)}"`, where);
    index.set(s.id, i);
  });
  const specInputs = specs.map((s) =>
    (s.inputs ?? []).map((id) => {
      const j = index.get(id);
      if (j === undefined) {
        throw new AutogradError("graph", `input "${id}" is not a node of the graph`, { id: s.id, position: s.position ?? null });
      }
      return j;
    }),
  );
  const order = topologicalOrder(specInputs, (i) => specs[i]!);
  const newIndex = new Int32Array(specs.length);
  order.forEach((specIndex, k) => (newIndex[specIndex] = k));

  const nodes: GraphNode[] = [];
  for (const specIndex of order) {
    const s = specs[specIndex]!;
    const position = s.position ?? null;
    const where = { id: s.id, position };
    const op = operationOf(s, where);
    const inputs = specInputs[specIndex]!.map((j) => newIndex[j]!);
    if (op.variadic === true ? inputs.length < op.arity : inputs.length !== op.arity) {
      const least = op.variadic === true ? "at least " : "";
      throw new AutogradError("graph", `${s.op} takes ${least}${op.arity} input${op.arity === 1 ? "" : "s"}, got ${inputs.length}`, where);
    }
    let shape: Shape;
    let value: Tensor | null = null;
    if (op.kind === "leaf") {
      if (s.value === undefined) throw new AutogradError("graph", `${s.op} node has no value`, where);
      checkLeafValue(s.id, position, s.value, null);
      value = s.value;
      shape = s.value.shape;
    } else {
      const r = op.shape(inputs.map((j) => nodes[j]!.shape));
      if ("error" in r) throw new AutogradError("shape", r.error, where);
      shape = r.shape;
    }
    const size = sizeOf(shape);
    if (size > maxElements) {
      throw new AutogradError("limit", `${formatShape(shape)} has ${size} elements, more than the limit of ${maxElements}`, where);
    }
    const dependsOnInput = op.name === "input" || inputs.some((j) => nodes[j]!.dependsOnInput);
    nodes.push({ index: nodes.length, id: s.id, op, inputs, shape, position, dependsOnInput, value });
  }
  const outputSpec = index.get(options.output);
  if (outputSpec === undefined) {
    throw new AutogradError("graph", `the output "${options.output}" is not a node of the graph`, null);
  }
  return new Graph(nodes, nodes[newIndex[outputSpec]!]!, planOf(nodes));
}

/** The spec's operation, bound to its attributes when it has some. */
function operationOf(s: NodeSpec, where: { id: string; position: SourcePosition | null }): OpDefinition {
  const op = OPS[s.op];
  if (s.attrs === undefined) return op;
  const bound = op.kind === "leaf" ? { error: `${op.name} takes no attributes` } : bindAttrs(op, s.attrs);
  if ("error" in bound) throw new AutogradError("graph", bound.error, where);
  return bound;
}

function checkLeafValue(id: string, position: SourcePosition | null, value: Tensor, expected: Shape | null) {
  const where = { id, position };
  if (value.data.length !== sizeOf(value.shape)) {
    throw new AutogradError("graph", `value of shape ${formatShape(value.shape)} has ${value.data.length} numbers`, where);
  }
  if (expected !== null && !shapesEqual(expected, value.shape)) {
    throw new AutogradError("shape", `shape mismatch: expected a value of shape ${formatShape(expected)}, got ${formatShape(value.shape)}`, where);
  }
  for (let i = 0; i < value.data.length; i++) {
    const x = value.data[i]!;
    if (!Number.isFinite(x)) throw new AutogradError("non-finite", `value ${String(x)} is not a finite number`, where, [x]);
  }
}

/**
 * Depth-first post-order with an explicit stack (a recursive walk overflows on 100,000-node chains).
 * Visiting roots in the given order keeps an order that is already topological unchanged.
 */
export function topologicalOrder(
  inputsOf: readonly (readonly number[])[],
  describe: (i: number) => { id: string; position?: SourcePosition | null },
): number[] {
  const n = inputsOf.length;
  const state = new Uint8Array(n); // 0 unvisited, 1 on the stack, 2 done
  const order: number[] = [];
  const stackNode = new Int32Array(n);
  const stackNext = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    let top = 0;
    stackNode[0] = root;
    stackNext[0] = 0;
    state[root] = 1;
    while (top >= 0) {
      const u = stackNode[top]!;
      const ins = inputsOf[u]!;
      const c = stackNext[top]!;
      if (c < ins.length) {
        stackNext[top] = c + 1;
        const v = ins[c]!;
        if (state[v] === 1) {
          const d = describe(v);
          throw new AutogradError("graph", `the graph has a cycle through "${d.id}"`, {
            id: d.id,
            position: d.position ?? null,
          });
        }
        if (state[v] === 0) {
          state[v] = 1;
          top++;
          stackNode[top] = v;
          stackNext[top] = 0;
        }
      } else {
        state[u] = 2;
        order.push(u);
        top--;
      }
    }
  }
  return order;
}

function planOf(nodes: readonly GraphNode[]): EvaluationPlan {
  const n = nodes.length;
  const valueOffset = new Int32Array(n + 1);
  const edgeStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    valueOffset[i + 1] = valueOffset[i]! + sizeOf(nodes[i]!.shape);
    edgeStart[i + 1] = edgeStart[i]! + nodes[i]!.inputs.length;
  }
  const edges = edgeStart[n]!;
  const edgeFrom = new Int32Array(edges);
  const localOffset = new Int32Array(edges);
  const downstreamOffset = new Int32Array(edges);
  const scalarRule = new Array<ElementwiseRule | null>(n);
  const dependsOnInput = new Uint8Array(n);
  let localTotal = 0;
  let downstreamTotal = 0;
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    dependsOnInput[i] = node.dependsOnInput ? 1 : 0;
    const op = node.op as Operation;
    const outSize = sizeOf(node.shape);
    let allScalar = node.shape.length === 0;
    node.inputs.forEach((j, k) => {
      const e = edgeStart[i]! + k;
      const input = nodes[j]!;
      edgeFrom[e] = j;
      if (input.shape.length !== 0) allScalar = false;
      // Elementwise edges carry a local derivative per output element; other operations only on
      // scalar-to-scalar edges.
      if (op.kind === "elementwise" || (input.shape.length === 0 && node.shape.length === 0)) {
        localOffset[e] = localTotal;
        localTotal += outSize;
      } else {
        localOffset[e] = -1;
      }
      downstreamOffset[e] = downstreamTotal;
      downstreamTotal += sizeOf(input.shape);
    });
    scalarRule[i] = op.kind === "elementwise" && allScalar ? op.elementwise : null;
  }
  return {
    valueOffset,
    edgeStart,
    edgeFrom,
    localOffset,
    localTotal,
    downstreamOffset,
    downstreamTotal,
    scalarRule,
    dependsOnInput,
  };
}
