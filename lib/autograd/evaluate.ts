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
import type { Operation } from "./ops/types";
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
  grads.fill(1, vo[out]!, vo[out + 1]!);

  /** A local derivative or downstream gradient that is not finite: an error, unless the edge's source is a constant. */
  const missing = (node: GraphNode, e: number, message: string, vals: readonly number[]) => {
    const src = ef[e]!;
    if (dep[src] === 1) throw new AutogradError("non-finite", message, where(node), vals);
    gradDefined[src] = 0;
  };

  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i]!;
    const off = vo[i]!;
    const gd = gradDefined[i] === 1;
    if (gd) {
      const end = vo[i + 1]!;
      for (let j = off; j < end; j++) {
        const g = grads[j]!;
        if (!isFiniteNumber(g)) {
          throw new AutogradError(
            "non-finite",
            `the gradient of the output with respect to this node overflows float64 (${String(g)})`,
            where(node),
          );
        }
      }
    }
    if (node.value !== null) continue;
    const e0 = es[i]!;
    const rule = scalarRule[i];
    if (rule != null) {
      const a = values[vo[ef[e0]!]!]!;
      const binary = rule.partials.length === 2;
      const b = binary ? values[vo[ef[e0 + 1]!]!]! : 0;
      const y = values[off]!;
      const g = grads[off]!;
      for (let k = 0; k < rule.partials.length; k++) {
        const e = e0 + k;
        const src = ef[e]!;
        const l = rule.partials[k]!(a, b, y);
        if (!isFiniteNumber(l)) {
          missing(node, e, notDifferentiable(node, nodes[src]!, show(node, [a, b]), l), operands(node, a, b));
          continue;
        }
        locals[lo[e]!] = l;
        localDefined[e] = 1;
        if (!gd) {
          gradDefined[src] = 0;
          continue;
        }
        const d = g * l;
        if (!isFiniteNumber(d)) {
          missing(node, e, gradientOverflow(nodes[src]!, d), [g, l]);
          continue;
        }
        downstream[dso[e]!] = d;
        downstreamDefined[e] = 1;
        grads[vo[src]!]! += d;
      }
      if (rule.kink !== undefined && dep[i] === 1) {
        for (let k = 0; k < rule.partials.length; k++) {
          // Only where the derivative matters: with respect to something that varies with the inputs.
          if (dep[ef[e0 + k]!] !== 1) continue;
          const note = rule.kink(a, b, k);
          if (note !== null) kinks.push(kinkOf(node, nodes[ef[e0 + k]!]!, 0, note));
        }
      }
      continue;
    }

    const op = node.op as Operation;
    const ins = node.inputs.map((j) => view(values, vo[j]!, nodes[j]!.shape));
    const output = view(values, off, node.shape);
    const upstream = view(grads, off, node.shape);
    const localTensors = op.local(ins, output);
    const defined = localTensors.map((t, k) => {
      const e = e0 + k;
      if (t === null || lo[e]! < 0) return null;
      const bad = firstNonFinite(t.data);
      if (bad >= 0) {
        const at = op.kind === "elementwise" ? show(node, operandsAt(ins, output.shape, bad)) : `${op.symbol}(…)`;
        const element = output.shape.length === 0 ? "" : ` (element ${formatShape(unravelIndex(bad, output.shape))})`;
        missing(node, e, notDifferentiable(node, nodes[ef[e]!]!, at + element, t.data[bad]!), scalarValues(ins));
        return null;
      }
      locals.set(t.data, lo[e]!);
      localDefined[e] = 1;
      return t;
    });
    if (gd) {
      const downs: (Tensor | null)[] =
        op.kind === "elementwise"
          ? defined.map((l, k) => (l === null ? null : downstreamFromLocal(l, upstream, ins[k]!.shape)))
          : op.vjp(ins, output, upstream);
      downs.forEach((d, k) => {
        const e = e0 + k;
        const src = ef[e]!;
        if (d === null) {
          gradDefined[src] = 0;
          return;
        }
        const bad = firstNonFinite(d.data);
        if (bad >= 0) {
          missing(node, e, gradientOverflow(nodes[src]!, d.data[bad]!), []);
          return;
        }
        downstream.set(d.data, dso[e]!);
        downstreamDefined[e] = 1;
        const target = vo[src]!;
        for (let j = 0; j < d.data.length; j++) grads[target + j]! += d.data[j]!;
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
  }
  const buffers: EvaluationBuffers = { values, grads, gradDefined, locals, localDefined, downstream, downstreamDefined };
  kinks.reverse(); // report in topological order
  return new EvaluatedGraph(graph, buffers, kinks);
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
