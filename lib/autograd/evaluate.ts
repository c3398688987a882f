/**
 * Forward and backward passes over a `Graph`, both iterative (nodes are already in topological order).
 *
 * Scalar elementwise nodes, the bulk of hand-drawn graphs, run straight from the operation's scalar rule
 * on flat buffers; every other node calls its operation's tensor `forward`, `local` and `vjp`. Both paths
 * use the same definitions, so they agree.
 *
 * No NaN or Infinity leaves this module: a value outside an operation's domain, an overflow, or a
 * derivative that does not exist stops evaluation with an `AutogradError` naming the node, its line and
 * the numbers involved. One exception keeps ordinary graphs usable: a derivative that does not exist
 * with respect to a node that does not depend on any input (a constant, such as the exponent 2 in
 * `(x - m) ^ 2` with x - m < 0) is reported as missing (`null`), and so is that constant's gradient.
 */
import { broadcastIndex } from "./broadcast";
import { AutogradError, type SourcePosition } from "./errors";
import { EvaluatedGraph, type EvaluationBuffers, type NonDifferentiablePoint } from "./evaluated";
import type { Graph, GraphNode } from "./graph";
import { downstreamFromLocal, formatApplication } from "./ops/elementwise";
import type { ElementwiseRule, Operation } from "./ops/types";
import { type Shape, type Tensor, firstNonFinite, formatShape, isFiniteNumber, sizeOf, unravelIndex } from "./tensor";

export function evaluate(graph: Graph): EvaluatedGraph {
  const values = forwardPass(graph);
  return backwardPass(graph, values);
}

function view(buffer: Float64Array, offset: number, shape: Shape): Tensor {
  return { shape, data: buffer.subarray(offset, offset + sizeOf(shape)) };
}

function where(node: GraphNode): { id: string; position: SourcePosition | null } {
  return { id: node.id, position: node.position };
}

function forwardPass(graph: Graph): Float64Array {
  const { nodes, plan } = graph;
  const { valueOffset: vo, edgeStart: es, edgeFrom: ef, scalarRule } = plan;
  const values = new Float64Array(vo[nodes.length]!);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const off = vo[i]!;
    if (node.value !== null) {
      values.set(node.value.data, off);
      continue;
    }
    const rule = scalarRule[i];
    if (rule != null) {
      const e = es[i]!;
      const a = values[vo[ef[e]!]!]!;
      const b = rule.partials.length === 2 ? values[vo[ef[e + 1]!]!]! : 0;
      if (rule.domain !== undefined) {
        const why = rule.domain(a, b);
        if (why !== null) throw new AutogradError("domain", `${why}: ${show(node, [a, b])}`, where(node), operands(node, a, b));
      }
      const y = rule.value(a, b);
      if (!isFiniteNumber(y)) throw overflow(node, show(node, [a, b]), y, operands(node, a, b));
      values[off] = y;
      continue;
    }
    const op = node.op as Operation;
    const ins = node.inputs.map((j) => view(values, vo[j]!, nodes[j]!.shape));
    const why = op.domainError(ins);
    if (why !== null) throw new AutogradError("domain", why, where(node), scalarValues(ins));
    const out = op.forward(ins);
    const bad = firstNonFinite(out.data);
    if (bad >= 0) {
      const at = op.kind === "elementwise" ? show(node, operandsAt(ins, out.shape, bad)) : `${op.symbol}(…)`;
      const element = out.shape.length === 0 ? "" : ` at ${formatShape(unravelIndex(bad, out.shape))}`;
      throw overflow(node, `${at}${element}`, out.data[bad]!, scalarValues(ins));
    }
    values.set(out.data, off);
  }
  return values;
}

