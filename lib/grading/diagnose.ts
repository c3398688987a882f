/**
 * Naming the mistake behind an incorrect entry: alternative computations of the same node and field are
 * compared with the entry under the part's tolerance. Alternatives are computed from the reference and,
 * where a chain is graded, from the student's own numbers too, so a mistake is named where it was made
 * even below an earlier one. Every alternative is tried: a mistake is named only when the ones that match
 * agree on it, or when a rule of mistakes.ts says which is the likelier; a wrong name is worse than none.
 */
import { type Graph, type GraphNode, type Tensor, filled, shapesEqual, zeros } from "../autograd";
import { type WholeGraphAlternative, builtinAlternatives, studentAlternatives } from "./alternatives";
import { roundingThatGives } from "./early-rounding";
import { confirmed, contradicted, contradictedFrom, stepOf } from "./evidence";
import { MAX_FANOUT_SUBSETS, type MistakeCode } from "./mistakes";
import { compareValues, isZero } from "./tolerance";
import { OPERATION_VARIANTS, changesForward, countOf } from "./variants";
import type { DiagnosisContext } from "./diagnosis-context";
import type { Diagnosis, LocalizedText, MessageRef } from "./verdict";
import { type Quantity, type Work, add, attempt, consumersOf, quantityOf, scale, transposed } from "./work";

export type { DiagnosisContext } from "./diagnosis-context";

interface Candidate {
  /** A MistakeCode, or a code the problem file defines for its own mistakes. */
  readonly code: string;
  readonly detail: MessageRef;
  readonly value: Tensor | null;
  readonly text?: LocalizedText;
  /** Parameters of the student's message (which node, which reduction...). */
  readonly params?: Readonly<Record<string, string | number>>;
  /** For an operation variant: the nodes where the operation was swapped. */
  readonly nodes?: readonly number[];
  /** Whether the explanation holds up against the rest of the student's work (checked only when the number matches). */
  readonly valid?: () => boolean;
}

export interface Named {
  readonly diagnosis: Diagnosis;
  readonly message: MessageRef;
}

const consumerCache = new WeakMap<Graph, { node: number; k: number }[][]>();
function consumers(graph: Graph) {
  let c = consumerCache.get(graph);
  if (c === undefined) consumerCache.set(graph, (c = consumersOf(graph)));
  return c;
}

/** What is computed once per grading of a sheet (the contexts are made per call). */
interface ContextCache {
  until?: Map<WholeGraphAlternative, number>;
  wholeGraph?: { builtin: readonly Usable[]; upstream: readonly WholeGraphAlternative[] };
}
const contextCache = new WeakMap<DiagnosisContext, ContextCache>();
function cacheOf(ctx: DiagnosisContext): ContextCache {
  let c = contextCache.get(ctx);
  if (c === undefined) contextCache.set(ctx, (c = {}));
  return c;
}

/** A whole-graph alternative, usable for the quantities before `until()` in the student's work. */
interface Usable {
  readonly alt: WholeGraphAlternative;
  readonly until: () => number;
}

/** `contradictedFrom`, once per alternative and context. */
function untilOf(ctx: DiagnosisContext, alt: WholeGraphAlternative): number {
  const cache = cacheOf(ctx);
  cache.until ??= new Map();
  let until = cache.until.get(alt);
  if (until === undefined) cache.until.set(alt, (until = contradictedFrom(ctx, alt)));
  return until;
}

/**
 * The whole-graph alternatives for this context. Where a sheet is graded (and the graph is small enough),
 * worked on the student's own work, their entries standing, with the slips at steps they did not show;
 * and the reference's (cached per evaluation), each up to the first step where the student's own entry
 * contradicts it (their entries were rounded, so an alternative worked on them can miss what the
 * reference's still matches).
 */
