/**
 * "Work": every number a student writes on a graph (each node's forward value and upstream gradient,
 * each edge's local derivative and downstream gradient), indexed like the graph's nodes.
 *
 * `propagate` recomputes all of them from the operations' pure `forward`, `local` and `vjp`, in the order
 * a student works (forward values, then gradients from the output down), and lets a hook decide at each
 * step which number stands: the student's own entry, the reference, or the recomputed one (possibly
 * rounded). Grading with error carried forward, the early-rounding passes and the graph-equivalence check
 * are all this one walk with different hooks.
 *
 * The gradients half is the engine's backward routine (autograd/backward.ts: the same walk and the same
 * rule for what a node sends back), with different steps: the engine fills flat buffers with one
 * number per quantity, while here each quantity is settled from a set of candidates (the student's own
 * number may stand in for the reference at any step).
 */
import {
  type EvaluatedGraph,
  type Graph,
  type Operation,
  type Tensor,
  backward,
  filled,
  isFiniteTensor,
  sendBackThroughLocal,
  shapesEqual,
  zeros,
} from "../autograd";
import type { Field } from "./verdict";

export interface Work {
  readonly value: (Tensor | null)[];
  readonly grad: (Tensor | null)[];
  /** [node][k]: the local derivative of the node with respect to its k-th input (shaped like the node). */
  readonly local: (Tensor | null)[][];
  /** [node][k]: what the node sends back to its k-th input (shaped like the input). */
  readonly downstream: (Tensor | null)[][];
}

/** One number of the work: a node's value or grad (k = -1), or an edge's local or downstream (k = input position). */
export interface Quantity {
  readonly field: Field;
  readonly node: number;
  readonly k: number;
}

export function quantityOf(work: Work, q: Quantity): Tensor | null {
  switch (q.field) {
    case "value":
      return work.value[q.node] ?? null;
    case "grad":
      return work.grad[q.node] ?? null;
    case "local":
      return work.local[q.node]?.[q.k] ?? null;
    case "downstream":
      return work.downstream[q.node]?.[q.k] ?? null;
  }
}

export function emptyWork(graph: Graph): Work {
  const n = graph.nodes.length;
  return {
    value: new Array<Tensor | null>(n).fill(null),
    grad: new Array<Tensor | null>(n).fill(null),
    local: graph.nodes.map((node) => node.inputs.map(() => null)),
    downstream: graph.nodes.map((node) => node.inputs.map(() => null)),
  };
}

/** The engine's numbers as work. */
export function referenceWork(evaluated: EvaluatedGraph): Work {
  const nodes = evaluated.nodes;
  return {
    value: nodes.map((n) => n.value),
    grad: nodes.map((n) => n.grad),
    local: nodes.map((n) => n.edges.map((e) => e.local)),
    downstream: nodes.map((n) => n.edges.map((e) => e.downstream)),
  };
}

/**
 * Another evaluation's numbers, laid out on `graph` by node id and input id: a node or an edge the
 * other graph does not have (it was rewritten there) is null.
 */
export function workOnGraph(graph: Graph, other: EvaluatedGraph): Work {
  const work = emptyWork(graph);
  graph.nodes.forEach((node, i) => {
    if (!other.graph.has(node.id)) return;
    const o = other.node(node.id);
    if (!shapesEqual(o.shape, node.shape)) return;
    work.value[i] = o.value;
    work.grad[i] = o.grad;
    node.inputs.forEach((j, k) => {
      const from = graph.nodes[j]!.id;
      const edge = o.edges.find((e) => e.from === from);
      if (edge === undefined) return;
      work.local[i]![k] = edge.local;
      work.downstream[i]![k] = edge.downstream;
    });
  });
  return work;
}

/** consumers[i]: the edges that read node i, as (consuming node, input position). */
export function consumersOf(graph: Graph): { node: number; k: number }[][] {
  const consumers = graph.nodes.map(() => [] as { node: number; k: number }[]);
  graph.nodes.forEach((node, i) => node.inputs.forEach((j, k) => consumers[j]!.push({ node: i, k })));
  return consumers;
}