/**
 * The backward pass, as in micrograd: the output's gradient is 1; walking the nodes in reverse
 * topological order, each node records the local derivative of every incoming edge and sends
 * upstream × local back along it, where it adds to the input's gradient. Iterative: graphs reach 100k
 * nodes.
 *
 * Scalar elementwise nodes take a fast path (the operation's scalar rule on the flat buffers, no tensor
 * allocated); every other node calls its operation's `local` and `vjp`. Both write into the same slots
 * and go through the same `acceptLocal` / `acceptDownstream`, which report a number that is not finite
 * and add each downstream gradient to its input's gradient.
 */
function backwardPass(graph: Graph, values: Float64Array): EvaluatedGraph {
  const pass = new BackwardPass(graph, values);
  for (let i = graph.nodes.length - 1; i >= 0; i--) pass.step(i);
  return pass.result();
}

class BackwardPass {
  private readonly nodes: readonly GraphNode[];
  private readonly plan: Graph["plan"];
  private readonly values: Float64Array;
  private readonly grads: Float64Array;
  private readonly gradDefined: Uint8Array;
  private readonly locals: Float64Array;
  private readonly localDefined: Uint8Array;
  private readonly downstream: Float64Array;
  private readonly downstreamDefined: Uint8Array;
  private readonly kinks: NonDifferentiablePoint[] = [];
  // The plan's index arrays, kept as fields: the per-edge methods below run 100k times per pass.
  private readonly vo: Int32Array;
  private readonly ef: Int32Array;
  private readonly lo: Int32Array;
  private readonly dso: Int32Array;
  private readonly dep: Uint8Array;

  constructor(
    private readonly graph: Graph,
    values: Float64Array,
  ) {
    const { nodes, plan } = graph;
    const n = nodes.length;
    const edges = plan.edgeStart[n]!;
    this.nodes = nodes;
    this.plan = plan;
    this.vo = plan.valueOffset;
    this.ef = plan.edgeFrom;
    this.lo = plan.localOffset;
    this.dso = plan.downstreamOffset;
    this.dep = plan.dependsOnInput;
    this.values = values;
    this.grads = new Float64Array(plan.valueOffset[n]!);
    this.gradDefined = new Uint8Array(n).fill(1);
    this.locals = new Float64Array(plan.localTotal);
    this.localDefined = new Uint8Array(edges);
    this.downstream = new Float64Array(plan.downstreamTotal);
    this.downstreamDefined = new Uint8Array(edges);
    const out = graph.output.index;
    this.grads.fill(1, plan.valueOffset[out]!, plan.valueOffset[out + 1]!);
  }

  /** Node i's turn: its gradient is complete (every consumer came later in topological order). */
  step(i: number): void {
    const node = this.nodes[i]!;
    const upstreamDefined = this.gradDefined[i] === 1;
    if (upstreamDefined) this.checkGradient(i);
    if (node.value !== null) return; // a leaf
    const rule = this.plan.scalarRule[i];
    if (rule != null) this.scalarEdges(i, rule, upstreamDefined);
    else this.tensorEdges(i, node.op as Operation, upstreamDefined);
  }

  result(): EvaluatedGraph {
    const { values, grads, gradDefined, locals, localDefined, downstream, downstreamDefined } = this;
    const buffers: EvaluationBuffers = { values, grads, gradDefined, locals, localDefined, downstream, downstreamDefined };
    this.kinks.reverse(); // report in topological order
    return new EvaluatedGraph(this.graph, buffers, this.kinks);
  }

  private checkGradient(i: number): void {
    const vo = this.vo;
    for (let j = vo[i]!; j < vo[i + 1]!; j++) {
      const g = this.grads[j]!;
      if (!isFiniteNumber(g)) {
        throw new AutogradError(
          "non-finite",
          `the gradient of the output with respect to this node overflows float64 (${String(g)})`,
          where(this.nodes[i]!),
        );
      }
    }
  }