function wholeGraph(ctx: DiagnosisContext) {
  const cache = cacheOf(ctx);
  if (cache.wholeGraph === undefined) {
    const own = ctx.given === undefined || ctx.student === null ? null : studentAlternatives(ctx.evaluated, ctx.given);
    const builtin: Usable[] = (own ?? []).filter((a) => a.targets !== undefined).map((alt) => ({ alt, until: () => Infinity }));
    for (const alt of builtinAlternatives(ctx.evaluated)) builtin.push({ alt, until: () => untilOf(ctx, alt) });
    cache.wholeGraph = { builtin, upstream: (own ?? []).filter((a) => a.targets === undefined) };
  }
  return cache.wholeGraph;
}

/** The numbers to build alternatives from: the reference, and the student's own when they differ. */
function sources(ctx: DiagnosisContext): { work: Work; source: "reference" | "student" }[] {
  const out: { work: Work; source: "reference" | "student" }[] = [{ work: ctx.reference, source: "reference" }];
  if (ctx.student !== null) out.push({ work: ctx.student, source: "student" });
  return out;
}

/** The original operation named by a mean-vs-sum candidate: "mean", "sum", or "" when it swapped both kinds. */
function reductionOf(nodes: readonly GraphNode[]): string {
  const ops = new Set(nodes.map((n) => n.op.name));
  return ops.size === 1 ? [...ops][0]! : "";
}

/** Slips of the chain rule at one step: outranked by an operation swap the student's own value shows. */
const CHAIN_SLIPS: readonly string[] = ["local-not-chained", "missing-fanout-sum", "upstream-downstream-swapped", "value-for-gradient"];

/** What every family of candidates looks at: the entry's quantity and its place in the graph. */
interface Step {
  readonly ctx: DiagnosisContext;
  readonly q: Quantity;
  readonly node: GraphNode;
  readonly id: string;
  /** The input's id, for an edge's field. */
  readonly from: string | null;
  readonly ref: Tensor | null;
  /** The edges that read this node. */
  readonly edgesIn: readonly { node: number; k: number }[];
  /** Values computed from the student's own entries. */
  readonly carried: readonly Tensor[];
  /** Whether a built-in mistake is to be tried (it is on, and has not matched yet: the first match is kept). */
  readonly trying: (code: MistakeCode) => boolean;
}

type Family = (s: Step) => Iterable<Candidate>;

/**
 * The families of mistakes, in the order they are tried (the first match of each code is kept): the
 * problem's own, the chain-rule slips (at a fan-out, the missing sum first), operation swaps, a
 * transposed matrix, a flipped sign, and slips at steps before this one.
 */
function familiesFor(s: Step): readonly Family[] {
  const fanOut = s.q.field === "grad" && s.edgesIn.length >= 2;
  return [
    problemAlternatives,
    ...(fanOut ? [missingFanoutSum, localNotChained] : [localNotChained, missingFanoutSum]),
    upstreamDownstreamSwapped,
    valueForGradient,
    operationVariants,
    transposedMatrix,
    signFlip,
    upstreamSlips,
  ];
}

function* candidates(ctx: DiagnosisContext, q: Quantity, carried: readonly Tensor[], matched: { has(code: string): boolean }): Generator<Candidate> {
  const { graph } = ctx;
  const node = graph.nodes[q.node]!;
  const step: Step = {
    ctx,
    q,
    node,
    id: node.id,
    from: q.k >= 0 ? graph.nodes[node.inputs[q.k]!]!.id : null,
    ref: quantityOf(ctx.reference, q),
    edgesIn: consumers(graph)[q.node]!,
    carried,
    trying: (code) => ctx.mistakes.has(code) && !matched.has(code),
  };
  for (const family of familiesFor(step)) yield* family(step);
}

/** The problem's own alternative computations. */
function* problemAlternatives({ ctx, q }: Step): Generator<Candidate> {
  for (const alt of ctx.problem) {
    yield { code: alt.code, detail: alt.detail, value: quantityOf(alt.work, q), text: alt.text, valid: () => stepOf(ctx.graph, q) < untilOf(ctx, alt) };
  }
}