export function sameTensor(a: Tensor, b: Tensor): boolean {
  if (!shapesEqual(a.shape, b.shape)) return false;
  for (let i = 0; i < a.data.length; i++) if (!Object.is(a.data[i], b.data[i])) return false;
  return true;
}

/** Distinct tensors, first occurrence kept. */
export function distinct(ts: readonly (Tensor | null | undefined)[]): Tensor[] {
  const out: Tensor[] = [];
  for (const t of ts) if (t != null && !out.some((o) => sameTensor(o, t))) out.push(t);
  return out;
}

/** Runs `fn` and keeps its result only when it is a finite tensor (domain errors and NaN give null). */
export function attempt(fn: () => Tensor | null | undefined): Tensor | null {
  try {
    const t = fn();
    return t != null && isFiniteTensor(t) ? t : null;
  } catch {
    return null;
  }
}

export function forwardOf(op: Operation, ins: readonly Tensor[]): Tensor | null {
  return attempt(() => (op.domainError(ins) === null ? op.forward(ins) : null));
}

export function add(a: Tensor, b: Tensor): Tensor {
  const data = new Float64Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = a.data[i]! + b.data[i]!;
  return { shape: a.shape, data };
}

export function scale(a: Tensor, s: number): Tensor {
  return { shape: a.shape, data: a.data.map((x) => x * s) };
}

export interface PropagateHooks {
  /**
   * Which number stands for `q`, given the numbers recomputed from the work so far (most direct first;
   * empty when it cannot be computed, e.g. outside the domain) and the quantities they were computed
   * from. Returning null leaves the reference in place. `work` holds the numbers settled so far (read
   * only), for hooks that recompute a step their own way.
   */
  settle(q: Quantity, candidates: readonly Tensor[], deps: readonly Quantity[], work: Work): Tensor | null;
}

/**
 * The walk: forward values and local derivatives in topological order, then upstream and downstream
 * gradients from the output down. Quantities the reference does not have (a local derivative of a
 * non-elementwise edge, a gradient that does not exist) stay null and are never settled.
 */
export function propagate(graph: Graph, reference: Work, hooks: PropagateHooks, options: { valuesOnly?: boolean } = {}): Work {
  const work = emptyWork(graph);
  const nodes = graph.nodes;
  const n = nodes.length;
  const outputs: (Tensor | null)[] = new Array<Tensor | null>(n).fill(null);
  const localCandidates: Tensor[][][] = nodes.map((node) => node.inputs.map(() => []));
  const valueOf = (j: number) => work.value[j] ?? reference.value[j]!;

  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    const q: Quantity = { field: "value", node: i, k: -1 };
    if (node.op.kind === "leaf") {
      work.value[i] = hooks.settle(q, [node.value!], [], work) ?? reference.value[i] ?? node.value!;
      continue;
    }
    const op = node.op;
    const ins = node.inputs.map(valueOf);
    outputs[i] = forwardOf(op, ins);
    const deps = node.inputs.map((j): Quantity => ({ field: "value", node: j, k: -1 }));
    work.value[i] = hooks.settle(q, outputs[i] === null ? [] : [outputs[i]!], deps, work) ?? reference.value[i]!;
    if (options.valuesOnly) continue;
    const ys = distinct([work.value[i], outputs[i]]);
    node.inputs.forEach((_, k) => {
      if (reference.local[i]![k] == null) return;
      const cands = distinct(ys.map((y) => attempt(() => op.local(ins, y)[k])));
      localCandidates[i]![k] = cands;
      const lq: Quantity = { field: "local", node: i, k };
      work.local[i]![k] = hooks.settle(lq, cands, [...deps, q], work) ?? reference.local[i]![k]!;
    });
  }
  if (options.valuesOnly) return work;

  const consumers = consumersOf(graph);
  backward(graph, {
    gradient(i) {
      if (reference.grad[i] == null) return;
      const node = nodes[i]!;
      let total = i === graph.output.index ? filled(node.shape, 1) : zeros(node.shape);
      const deps: Quantity[] = [];
      let computable = true;
      for (const c of consumers[i]!) {
        const d = work.downstream[c.node]![c.k] ?? reference.downstream[c.node]![c.k];
        if (d == null) continue;
        if (!shapesEqual(d.shape, node.shape)) {
          computable = false;
          continue;
        }
        total = add(total, d);
        deps.push({ field: "downstream", node: c.node, k: c.k });
      }
      const q: Quantity = { field: "grad", node: i, k: -1 };
      work.grad[i] = hooks.settle(q, computable && isFiniteTensor(total) ? [total] : [], deps, work) ?? reference.grad[i];
    },
    sendBack(i) {
      const node = nodes[i]!;
      const op = node.op as Operation;
      const ins = node.inputs.map(valueOf);
      const g = work.grad[i] ?? reference.grad[i];
      const ys = distinct([work.value[i], outputs[i]]);
      node.inputs.forEach((_, k) => {
        if (reference.downstream[i]![k] == null) return;
        const hasLocal = reference.local[i]![k] != null;
        const locals = hasLocal ? distinct([work.local[i]![k], ...localCandidates[i]![k]!]) : [];
        let cands: Tensor[] = [];
        if (g != null) {
          // Each candidate local derivative (the student's own first) sent back by the engine's rule; where
          // none determines it, the operation's vector-Jacobian product at each candidate output.
          cands = distinct(locals.map((l) => attempt(() => sendBackThroughLocal(op, ins, g, k, l))));
          if (cands.length === 0) cands = distinct(ys.map((y) => attempt(() => op.vjp(ins, y, g)[k])));
        }
        const deps: Quantity[] = [{ field: "grad", node: i, k: -1 }];
        if (hasLocal) deps.push({ field: "local", node: i, k });
        else deps.push({ field: "value", node: i, k: -1 }, ...node.inputs.map((jj): Quantity => ({ field: "value", node: jj, k: -1 })));
        work.downstream[i]![k] = hooks.settle({ field: "downstream", node: i, k }, cands, deps, work) ?? reference.downstream[i]![k];
      });
    },
  });
  return work;
}