  /** The fast path: a scalar elementwise node, straight from its operation's scalar rule. */
  private scalarEdges(i: number, rule: ElementwiseRule, upstreamDefined: boolean): void {
    const { vo, ef, lo, dso, dep } = this;
    const e0 = this.plan.edgeStart[i]!;
    const arity = rule.partials.length;
    const a = this.values[vo[ef[e0]!]!]!;
    const b = arity === 2 ? this.values[vo[ef[e0 + 1]!]!]! : 0;
    const y = this.values[vo[i]!]!;
    const g = this.grads[vo[i]!]!;
    for (let k = 0; k < arity; k++) {
      const e = e0 + k;
      this.locals[lo[e]!] = rule.partials[k]!(a, b, y);
      if (!this.acceptLocal(i, e, 1)) continue;
      if (!upstreamDefined) {
        this.gradDefined[ef[e]!] = 0;
        continue;
      }
      this.downstream[dso[e]!] = g * this.locals[lo[e]!]!;
      this.acceptDownstream(i, e, 1);
    }
    if (rule.kink !== undefined && dep[i] === 1) {
      for (let k = 0; k < arity; k++) {
        const src = ef[e0 + k]!;
        // Only where the derivative matters: with respect to something that varies with the inputs.
        if (dep[src] !== 1) continue;
        const note = rule.kink(a, b, k);
        if (note !== null) this.kinks.push(kinkOf(this.nodes[i]!, this.nodes[src]!, 0, note));
      }
    }
  }

  /** Any other node: its operation's tensor `local` and, where the edge has no local derivative, `vjp`. */
  private tensorEdges(i: number, op: Operation, upstreamDefined: boolean): void {
    const { valueOffset: vo, edgeStart: es, edgeFrom: ef, localOffset: lo, downstreamOffset: dso, dependsOnInput: dep } = this.plan;
    const node = this.nodes[i]!;
    const e0 = es[i]!;
    const ins = this.inputsOf(i);
    const output = view(this.values, vo[i]!, node.shape);
    const localTensors = op.local(ins, output).map((t, k) => {
      const e = e0 + k;
      if (t === null || lo[e]! < 0) return null;
      this.locals.set(t.data, lo[e]!);
      return this.acceptLocal(i, e, t.data.length) ? t : null;
    });
    if (upstreamDefined) {
      const upstream = view(this.grads, vo[i]!, node.shape);
      const downs: (Tensor | null)[] =
        op.kind === "elementwise"
          ? localTensors.map((l, k) => (l === null ? null : downstreamFromLocal(l, upstream, ins[k]!.shape)))
          : op.vjp(ins, output, upstream);
      downs.forEach((d, k) => {
        const e = e0 + k;
        if (d === null) {
          this.gradDefined[ef[e]!] = 0;
          return;
        }
        this.downstream.set(d.data, dso[e]!);
        this.acceptDownstream(i, e, d.data.length);
      });
    } else {
      for (let k = 0; k < ins.length; k++) this.gradDefined[ef[e0 + k]!] = 0;
    }
    if (dep[i] === 1) {
      for (const kink of op.nonDifferentiable(ins, output)) {
        const src = ef[e0 + kink.input]!;
        if (dep[src] === 1) this.kinks.push(kinkOf(node, this.nodes[src]!, kink.index, kink.note));
      }
    }
  }

  /** Keeps the `size` numbers just written as edge e's local derivative, or reports them (false) if one is not finite. */
  private acceptLocal(i: number, e: number, size: number): boolean {
    const slot = this.lo[e]!;
    for (let j = slot; j < slot + size; j++) {
      if (!isFiniteNumber(this.locals[j]!)) {
        this.rejectLocal(i, e, slot, size, j - slot);
        return false;
      }
    }
    this.localDefined[e] = 1;
    return true;
  }