/** The local derivative written where the gradient belongs (for a gradient: one edge's, or their sum). */
function* localNotChained({ ctx, q, node, id, from, edgesIn, trying }: Step): Generator<Candidate> {
  if (!trying("local-not-chained")) return;
  const { graph } = ctx;
  for (const { work, source } of sources(ctx)) {
    if (q.field === "grad") {
      const locals = edgesIn.map((c) => work.local[c.node]![c.k] ?? null);
      for (let e = 0; e < edgesIn.length; e++) {
        const c = edgesIn[e]!;
        yield {
          code: "local-not-chained",
          detail: { key: "detail.local-not-chained", params: { node: graph.nodes[c.node]!.id, input: id, source } },
          value: locals[e] ?? null,
          params: { consumer: graph.nodes[c.node]!.id },
        };
      }
      if (edgesIn.length >= 2 && locals.every((l) => l !== null && shapesEqual(l.shape, node.shape))) {
        yield {
          code: "local-not-chained",
          detail: { key: "detail.local-not-chained-sum", params: { input: id, count: edgesIn.length, source } },
          value: locals.reduce((a, b) => add(a!, b!), zeros(node.shape))!,
          params: { consumer: "" },
        };
      }
    }
    if (q.field === "downstream") {
      yield {
        code: "local-not-chained",
        detail: { key: "detail.local-not-chained", params: { node: id, input: from!, source } },
        value: work.local[q.node]![q.k] ?? null,
      };
    }
  }
}

/** A gradient that sums only some of the node's outgoing edges. */
function* missingFanoutSum({ ctx, q, node, id, edgesIn, trying }: Step): Generator<Candidate> {
  if (!trying("missing-fanout-sum") || q.field !== "grad" || edgesIn.length < 2) return;
  const { graph } = ctx;
  const base = q.node === graph.output.index ? filled(node.shape, 1) : zeros(node.shape);
  for (const { work, source } of sources(ctx)) {
    const parts = edgesIn.map((c) => work.downstream[c.node]![c.k] ?? null);
    if (parts.some((p) => p === null || !shapesEqual(p.shape, node.shape))) continue;
    const k = edgesIn.length;
    const subsets: number[] = [];
    if (k <= MAX_FANOUT_SUBSETS) for (let mask = 1; mask < (1 << k) - 1; mask++) subsets.push(mask);
    else for (let e = 0; e < k; e++) subsets.push(1 << e);
    for (const mask of subsets) {
      let total = base;
      const used: string[] = [];
      for (let e = 0; e < k; e++) {
        if (mask & (1 << e)) {
          total = add(total, parts[e]!);
          used.push(graph.nodes[edgesIn[e]!.node]!.id);
        }
      }
      yield {
        code: "missing-fanout-sum",
        detail: { key: "detail.missing-fanout-sum", params: { node: id, used: used.join(", "), count: k, source } },
        value: total,
        params: { count: k },
      };
    }
  }
}

/** The upstream gradient written as the downstream one, or the reverse. */
function* upstreamDownstreamSwapped({ ctx, q, node, id, from, trying }: Step): Generator<Candidate> {
  if (!trying("upstream-downstream-swapped")) return;
  const { graph } = ctx;
  if (q.field === "downstream") {
    for (const { work, source } of sources(ctx)) {
      yield {
        code: "upstream-downstream-swapped",
        detail: { key: "detail.swapped-downstream", params: { node: id, input: from!, source } },
        value: work.grad[q.node] ?? null,
      };
    }
  }
  if (q.field === "grad") {
    // What this node sends on to its own inputs, written as the gradient arriving at it.
    for (let k = 0; k < node.inputs.length; k++) {
      if (graph.nodes[node.inputs[k]!]!.op.name === "const") continue;
      yield {
        code: "upstream-downstream-swapped",
        detail: { key: "detail.swapped-grad", params: { node: id, input: graph.nodes[node.inputs[k]!]!.id } },
        value: ctx.reference.downstream[q.node]![k] ?? null,
      };
    }
  }
}

