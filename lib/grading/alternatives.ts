/**
 * Alternative computations of a whole graph, each of which yields every number a student would have
 * written after one kind of mistake: the built-in operation swaps (variants.ts) made everywhere or at
 * one node, the problem's own alternatives, slips made at a step the student did not show (a fan-out
 * node's gradient summed over part of its edges, a sign lost), and the early-rounding passes. Swaps that
 * change a forward value are made on NodeSpecs and re-evaluated by the engine; slips in a derivative are
 * the same walk as grading (work.ts) with that one step done wrong. What depends only on the reference
 * is cached per reference evaluation, so grading a whole class against one variant builds it once.
 */
import { type EvaluatedGraph, type Graph, type NodeSpec, type Tensor, createGraph, evaluate, filled, shapesEqual, zeros } from "../autograd";
import { EARLY_ROUNDING_DIGITS, MAX_FANOUT_SUBSETS, SHEET_WALKS_MAX_NODES } from "./mistakes";
import { OPERATION_VARIANTS, type OperationVariant, type VariantOperation } from "./variants";
import type { LocalizedText, MessageRef } from "./verdict";
import { type Quantity, type Work, add, consumersOf, recompute, referenceWork, scale, workOnGraph } from "./work";

/** A mistake a problem declares: its code, the student-facing message and the graph evaluated with it. */
export interface ProblemAlternative {
  readonly code: string;
  readonly message: LocalizedText;
  readonly evaluated: EvaluatedGraph;
}

export interface WholeGraphAlternative {
  /** A MistakeCode, or a code the problem file defines for its own mistakes. */
  readonly code: string;
  readonly detail: MessageRef;
  readonly work: Work;
  /** The problem's message, for a problem's own alternative. */
  readonly text?: LocalizedText;
  /** For an operation variant: the nodes it changes (the student's own values there may contradict it). */
  readonly targets?: readonly number[];
}

export function toNodeSpecs(graph: Graph): NodeSpec[] {
  return graph.nodes.map((n) => ({
    id: n.id,
    op: n.op.name,
    inputs: n.inputs.map((j) => graph.nodes[j]!.id),
    ...(n.value === null ? {} : { value: n.value }),
    position: n.position,
  }));
}

/** The graph with the chosen nodes replaced, evaluated; null when it cannot be built or evaluated (e.g. log of a logit ≤ 0). */
export function evaluateRewritten(graph: Graph, replace: (index: number) => NodeSpec[] | null): EvaluatedGraph | null {
  const original = toNodeSpecs(graph);
  const specs: NodeSpec[] = [];
  let changed = false;
  original.forEach((spec, i) => {
    const r = replace(i);
    if (r === null) specs.push(spec);
    else {
      specs.push(...r);
      changed = true;
    }
  });
  if (!changed) return null;
  try {
    return evaluate(createGraph(specs, { output: graph.output.id }));
  } catch {
    return null;
  }
}

/** The wrong rule at the target nodes, as a slip for `recompute` (from the numbers settled so far). */
export function variantSlip(graph: Graph, variant: OperationVariant, targets: ReadonlySet<number>) {
  const rules = new Map<number, VariantOperation>();
  for (const t of targets) rules.set(t, variant.operation(graph.nodes[t]!, graph));
  return (q: Quantity, _candidates: readonly Tensor[], work: Work): Tensor | null => {
    const rule = rules.get(q.node);
    if (rule === undefined || q.field === "grad") return null;
    const ins = graph.nodes[q.node]!.inputs.map((j) => work.value[j]!);
    const y = work.value[q.node]!;
    if (q.field === "value") return rule.forward(ins);
    if (q.field === "local") return rule.local(ins, y)[q.k] ?? null;
    const g = work.grad[q.node];
    return g == null ? null : (rule.vjp(ins, y, g)[q.k] ?? null);
  };
}

/**
 * The variant made at every node it applies to ("everywhere") and, when there are 2 to 8 of them, at each
 * alone. From the reference (the graph rewritten where the swap changes the forward value), or, with
 * `given`, on the student's own work: the wrong rule at those nodes, the student's entries standing.
 */