export function setQuantity(work: Work, q: Quantity, t: Tensor | null): void {
  if (q.field === "value") work.value[q.node] = t;
  else if (q.field === "grad") work.grad[q.node] = t;
  else if (q.field === "local") work.local[q.node]![q.k] = t;
  else work.downstream[q.node]![q.k] = t;
}

export interface RecomputeOptions {
  /** The number a slip gives at `q` (from the numbers settled so far), or null where it changes nothing. */
  readonly slip?: (q: Quantity, candidates: readonly Tensor[], work: Work) => Tensor | null;
  /** The student's own entry for `q`: it stands for the steps after it. */
  readonly given?: (q: Quantity) => Tensor | null;
  /** What the student carries on from the number that stands at `q` (e.g. it rounded). */
  readonly keep?: (t: Tensor) => Tensor;
  readonly valuesOnly?: boolean;
}

/**
 * What a student who makes one slip would write at each step: every quantity recomputed from the
 * numbers that stand before it, with `slip` deciding the steps it changes. The student's own entries
 * stand for the steps after them, as in grading, so the result says what the slip gives at each step
 * given everything the student wrote before it. Input values are the problem's data: never recomputed or
 * kept differently.
 */
export function recompute(graph: Graph, reference: Work, options: RecomputeOptions): Work {
  const computed = emptyWork(graph);
  const { slip, given, keep } = options;
  propagate(
    graph,
    reference,
    {
      settle(q, candidates, _deps, work) {
        const own = given?.(q) ?? null;
        if (q.field === "value" && graph.nodes[q.node]!.op.kind === "leaf") {
          setQuantity(computed, q, candidates[0] ?? null);
          return own;
        }
        const c = (slip === undefined ? null : attempt(() => slip(q, candidates, work))) ?? candidates[0] ?? null;
        setQuantity(computed, q, c);
        const stands = own ?? c;
        return stands === null || keep === undefined ? stands : keep(stands);
      },
    },
    { valuesOnly: options.valuesOnly },
  );
  return computed;
}

/** A matrix's transpose (anything else unchanged). */
export function transposed(t: Tensor): Tensor {
  if (t.shape.length !== 2) return t;
  const [m, n] = t.shape as [number, number];
  const data = new Float64Array(t.data.length);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[j * m + i] = t.data[i * n + j]!;
  return { shape: [n, m], data };
}