/** The node's forward value written in one of its gradient fields (its gradient, or what it sends back). */
function* valueForGradient({ ctx, q, trying }: Step): Generator<Candidate> {
  if (!trying("value-for-gradient") || (q.field !== "grad" && q.field !== "downstream")) return;
  const whose = ctx.graph.nodes[q.node]!.id;
  for (const { work, source } of sources(ctx)) {
    yield {
      code: "value-for-gradient",
      detail: { key: "detail.value-for-gradient", params: { node: whose, source } },
      value: work.value[q.node] ?? null,
      params: { of: whose },
    };
  }
}

/** Each operation variant (mean for sum, log base 10...): at this node, into this gradient, and over the whole graph. */
function* operationVariants(s: Step): Generator<Candidate> {
  for (const variant of OPERATION_VARIANTS) {
    if (!s.trying(variant.code)) continue;
    yield* variantAtNode(s, variant);
    yield* variantIntoGradient(s, variant);
    yield* variantOverWholeGraph(s, variant);
  }
}

type Variant = (typeof OPERATION_VARIANTS)[number];

/** The student's own numbers (or the reference for a single answer), for recomputing a step with a variant. */
function variantWork(ctx: DiagnosisContext): Work {
  return ctx.student ?? ctx.reference;
}

function variantDetail(variant: Variant, scope: string): MessageRef {
  return { key: `detail.${variant.detail}`, params: { scope } };
}

function variantParams(ctx: DiagnosisContext, variant: Variant, nodes: readonly number[]): Record<string, string | number> {
  const { graph } = ctx;
  const first = graph.nodes[nodes[0]!]!;
  if (variant.code === "mean-vs-sum") return { reduction: reductionOf(nodes.map((i) => graph.nodes[i]!)) };
  if (variant.code === "missing-one-over-n") return { at: first.id, n: countOf(first, graph) ?? "N" };
  if (variant.code === "mul-inputs-swapped") return { at: first.id };
  return {};
}

function variantInputs(ctx: DiagnosisContext, i: number): Tensor[] {
  const work = variantWork(ctx);
  return ctx.graph.nodes[i]!.inputs.map((j) => work.value[j] ?? ctx.reference.value[j]!);
}

/** The node's own value, local derivative or downstream gradient, computed with the variant. */
function* variantAtNode({ ctx, q, node, id }: Step, variant: Variant): Generator<Candidate> {
  if (q.field === "grad" || !variant.applies(node, ctx.graph)) return;
  const work = variantWork(ctx);
  const vop = variant.operation(node, ctx.graph);
  const ins = variantInputs(ctx, q.node);
  const g = work.grad[q.node] ?? ctx.reference.grad[q.node];
  const y = work.value[q.node] ?? ctx.reference.value[q.node]!;
  const value =
    q.field === "value"
      ? attempt(() => vop.forward(ins))
      : q.field === "local"
        ? attempt(() => vop.local(ins, changesForward(variant) ? vop.forward(ins) : y)[q.k])
        : g == null
          ? null
          : attempt(() => vop.vjp(ins, changesForward(variant) ? vop.forward(ins) : y, g)[q.k]);
  const valid = () => !contradicted(ctx, variant, [q.node]);
  yield { code: variant.code, detail: variantDetail(variant, id), value, params: variantParams(ctx, variant, [q.node]), nodes: [q.node], valid };
}