function variantAlternatives(
  reference: EvaluatedGraph,
  variant: OperationVariant,
  given?: (q: Quantity) => Tensor | null,
): { work: Work; scope: string; targets: number[] }[] {
  const graph = reference.graph;
  const targets = graph.nodes.filter((n) => variant.applies(n, graph)).map((n) => n.index);
  if (targets.length === 0) return [];
  const ref = referenceWork(reference);
  const valueOf = (i: number) => reference.value(graph.nodes[i]!.id);
  const worked = (chosen: readonly number[]): Work | null => {
    const set = new Set(chosen);
    if (given !== undefined || variant.rewrite === undefined) return recompute(graph, ref, { given, slip: variantSlip(graph, variant, set) });
    const rewritten = evaluateRewritten(graph, (i) => (set.has(i) ? variant.rewrite!(graph.nodes[i]!, graph, valueOf) : null));
    return rewritten === null ? null : workOnGraph(graph, rewritten);
  };
  const out: { work: Work; scope: string; targets: number[] }[] = [];
  const all = worked(targets);
  if (all !== null) out.push({ work: all, scope: "everywhere", targets });
  // A student may make the mistake at one node only (one of several sums, say).
  if (targets.length >= 2 && targets.length <= 8) {
    for (const t of targets) {
      const one = worked([t]);
      if (one !== null) out.push({ work: one, scope: graph.nodes[t]!.id, targets: [t] });
    }
  }
  return out;
}

const builtinCache = new WeakMap<EvaluatedGraph, WholeGraphAlternative[]>();

/** The operation variants of variants.ts made on the whole graph (and at each node alone when there are several). */
export function builtinAlternatives(reference: EvaluatedGraph): WholeGraphAlternative[] {
  const cached = builtinCache.get(reference);
  if (cached !== undefined) return cached;
  const out: WholeGraphAlternative[] = [];
  for (const variant of OPERATION_VARIANTS) {
    for (const { work, scope, targets } of variantAlternatives(reference, variant)) {
      out.push({ code: variant.code, detail: { key: `detail.${variant.detail}`, params: { scope } }, work, targets });
    }
  }
  builtinCache.set(reference, out);
  return out;
}

/**
 * Every built-in whole-graph alternative worked on the student's own work (their entries standing, so a
 * mistake is not imagined at a step they wrote down): the operation variants, then the slips at steps
 * they did not show. One walk per alternative, so only on graphs of at most SHEET_WALKS_MAX_NODES
 * nodes; null on larger ones (the reference's alternatives serve there).
 */
export function studentAlternatives(reference: EvaluatedGraph, given: (q: Quantity) => Tensor | null): WholeGraphAlternative[] | null {
  const graph = reference.graph;
  if (graph.nodes.length > SHEET_WALKS_MAX_NODES) return null;
  const out: WholeGraphAlternative[] = [];
  for (const variant of OPERATION_VARIANTS) {
    for (const { work, scope, targets } of variantAlternatives(reference, variant, given)) {
      out.push({ code: variant.code, detail: { key: `detail.${variant.detail}`, params: { scope } }, work, targets });
    }
  }
  out.push(...upstreamAlternatives(graph, referenceWork(reference), given));
  return out;
}

export function problemAlternatives(graph: Graph, alternatives: readonly ProblemAlternative[]): WholeGraphAlternative[] {
  return alternatives.map((a) => ({
    code: a.code,
    detail: { key: "detail.problem", params: { code: a.code } },
    work: workOnGraph(graph, a.evaluated),
    text: a.message,
  }));
}

/**
 * Slips made at a step the student did not show, carried down to the steps they did: a fan-out node's
 * gradient summed over part of its edges, and a sign lost in a gradient or in what a node sends back
 * along one edge. Each is the grading walk with that one step done wrong; the student's own entries
 * stand, so a slip whose step the student wrote down is not imagined there. One walk per site, so only
 * on graphs of at most SHEET_WALKS_MAX_NODES nodes (every homework graph).
 */