  /** Keeps the `size` numbers just written as edge e's downstream gradient and adds them to its input's gradient, or reports them. */
  private acceptDownstream(i: number, e: number, size: number): void {
    const slot = this.dso[e]!;
    const d = this.downstream;
    for (let j = slot; j < slot + size; j++) {
      if (!isFiniteNumber(d[j]!)) {
        this.rejectDownstream(i, e, slot, size, j - slot);
        return;
      }
    }
    this.downstreamDefined[e] = 1;
    const target = this.vo[this.ef[e]!]!;
    for (let j = 0; j < size; j++) this.grads[target + j]! += d[slot + j]!;
  }

  // The failure paths, apart so that the two methods above stay small enough to inline.
  private rejectLocal(i: number, e: number, slot: number, size: number, bad: number): void {
    const node = this.nodes[i]!;
    const ins = this.inputsOf(i);
    const at = node.op.kind === "elementwise" ? show(node, operandsAt(ins, node.shape, bad)) : `${node.op.symbol}(…)`;
    const element = node.shape.length === 0 ? "" : ` (element ${formatShape(unravelIndex(bad, node.shape))})`;
    const l = this.locals[slot + bad]!;
    this.locals.fill(0, slot, slot + size);
    this.missing(i, e, notDifferentiable(node, this.nodes[this.ef[e]!]!, at + element, l), scalarValues(ins));
  }

  private rejectDownstream(i: number, e: number, slot: number, size: number, bad: number): void {
    const overflowed = this.downstream[slot + bad]!;
    this.downstream.fill(0, slot, slot + size);
    // The fast path names the two factors; a tensor edge has too many to list.
    const factors = this.plan.scalarRule[i] != null ? [this.grads[this.vo[i]!]!, this.locals[this.lo[e]!]!] : [];
    this.missing(i, e, gradientOverflow(this.nodes[this.ef[e]!]!, overflowed), factors);
  }

  /** A local derivative or downstream gradient that is not finite: an error, unless the edge's source is a constant. */
  private missing(i: number, e: number, message: string, vals: readonly number[]): void {
    const src = this.ef[e]!;
    if (this.dep[src] === 1) throw new AutogradError("non-finite", message, where(this.nodes[i]!), vals);
    this.gradDefined[src] = 0;
  }

  private inputsOf(i: number): Tensor[] {
    const vo = this.plan.valueOffset;
    return this.nodes[i]!.inputs.map((j) => view(this.values, vo[j]!, this.nodes[j]!.shape));
  }
}

function show(node: GraphNode, args: readonly number[]): string {
  return formatApplication(node.op.symbol, node.op.notation, args.slice(0, node.op.arity));
}

function operands(node: GraphNode, a: number, b: number): number[] {
  return node.op.arity === 2 ? [a, b] : [a];
}

function operandsAt(ins: readonly Tensor[], outShape: Shape, j: number): number[] {
  return ins.map((t) => {
    const map = broadcastIndex(t.shape, outShape);
    return t.data[map === null ? j : map[j]!]!;
  });
}

/** The inputs' numbers when they are all scalars (for the error's `values`), else none. */
function scalarValues(ins: readonly Tensor[]): number[] {
  return ins.every((t) => t.data.length === 1) ? ins.map((t) => t.data[0]!) : [];
}

function overflow(node: GraphNode, at: string, y: number, vals: readonly number[]): AutogradError {
  return new AutogradError("non-finite", `${at} is ${String(y)}, not a finite float64 number (overflow)`, where(node), vals);
}

function notDifferentiable(node: GraphNode, src: GraphNode, at: string, l: number): string {
  const what = Number.isNaN(l) ? "does not exist" : "is infinite";
  return `the local derivative ∂${node.id}/∂${src.id} of ${at} ${what}`;
}

function gradientOverflow(src: GraphNode, d: number): string {
  return `the gradient sent back to "${src.id}" overflows float64 (${String(d)})`;
}

function kinkOf(node: GraphNode, input: GraphNode, index: number, note: string): NonDifferentiablePoint {
  return {
    nodeId: node.id,
    op: node.op.name,
    position: node.position,
    index: unravelIndex(index, node.shape),
    input: input.id,
    note,
  };
}