/** The node's gradient, where the consumers the variant applies to send back what the variant gives. */
function* variantIntoGradient({ ctx, q, node, id, edgesIn }: Step, variant: Variant): Generator<Candidate> {
  const { graph } = ctx;
  const applies = (i: number) => variant.applies(graph.nodes[i]!, graph);
  const applying = edgesIn.filter((c) => applies(c.node)).map((c) => c.node);
  if (q.field !== "grad" || applying.length === 0) return;
  const work = variantWork(ctx);
  let total: Tensor | null = q.node === graph.output.index ? filled(node.shape, 1) : zeros(node.shape);
  for (const c of edgesIn) {
    let part: Tensor | null;
    if (applies(c.node)) {
      const consumer = graph.nodes[c.node]!;
      const vop = variant.operation(consumer, graph);
      const ins = variantInputs(ctx, c.node);
      const g = work.grad[c.node] ?? ctx.reference.grad[c.node];
      const y = work.value[c.node] ?? ctx.reference.value[c.node]!;
      part = g == null ? null : attempt(() => vop.vjp(ins, changesForward(variant) ? vop.forward(ins) : y, g)[c.k]);
    } else {
      part = work.downstream[c.node]![c.k] ?? null;
    }
    total = part === null || total === null || !shapesEqual(part.shape, node.shape) ? null : add(total, part);
  }
  const valid = () => !contradicted(ctx, variant, applying);
  yield { code: variant.code, detail: variantDetail(variant, id), value: total, params: variantParams(ctx, variant, applying), nodes: applying, valid };
}

/** The variant applied wherever it applies in the graph, carried down to this entry. */
function* variantOverWholeGraph({ ctx, q }: Step, variant: Variant): Generator<Candidate> {
  for (const { alt, until } of wholeGraph(ctx).builtin) {
    if (alt.code !== variant.code || alt.detail.key !== `detail.${variant.detail}`) continue;
    const valid = () => stepOf(ctx.graph, q) < until() && !contradicted(ctx, variant, alt.targets ?? []);
    yield {
      code: alt.code,
      detail: alt.detail,
      value: quantityOf(alt.work, q),
      params: variantParams(ctx, variant, alt.targets ?? [q.node]),
      nodes: alt.targets,
      valid,
    };
  }
}

/** A matrix given transposed; for a square one the shape cannot tell, so the numbers are compared. */
function* transposedMatrix({ ref, carried, trying }: Step): Generator<Candidate> {
  if (!trying("transposed") || ref === null || ref.shape.length !== 2 || ref.data.length < 2) return;
  yield { code: "transposed", detail: { key: "detail.transposed", params: { source: "reference" } }, value: transposed(ref) };
  for (const c of carried) yield { code: "transposed", detail: { key: "detail.transposed", params: { source: "student" } }, value: transposed(c) };
}

function* signFlip({ ctx, ref, carried, trying }: Step): Generator<Candidate> {
  if (!trying("sign-flip") || ref === null || isZero(ref, ctx.tolerance)) return;
  yield { code: "sign-flip", detail: { key: "detail.sign-flip", params: { source: "reference" } }, value: scale(ref, -1) };
  for (const c of carried) {
    if (!isZero(c, ctx.tolerance)) {
      yield { code: "sign-flip", detail: { key: "detail.sign-flip", params: { source: "student" } }, value: scale(c, -1) };
    }
  }
}

/**
 * Slips at a step before this one that the student did not write down (a gradient asked alone, or
 * fields not asked): carried down to this entry.
 */
function* upstreamSlips({ ctx, q, trying }: Step): Generator<Candidate> {
  const upstreamCodes = ["missing-fanout-sum", "sign-flip"] as const;
  if ((q.field !== "grad" && q.field !== "downstream") || !upstreamCodes.some(trying)) return;
  for (const alt of wholeGraph(ctx).upstream) {
    if (!trying(alt.code as MistakeCode)) continue;
    const d = alt.detail.params;
    const upstream = typeof d.input === "string" ? `${d.node} → ${d.input}` : String(d.node);
    yield { code: alt.code, detail: alt.detail, value: quantityOf(alt.work, q), params: { upstream, count: d.count ?? 0 } };
  }
}

