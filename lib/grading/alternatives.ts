/**
 * Alternative computations of a whole graph, each of which yields every number a student would have
 * written after one kind of mistake: the built-in operation swaps (variants.ts) made everywhere, the
 * problem's own alternatives, and the early-rounding passes. Graph changes are made on NodeSpecs and
 * re-evaluated by the engine. Results are cached per reference evaluation, so grading a whole class
 * against one variant builds them once.
 */
import { type EvaluatedGraph, type Graph, type NodeSpec, type Tensor, createGraph, evaluate } from "../autograd";
import { EARLY_ROUNDING_DIGITS, type MistakeCode } from "./mistakes";
import { OPERATION_VARIANTS, type OperationVariant } from "./variants";
import type { LocalizedText, MessageRef } from "./verdict";
import { type Work, emptyWork, propagate, referenceWork, workOnGraph } from "./work";

/** A mistake a problem declares: its code, the student-facing message and the graph evaluated with it. */
export interface ProblemAlternative {
  readonly code: string;
  readonly message: LocalizedText;
  readonly evaluated: EvaluatedGraph;
}

export interface WholeGraphAlternative {
  readonly code: MistakeCode | string;
  readonly detail: MessageRef;
  readonly work: Work;
  /** The problem's message, for a problem's own alternative. */
  readonly text?: LocalizedText;
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

function variantRewrites(reference: EvaluatedGraph, variant: OperationVariant): { evaluated: EvaluatedGraph; scope: string }[] {
  const graph = reference.graph;
  const valueOf = (i: number) => reference.value(graph.nodes[i]!.id);
  const targets = graph.nodes.filter((n) => (variant.appliesTo as readonly string[]).includes(n.op.name)).map((n) => n.index);
  if (targets.length === 0) return [];
  const out: { evaluated: EvaluatedGraph; scope: string }[] = [];
  const all = evaluateRewritten(graph, (i) => (targets.includes(i) ? variant.rewrite(graph.nodes[i]!, graph, valueOf) : null));
  if (all !== null) out.push({ evaluated: all, scope: "everywhere" });
  // A student may make the swap at one node only (one of several sums, say).
  if (targets.length >= 2 && targets.length <= 8) {
    for (const t of targets) {
      const one = evaluateRewritten(graph, (i) => (i === t ? variant.rewrite(graph.nodes[i]!, graph, valueOf) : null));
      if (one !== null) out.push({ evaluated: one, scope: graph.nodes[t]!.id });
    }
  }
  return out;
}

const builtinCache = new WeakMap<EvaluatedGraph, WholeGraphAlternative[]>();

/** The operation swaps of variants.ts made on the whole graph (and at each node alone when there are several). */
export function builtinAlternatives(reference: EvaluatedGraph): WholeGraphAlternative[] {
  const cached = builtinCache.get(reference);
  if (cached !== undefined) return cached;
  const graph = reference.graph;
  const out: WholeGraphAlternative[] = [];
  for (const variant of OPERATION_VARIANTS) {
    for (const { evaluated, scope } of variantRewrites(reference, variant)) {
      out.push({
        code: variant.code,
        detail: { key: `detail.${variant.detail}`, params: { scope } },
        work: workOnGraph(graph, evaluated),
      });
    }
  }
  builtinCache.set(reference, out);
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

function roundTo(x: number, digits: number, truncate: boolean): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  if (!truncate) return Number(x.toPrecision(digits));
  const unit = Math.pow(10, Math.floor(Math.log10(Math.abs(x))) - digits + 1);
  return Math.sign(x) * Math.floor(Math.abs(x) / unit + 1e-9) * unit;
}

function rounded(t: Tensor, digits: number, truncate: boolean): Tensor {
  return { shape: t.shape, data: t.data.map((x) => roundTo(x, digits, truncate)) };
}

const bandCache = new WeakMap<EvaluatedGraph, Work>();

/**
 * How far rounding every intermediate number to 2 or 3 significant figures (rounded or truncated) moves
 * each number of the work: elementwise, the largest deviation from the reference over those four passes.
 * The given inputs and constants are not rounded (they are the problem's data).
 */
export function roundingBand(reference: EvaluatedGraph): Work {
  const cached = bandCache.get(reference);
  if (cached !== undefined) return cached;
  const graph = reference.graph;
  const ref = referenceWork(reference);
  const band = emptyWork(graph);
  const widen = (slot: (Tensor | null)[], index: number, alt: Tensor | null, base: Tensor | null) => {
    if (alt === null || base === null || alt.data.length !== base.data.length) return;
    const prev = slot[index];
    const data = prev?.data.slice() ?? new Float64Array(base.data.length);
    for (let e = 0; e < data.length; e++) data[e] = Math.max(data[e]!, Math.abs(alt.data[e]! - base.data[e]!));
    slot[index] = { shape: base.shape, data };
  };
  for (const digits of EARLY_ROUNDING_DIGITS) {
    for (const truncate of [false, true]) {
      let alt: Work;
      try {
        alt = propagate(graph, ref, {
          settle: (q, cands) => {
            if (q.field === "value" && graph.nodes[q.node]!.op.kind === "leaf") return null;
            return cands.length === 0 ? null : rounded(cands[0]!, digits, truncate);
          },
        });
      } catch {
        continue;
      }
      graph.nodes.forEach((node, i) => {
        widen(band.value, i, alt.value[i] ?? null, ref.value[i] ?? null);
        widen(band.grad, i, alt.grad[i] ?? null, ref.grad[i] ?? null);
        node.inputs.forEach((_, k) => {
          widen(band.local[i]!, k, alt.local[i]![k] ?? null, ref.local[i]![k] ?? null);
          widen(band.downstream[i]!, k, alt.downstream[i]![k] ?? null, ref.downstream[i]![k] ?? null);
        });
      });
    }
  }
  bandCache.set(reference, band);
  return band;
}