export function upstreamAlternatives(graph: Graph, reference: Work, given: (q: Quantity) => Tensor | null): WholeGraphAlternative[] {
  if (graph.nodes.length > SHEET_WALKS_MAX_NODES) return [];
  const out: WholeGraphAlternative[] = [];
  const consumers = consumersOf(graph);
  const at = (site: Quantity, slip: (candidates: readonly Tensor[], work: Work) => Tensor | null) =>
    recompute(graph, reference, {
      given,
      slip: (q, candidates, work) => (q.field === site.field && q.node === site.node && q.k === site.k ? slip(candidates, work) : null),
    });
  graph.nodes.forEach((node, i) => {
    if (node.op.kind === "leaf" || reference.grad[i] == null) return;
    const edges = consumers[i]!;
    if (edges.length >= 2) {
      const k = edges.length;
      const masks: number[] = [];
      if (k <= MAX_FANOUT_SUBSETS) for (let mask = 1; mask < (1 << k) - 1; mask++) masks.push(mask);
      else for (let e = 0; e < k; e++) masks.push(1 << e);
      for (const mask of masks) {
        const used = edges.filter((_, e) => mask & (1 << e));
        const work = at({ field: "grad", node: i, k: -1 }, (_c, w) => {
          let total = i === graph.output.index ? filled(node.shape, 1) : zeros(node.shape);
          for (const c of used) {
            const d = w.downstream[c.node]![c.k] ?? reference.downstream[c.node]![c.k];
            if (d == null || !shapesEqual(d.shape, node.shape)) return null;
            total = add(total, d);
          }
          return total;
        });
        const names = used.map((c) => graph.nodes[c.node]!.id).join(", ");
        out.push({ code: "missing-fanout-sum", detail: { key: "detail.missing-fanout-sum-upstream", params: { node: node.id, used: names, count: k } }, work });
      }
    }
    const flip = (candidates: readonly Tensor[]) => (candidates[0] === undefined ? null : scale(candidates[0], -1));
    if (i !== graph.output.index) {
      out.push({
        code: "sign-flip",
        detail: { key: "detail.sign-flip-upstream", params: { node: node.id } },
        work: at({ field: "grad", node: i, k: -1 }, flip),
      });
    }
    node.inputs.forEach((j, k) => {
      if (reference.downstream[i]![k] == null || graph.nodes[j]!.op.name === "const") return;
      out.push({
        code: "sign-flip",
        detail: { key: "detail.sign-flip-edge", params: { node: node.id, input: graph.nodes[j]!.id } },
        work: at({ field: "downstream", node: i, k }, flip),
      });
    });
  });
  return out;
}

/** One early-rounding pass: every number the student carries on rounded (or truncated) to `digits` significant figures. */
export interface RoundingPass {
  readonly digits: number;
  readonly truncate: boolean;
  /** At each step, what the rounded numbers before it give (before that step is itself rounded). */
  readonly work: Work;
}

export function roundTo(x: number, digits: number, truncate: boolean): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  // On the digits a person sees on a calculator, not on the binary value: 3.15 (stored as 3.1499999...)
  // rounds to 3.2 and truncates to 3.1, and 0.04579999999999999 truncates to 0.0458.
  const magnitude = Math.abs(x);
  let exponent = Math.floor(Math.log10(magnitude)) - digits + 1;
  let scaled = exponent >= 0 ? magnitude / 10 ** exponent : magnitude * 10 ** -exponent;
  // log10 can be one off next to a power of ten.
  if (scaled >= 10 ** digits) {
    exponent++;
    scaled /= 10;
  }
  // Float noise below the 12th significant figure is not a digit anyone sees.
  scaled = Math.round(scaled * 1e9) / 1e9;
  const kept = truncate ? Math.floor(scaled) : Math.floor(scaled + 0.5);
  return Math.sign(x) * (exponent >= 0 ? kept * 10 ** exponent : kept / 10 ** -exponent);
}

export function rounded(t: Tensor, digits: number, truncate: boolean): Tensor {
  return { shape: t.shape, data: t.data.map((x) => roundTo(x, digits, truncate)) };
}

/**
 * The early-rounding passes: the student's work redone with every number carried on rounded (or
 * truncated) to 2 or 3 significant figures, their own entries standing (rounded too) where they gave
 * them. The problem's data (input values) are not rounded. Without `given`, the passes over the
 * reference, cached per evaluation.
 */
export function roundingPasses(graph: Graph, reference: Work, given?: (q: Quantity) => Tensor | null, valuesOnly = false): RoundingPass[] {
  const passes: RoundingPass[] = [];
  for (const { digits, truncate } of roundingModes()) {
    try {
      const work = recompute(graph, reference, { given, keep: (t) => rounded(t, digits, truncate), valuesOnly });
      passes.push({ digits, truncate, work });
    } catch {
      continue;
    }
  }
  return passes;
}

/** The four ways of rounding early: 2 or 3 significant figures, rounded or truncated. */
export function roundingModes(): { digits: number; truncate: boolean }[] {
  return EARLY_ROUNDING_DIGITS.flatMap((digits) => [false, true].map((truncate) => ({ digits, truncate })));
}

const passCache = new WeakMap<EvaluatedGraph, RoundingPass[]>();

export function referenceRoundingPasses(reference: EvaluatedGraph): RoundingPass[] {
  let cached = passCache.get(reference);
  if (cached === undefined) passCache.set(reference, (cached = roundingPasses(reference.graph, referenceWork(reference))));
  return cached;
}