/** Early rounding as a candidate (early-rounding.ts). */
function earlyRounding(ctx: DiagnosisContext, q: Quantity, given: Tensor): Candidate | null {
  if (!ctx.mistakes.has("early-rounding")) return null;
  const found = roundingThatGives(ctx, q, given);
  if (found === null) return null;
  const source = ctx.student === null || ctx.given === undefined ? "reference" : "student";
  const { digits, truncate, value } = found;
  return {
    code: "early-rounding",
    detail: { key: "detail.early-rounding", params: { digits, mode: truncate ? "truncated" : "rounded", source } },
    value,
    params: { digits },
  };
}

function messageOf(ctx: DiagnosisContext, q: Quantity, c: Candidate): MessageRef {
  if (c.text !== undefined) return { key: "mistake.problem", params: { code: c.code }, text: c.text };
  const node = ctx.graph.nodes[q.node]!;
  const params: Record<string, string | number> = { node: node.id, field: q.field, ...c.params };
  if (q.k >= 0) params.input = ctx.graph.nodes[node.inputs[q.k]!]!.id;
  if (c.code === "local-not-chained" && q.field === "grad" && params.consumer === node.id) params.consumer = "";
  if (c.code === "wrong-log-base") params.base = c.detail.key === "detail.log2" ? 2 : 10;
  if (c.code === "mean-vs-sum") {
    // What the student did: summed where the graph takes the mean, or the reverse.
    const key =
      params.reduction === "mean" ? "mistake.mean-vs-sum.summed" : params.reduction === "sum" ? "mistake.mean-vs-sum.averaged" : "mistake.mean-vs-sum";
    return { key, params };
  }
  // A slip at an earlier step the student did not show, carried down to this entry.
  if (typeof params.upstream === "string") return { key: `mistake.${c.code}.upstream`, params };
  return { key: `mistake.${c.code}`, params };
}

/**
 * The mistake that explains `given`, or null when none does or when explanations of different codes fit
 * equally (mistakes.ts lists the rules that prefer one). `carried` are the values computed from the
 * student's own entries.
 */
export function diagnose(ctx: DiagnosisContext, q: Quantity, given: Tensor, carried: readonly Tensor[] = []): Named | null {
  const matched = new Map<string, Candidate>();
  for (const c of candidates(ctx, q, carried, matched)) {
    if (matched.has(c.code) || c.value === null || !shapesEqual(c.value.shape, given.shape)) continue;
    if (compareValues(c.value, given, ctx.tolerance) && (c.valid === undefined || c.valid())) matched.set(c.code, c);
  }
  // Early rounding is a recomputation like the others: when it gives the entry too, it is one more explanation.
  const rounding = earlyRounding(ctx, q, given);
  if (rounding !== null) matched.set(rounding.code, rounding);
  const found = [...matched.values()];
  const named = (c: Candidate): Named => ({ diagnosis: { code: c.code, detail: c.detail }, message: messageOf(ctx, q, c) });
  // The rules of mistakes.ts, in order.
  const problem = found.find((c) => c.text !== undefined);
  if (problem !== undefined) return named(problem);
  const sign = matched.get("sign-flip");
  if (sign !== undefined && sign.detail.key === "detail.sign-flip") return named(sign);
  const fanOut = q.field === "grad" && consumers(ctx.graph)[q.node]!.length >= 2;
  if (fanOut && matched.has("missing-fanout-sum")) matched.delete("local-not-chained");
  if (matched.has("missing-one-over-n")) matched.delete("mean-vs-sum");
  if (found.some((c) => c.nodes !== undefined && confirmed(ctx, c.code, c.nodes))) for (const code of CHAIN_SLIPS) matched.delete(code);
  return matched.size === 1 ? named([...matched.values()][0]!) : null;
}
