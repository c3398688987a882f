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
import { AutogradError, type SourcePosition } from "./errors";
import { EvaluatedGraph, type EvaluationBuffers, type NonDifferentiablePoint } from "./evaluated";
import type { Graph, GraphNode } from "./graph";
import { backward, sendBack } from "./backward";
import { broadcastIndex } from "./broadcast";
import { formatApplication } from "./ops/elementwise";
import type { ElementwiseRule, Operation } from "./ops/types";
import { type Shape, type Tensor, firstNonFinite, formatShape, isFiniteNumber as isFiniteImported, sizeOf, unravelIndex } from "./tensor";

// Bound once here: a call through the module binding is not inlined on the hot path (a third slower).
const isFiniteNumber = isFiniteImported;

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
 * The backward pass: the walk of backward.ts on flat buffers, each node recording the local derivative
 * of every incoming edge and the gradient it sends back along it.
 *
 * Scalar elementwise nodes take a fast path (the operation's scalar rule on the flat buffers, no tensor
 * allocated); every other node calls its operation's `local` and backward.ts's `sendBack`. Both write
 * into the same slots and go through the same `acceptLocal` / `acceptDownstream`, which report a number
 * that is not finite and add each downstream gradient to its input's gradient.
 */
function backwardPass(graph: Graph, values: Float64Array): EvaluatedGraph {
  const { nodes, plan } = graph;
  const { valueOffset: vo, edgeStart: es, edgeFrom: ef, localOffset: lo, downstreamOffset: dso, scalarRule } = plan;
  const dep = plan.dependsOnInput;
  const n = nodes.length;
  const edges = es[n]!;
  const grads = new Float64Array(vo[n]!);
  const gradDefined = new Uint8Array(n).fill(1);
  const locals = new Float64Array(plan.localTotal);
  const localDefined = new Uint8Array(edges);
  const downstream = new Float64Array(plan.downstreamTotal);
  const downstreamDefined = new Uint8Array(edges);
  const kinks: NonDifferentiablePoint[] = [];
  const out = graph.output.index;
  grads.fill(1, vo[out], vo[out + 1]);

  const inputsOf = (i: number) => nodes[i]!.inputs.map((j) => view(values, vo[j]!, nodes[j]!.shape));

  /** A local derivative or downstream gradient that is not finite: an error, unless the edge's source is a constant. */
  const missing = (i: number, e: number, message: string, vals: readonly number[]) => {
    const src = ef[e]!;
    if (dep[src] === 1) throw new AutogradError("non-finite", message, where(nodes[i]!), vals);
    gradDefined[src] = 0;
  };

  /** Keeps the `size` numbers just written as edge e's local derivative, or reports them (false) if one is not finite. */
  const acceptLocal = (i: number, e: number, size: number): boolean => {
    const slot = lo[e]!;
    for (let j = slot; j < slot + size; j++) {
      if (!isFiniteNumber(locals[j]!)) {
        rejectLocal(i, e, slot, size, j - slot);
        return false;
      }
    }
    localDefined[e] = 1;
    return true;
  };

  /** Keeps the `size` numbers just written as edge e's downstream gradient and adds them to its input's gradient, or reports them. */
  const acceptDownstream = (i: number, e: number, size: number): void => {
    const slot = dso[e]!;
    for (let j = slot; j < slot + size; j++) {
      if (!isFiniteNumber(downstream[j]!)) {
        rejectDownstream(i, e, slot, size, j - slot);
        return;
      }
    }
    downstreamDefined[e] = 1;
    const target = vo[ef[e]!]!;
    for (let j = 0; j < size; j++) grads[target + j]! += downstream[slot + j]!;
  };

  // The failure paths, apart so that the two functions above stay small enough to inline.
  const rejectLocal = (i: number, e: number, slot: number, size: number, bad: number) => {
    const node = nodes[i]!;
    const ins = inputsOf(i);
    const at = node.op.kind === "elementwise" ? show(node, operandsAt(ins, node.shape, bad)) : `${node.op.symbol}(…)`;
    const element = node.shape.length === 0 ? "" : ` (element ${formatShape(unravelIndex(bad, node.shape))})`;
    const l = locals[slot + bad]!;
    locals.fill(0, slot, slot + size);
    missing(i, e, notDifferentiable(node, nodes[ef[e]!]!, at + element, l), scalarValues(ins));
  };
  const rejectDownstream = (i: number, e: number, slot: number, size: number, bad: number) => {
    const overflowed = downstream[slot + bad]!;
    downstream.fill(0, slot, slot + size);
    // The fast path names the two factors; a tensor edge has too many to list.
    const factors = scalarRule[i] != null ? [grads[vo[i]!]!, locals[lo[e]!]!] : [];
    missing(i, e, gradientOverflow(nodes[ef[e]!]!, overflowed), factors);
  };

  /** The fast path: a scalar elementwise node, straight from its operation's scalar rule. */
  const scalarEdges = (i: number, rule: ElementwiseRule, upstreamDefined: boolean) => {
    const e0 = es[i]!;
    const arity = rule.partials.length;
    const a = values[vo[ef[e0]!]!]!;
    const b = arity === 2 ? values[vo[ef[e0 + 1]!]!]! : 0;
    const y = values[vo[i]!]!;
    const g = grads[vo[i]!]!;
    // acceptLocal and acceptDownstream for one number each, written out: this loop runs for most edges.
    for (let k = 0; k < arity; k++) {
      const e = e0 + k;
      const l = rule.partials[k]!(a, b, y);
      locals[lo[e]!] = l;
      if (!isFiniteNumber(l)) {
        rejectLocal(i, e, lo[e]!, 1, 0);
        continue;
      }
      localDefined[e] = 1;
      if (!upstreamDefined) {
        gradDefined[ef[e]!] = 0;
        continue;
      }
      const d = g * l;
      downstream[dso[e]!] = d;
      if (!isFiniteNumber(d)) {
        rejectDownstream(i, e, dso[e]!, 1, 0);
        continue;
      }
      downstreamDefined[e] = 1;
      grads[vo[ef[e]!]!]! += d;
    }
    if (rule.kink !== undefined && dep[i] === 1) {
      for (let k = 0; k < arity; k++) {
        const src = ef[e0 + k]!;
        // Only where the derivative matters: with respect to something that varies with the inputs.
        if (dep[src] !== 1) continue;
        const note = rule.kink(a, b, k);
        if (note !== null) kinks.push(kinkOf(nodes[i]!, nodes[src]!, 0, note));
      }
    }
  };

  /** Any other node: its operation's tensor `local` and, where the edge has no local derivative, `vjp`. */
  const tensorEdges = (i: number, op: Operation, upstreamDefined: boolean) => {
    const node = nodes[i]!;
    const e0 = es[i]!;
    const ins = inputsOf(i);
    const output = view(values, vo[i]!, node.shape);
    const localTensors = op.local(ins, output).map((t, k) => {
      const e = e0 + k;
      if (t === null || lo[e]! < 0) return null;
      locals.set(t.data, lo[e]);
      return acceptLocal(i, e, t.data.length) ? t : null;
    });
    if (upstreamDefined) {
      const upstream = view(grads, vo[i]!, node.shape);
      sendBack(op, ins, output, upstream, localTensors).forEach((d, k) => {
        const e = e0 + k;
        if (d === null) {
          gradDefined[ef[e]!] = 0;
          return;
        }
        downstream.set(d.data, dso[e]);
        acceptDownstream(i, e, d.data.length);
      });
    } else {
      for (let k = 0; k < ins.length; k++) gradDefined[ef[e0 + k]!] = 0;
    }
    if (dep[i] === 1) {
      for (const kink of op.nonDifferentiable(ins, output)) {
        const src = ef[e0 + kink.input]!;
        if (dep[src] === 1) kinks.push(kinkOf(node, nodes[src]!, kink.index, kink.note));
      }
    }
  };

  backward(graph, {
    gradient(i) {
      if (gradDefined[i] === 1) checkGradient(nodes[i]!, grads, vo[i]!, vo[i + 1]!);
    },
    sendBack(i) {
      const rule = scalarRule[i];
      if (rule != null) scalarEdges(i, rule, gradDefined[i] === 1);
      else tensorEdges(i, nodes[i]!.op as Operation, gradDefined[i] === 1);
    },
  });
  const buffers: EvaluationBuffers = { values, grads, gradDefined, locals, localDefined, downstream, downstreamDefined };
  kinks.reverse(); // report in topological order
  return new EvaluatedGraph(graph, buffers, kinks);
}

function checkGradient(node: GraphNode, grads: Float64Array, from: number, to: number): void {
  for (let j = from; j < to; j++) {
    const g = grads[j]!;
    if (!isFiniteNumber(g)) {
      throw new AutogradError("non-finite", `the gradient of the output with respect to this node overflows float64 (${String(g)})`, where(node));
    }
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
