/**
 * Naming the mistake behind an incorrect entry: alternative computations of the same node and field are
 * compared with the entry under the part's tolerance. Alternatives are computed from the reference and,
 * where a chain is graded, from the student's own numbers too, so a mistake is named where it was made
 * even below an earlier one. Every alternative is tried: a mistake is named only when the ones that match
 * agree on it, or when a rule of mistakes.ts says which is the likelier; a wrong name is worse than none.
 */
import { type EvaluatedGraph, type Graph, type GraphNode, type Operation, type Tensor, filled, shapesEqual, zeros } from "../autograd";
import {
  type RoundingPass,
  type WholeGraphAlternative,
  builtinAlternatives,
  referenceRoundingPasses,
  roundingModes,
  rounded,
  roundingPasses,
  studentAlternatives,
} from "./alternatives";
import { EARLY_ROUNDING_RTOL, MAX_FANOUT_SUBSETS, type MistakeCode } from "./mistakes";
import { NOISE_FLOOR, type Tolerance, compareValues, isZero } from "./tolerance";
import { OPERATION_VARIANTS, type OperationVariant, changesForward, countOf } from "./variants";
import type { Diagnosis, LocalizedText, MessageRef } from "./verdict";
import { type Quantity, type Work, add, attempt, consumersOf, forwardOf, quantityOf, scale, transposed } from "./work";

export interface DiagnosisContext {
  readonly graph: Graph;
  readonly evaluated: EvaluatedGraph;
  readonly reference: Work;
  /** The numbers the student worked with (their entries, the reference where blank), or null for a single answer. */
  readonly student: Work | null;
  /**
   * The student's own readable entries (null where blank, unreadable, of the wrong shape or not asked);
   * absent for a single answer. A mistake at a step the student wrote down is looked for there, not
   * imagined behind it.
   */
  readonly given?: (q: Quantity) => Tensor | null;
  readonly tolerance: Tolerance;
  readonly problem: readonly WholeGraphAlternative[];
  /** Which built-in mistakes to try. */
  readonly mistakes: ReadonlySet<MistakeCode>;
}

interface Candidate {
  readonly code: MistakeCode | string;
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
  rounding?: RoundingPass[];
  roundingValuesOnly?: RoundingPass[];
}
const contextCache = new WeakMap<DiagnosisContext, ContextCache>();
function cacheOf(ctx: DiagnosisContext): ContextCache {
  let c = contextCache.get(ctx);
  if (c === undefined) contextCache.set(ctx, (c = {}));
  return c;
}

/** Where a quantity comes in the student's work: forward values and local derivatives, then gradients from the output down. */
function stepOf(graph: Graph, q: Quantity): number {
  const n = graph.nodes.length;
  if (q.field === "value") return 2 * q.node;
  if (q.field === "local") return 2 * q.node + 1;
  return 2 * n + 2 * (n - 1 - q.node) + (q.field === "downstream" ? 1 : 0);
}

/** A whole-graph alternative, usable for the quantities before `until()` in the student's work. */
interface Usable {
  readonly alt: WholeGraphAlternative;
  readonly until: () => number;
}

/**
 * The first step at which the student's own entry is the reference's number where the alternative's is
 * another: from there on, the alternative contradicts what they wrote (Infinity when it never does).
 */
function contradictedFrom(ctx: DiagnosisContext, alt: WholeGraphAlternative): number {
  if (ctx.given === undefined) return Infinity;
  const { graph, reference, tolerance } = ctx;
  let first = Infinity;
  const check = (q: Quantity) => {
    const own = ctx.given!(q);
    const ref = quantityOf(reference, q);
    if (own === null || ref === null) return;
    const theirs = quantityOf(alt.work, q);
    const agrees = (t: Tensor | null) => t !== null && shapesEqual(t.shape, own.shape) && compareValues(t, own, tolerance);
    // (Where the alternative has no such number, e.g. an edge its graph does not have, it says nothing.)
    if (theirs !== null && agrees(ref) && !agrees(theirs)) first = Math.min(first, stepOf(graph, q));
  };
  graph.nodes.forEach((node, i) => {
    for (const field of ["value", "grad"] as const) check({ field, node: i, k: -1 });
    node.inputs.forEach((_, k) => {
      check({ field: "local", node: i, k });
      check({ field: "downstream", node: i, k });
    });
  });
  return first;
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

/**
 * Whether the student's own forward value at the variant's nodes says they did not make it: a swap that
 * changes the forward value is contradicted by a value they wrote that is the original operation's; a slip
 * in a derivative alone is contradicted by a value they wrote that another swap explains (a mean whose
 * value they gave as the sum summed, rather than dropped the 1/N from its gradient).
 */
function contradicted(ctx: DiagnosisContext, variant: OperationVariant, nodes: readonly number[]): boolean {
  if (ctx.given === undefined) return false;
  const { graph, reference, tolerance } = ctx;
  const work = ctx.student ?? reference;
  for (const m of nodes) {
    const own = ctx.given({ field: "value", node: m, k: -1 });
    if (own === null) continue;
    const node = graph.nodes[m]!;
    const ins = node.inputs.map((j) => work.value[j] ?? reference.value[j]!);
    const agrees = (t: Tensor | null | undefined) => t != null && shapesEqual(t.shape, own.shape) && compareValues(t, own, tolerance);
    const original = agrees(forwardOf(node.op as Operation, ins)) || agrees(reference.value[m]);
    const swapped = (v: OperationVariant) => agrees(attempt(() => v.operation(node, graph).forward(ins)));
    if (changesForward(variant)) {
      if (original && !swapped(variant)) return true;
    } else if (!original && OPERATION_VARIANTS.some((v) => v !== variant && changesForward(v) && v.applies(node, graph) && swapped(v))) {
      return true;
    }
  }
  return false;
}

/** Whether the student's own forward value at one of the nodes is the swapped operation's (a swap they visibly made). */
function confirmed(ctx: DiagnosisContext, code: string, nodes: readonly number[]): boolean {
  const variant = OPERATION_VARIANTS.find((v) => v.code === code && changesForward(v));
  if (variant === undefined || ctx.given === undefined) return false;
  const { graph, reference, tolerance } = ctx;
  const work = ctx.student ?? reference;
  return nodes.some((m) => {
    const own = ctx.given!({ field: "value", node: m, k: -1 });
    if (own === null) return false;
    const node = graph.nodes[m]!;
    const ins = node.inputs.map((j) => work.value[j] ?? reference.value[j]!);
    const agrees = (t: Tensor | null | undefined) => t != null && shapesEqual(t.shape, own.shape) && compareValues(t, own, tolerance);
    return agrees(attempt(() => variant.operation(node, graph).forward(ins))) && !agrees(reference.value[m]) && !agrees(forwardOf(node.op as Operation, ins));
  });
}

/** Slips of the chain rule at one step: outranked by an operation swap the student's own value shows. */
const CHAIN_SLIPS: readonly string[] = ["local-not-chained", "missing-fanout-sum", "upstream-downstream-swapped", "value-for-gradient"];

function* candidates(ctx: DiagnosisContext, q: Quantity, carried: readonly Tensor[], matched: { has(code: string): boolean }): Generator<Candidate> {
  const { graph } = ctx;
  const node = graph.nodes[q.node]!;
  const id = node.id;
  const from = q.k >= 0 ? graph.nodes[node.inputs[q.k]!]!.id : null;
  const ref = quantityOf(ctx.reference, q);
  const edgesIn = consumers(graph)[q.node]!;
  const trying = (code: MistakeCode) => ctx.mistakes.has(code) && !matched.has(code);

  function* localNotChained(): Generator<Candidate> {
    if (!trying("local-not-chained")) return;
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

  function* missingFanout(): Generator<Candidate> {
    if (!trying("missing-fanout-sum") || q.field !== "grad" || edgesIn.length < 2) return;
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

  for (const alt of ctx.problem) {
    yield { code: alt.code, detail: alt.detail, value: quantityOf(alt.work, q), text: alt.text, valid: () => stepOf(graph, q) < untilOf(ctx, alt) };
  }

  const fanOut = q.field === "grad" && edgesIn.length >= 2;
  const structural = fanOut ? [missingFanout, localNotChained] : [localNotChained, missingFanout];
  for (const part of structural) yield* part();

  if (trying("upstream-downstream-swapped")) {
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

  // The node's forward value written in one of its gradient fields (its gradient, or what it sends back).
  if (trying("value-for-gradient") && (q.field === "grad" || q.field === "downstream")) {
    const whose = q.node;
    for (const { work, source } of sources(ctx)) {
      yield {
        code: "value-for-gradient",
        detail: { key: "detail.value-for-gradient", params: { node: graph.nodes[whose]!.id, source } },
        value: work.value[whose] ?? null,
        params: { of: graph.nodes[whose]!.id },
      };
    }
  }

  for (const variant of OPERATION_VARIANTS) {
    if (!trying(variant.code)) continue;
    // At this node, from the student's own numbers (or the reference for a single answer).
    const work = ctx.student ?? ctx.reference;
    const applies = (i: number) => variant.applies(graph.nodes[i]!, graph);
    const insOf = (i: number) => graph.nodes[i]!.inputs.map((j) => work.value[j] ?? ctx.reference.value[j]!);
    const detail = (scope: string): MessageRef => ({ key: `detail.${variant.detail}`, params: { scope } });
    const params = (nodes: readonly number[]): Record<string, string | number> => {
      const first = graph.nodes[nodes[0]!]!;
      if (variant.code === "mean-vs-sum") return { reduction: reductionOf(nodes.map((i) => graph.nodes[i]!)) };
      if (variant.code === "missing-one-over-n") return { at: first.id, n: countOf(first, graph) ?? "N" };
      if (variant.code === "mul-inputs-swapped") return { at: first.id };
      return {};
    };
    if (q.field !== "grad" && applies(q.node)) {
      const vop = variant.operation(node, graph);
      const ins = insOf(q.node);
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
      yield { code: variant.code, detail: detail(id), value, params: params([q.node]), nodes: [q.node], valid };
    }
    const applying = edgesIn.filter((c) => applies(c.node)).map((c) => c.node);
    if (q.field === "grad" && applying.length > 0) {
      let total: Tensor | null = q.node === graph.output.index ? filled(node.shape, 1) : zeros(node.shape);
      for (const c of edgesIn) {
        let part: Tensor | null;
        if (applies(c.node)) {
          const consumer = graph.nodes[c.node]!;
          const vop = variant.operation(consumer, graph);
          const ins = insOf(c.node);
          const g = work.grad[c.node] ?? ctx.reference.grad[c.node];
          const y = work.value[c.node] ?? ctx.reference.value[c.node]!;
          part = g == null ? null : attempt(() => vop.vjp(ins, changesForward(variant) ? vop.forward(ins) : y, g)[c.k]);
        } else {
          part = work.downstream[c.node]![c.k] ?? null;
        }
        total = part === null || total === null || !shapesEqual(part.shape, node.shape) ? null : add(total, part);
      }
      const valid = () => !contradicted(ctx, variant, applying);
      yield { code: variant.code, detail: detail(id), value: total, params: params(applying), nodes: applying, valid };
    }
    for (const { alt, until } of wholeGraph(ctx).builtin) {
      if (alt.code !== variant.code || alt.detail.key !== `detail.${variant.detail}`) continue;
      const valid = () => stepOf(graph, q) < until() && !contradicted(ctx, variant, alt.targets ?? []);
      yield { code: alt.code, detail: alt.detail, value: quantityOf(alt.work, q), params: params(alt.targets ?? [q.node]), nodes: alt.targets, valid };
    }
  }

  // A matrix given transposed; for a square one the shape cannot tell, so the numbers are compared.
  if (trying("transposed") && ref !== null && ref.shape.length === 2 && ref.data.length >= 2) {
    yield { code: "transposed", detail: { key: "detail.transposed", params: { source: "reference" } }, value: transposed(ref) };
    for (const c of carried) yield { code: "transposed", detail: { key: "detail.transposed", params: { source: "student" } }, value: transposed(c) };
  }

  if (trying("sign-flip") && ref !== null && !isZero(ref, ctx.tolerance)) {
    yield { code: "sign-flip", detail: { key: "detail.sign-flip", params: { source: "reference" } }, value: scale(ref, -1) };
    for (const c of carried) {
      if (!isZero(c, ctx.tolerance)) {
        yield { code: "sign-flip", detail: { key: "detail.sign-flip", params: { source: "student" } }, value: scale(c, -1) };
      }
    }
  }

  // Slips at a step before this one that the student did not write down (a gradient asked alone, or
  // fields not asked): carried down to this entry.
  const upstreamCodes = ["missing-fanout-sum", "sign-flip"] as const;
  if ((q.field === "grad" || q.field === "downstream") && upstreamCodes.some(trying)) {
    for (const alt of wholeGraph(ctx).upstream) {
      if (!trying(alt.code as MistakeCode)) continue;
      const d = alt.detail.params;
      const upstream = typeof d.input === "string" ? `${d.node} → ${d.input}` : String(d.node);
      yield { code: alt.code, detail: alt.detail, value: quantityOf(alt.work, q), params: { upstream, count: d.count ?? 0 } };
    }
  }
}

/** Half a unit in the last digit of x as written in the fewest digits that give it back (24.01 → 0.005). */
function halfUnitOfLastDigit(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  const [mantissa, exponent] = Math.abs(x).toExponential().split("e");
  const decimals = (mantissa!.split(".")[1] ?? "").length;
  return 0.5 * Math.pow(10, Number(exponent) - decimals);
}

/** Every element of `given` is `expected` to the digits the student gave (at most EARLY_ROUNDING_RTOL off). */
function matchesTightly(expected: Tensor, given: Tensor): boolean {
  for (let e = 0; e < expected.data.length; e++) {
    const x = expected.data[e]!;
    const g = given.data[e]!;
    const allowed = Math.max(NOISE_FLOOR, 1e-9 * Math.abs(x), Math.min(halfUnitOfLastDigit(g), EARLY_ROUNDING_RTOL * Math.abs(x)));
    if (!(Math.abs(g - x) <= allowed)) return false;
  }
  return true;
}

/**
 * The entry is what rounding every intermediate to 2 or 3 significant figures gives, to the digits the
 * student gave: the work redone with rounded numbers (their own entries standing, rounded, where they
 * gave them), this step computed from them. (The step's own result rounded is a final answer given with
 * too few digits, not early rounding.) That number must itself be off beyond the tolerance: rounding that
 * stays within it explains nothing.
 */
function earlyRounding(ctx: DiagnosisContext, q: Quantity, given: Tensor): Candidate | null {
  // The problem's data (input values and constants) are given, not computed: nothing to round early.
  if (!ctx.mistakes.has("early-rounding") || (q.field === "value" && ctx.graph.nodes[q.node]!.op.kind === "leaf")) return null;
  const ref = quantityOf(ctx.reference, q);
  if (ref === null || !shapesEqual(ref.shape, given.shape)) return null;
  const source = ctx.student === null || ctx.given === undefined ? "reference" : "student";
  for (const { digits, truncate, before } of roundedSteps(ctx, q)) {
    if (before === null || !shapesEqual(before.shape, given.shape)) continue;
    if (compareValues(ref, before, ctx.tolerance) || !matchesTightly(before, given)) continue;
    return {
      code: "early-rounding",
      detail: { key: "detail.early-rounding", params: { digits, mode: truncate ? "truncated" : "rounded", source } },
      value: before,
      params: { digits },
    };
  }
  return null;
}

/** What each early-rounding pass gives at `q` (before `q` is itself rounded). */
function roundedSteps(ctx: DiagnosisContext, q: Quantity): { digits: number; truncate: boolean; before: Tensor | null }[] {
  const at = (passes: readonly RoundingPass[]) => passes.map((p) => ({ digits: p.digits, truncate: p.truncate, before: quantityOf(p.work, q) }));
  if (ctx.student === null || ctx.given === undefined) return at(referenceRoundingPasses(ctx.evaluated));
  const { graph } = ctx;
  const node = graph.nodes[q.node]!;
  // A forward value whose inputs the student all wrote down: one step, no walk (the passes give the same).
  if (q.field === "value" && node.op.kind !== "leaf") {
    const ins = node.inputs.map((j) => ({ leaf: graph.nodes[j]!.op.kind === "leaf", own: ctx.given!({ field: "value", node: j, k: -1 }), data: graph.nodes[j]!.value }));
    if (ins.every((x) => x.own !== null || x.leaf)) {
      return roundingModes().map(({ digits, truncate }) => ({
        digits,
        truncate,
        before: forwardOf(node.op as Operation, ins.map((x) => (x.leaf ? (x.own ?? x.data!) : rounded(x.own!, digits, truncate)))),
      }));
    }
  }
  // Values need only the forward pass; a gradient needs both.
  const cache = cacheOf(ctx);
  if (q.field === "value" && cache.rounding === undefined) return at((cache.roundingValuesOnly ??= roundingPasses(graph, ctx.reference, ctx.given, true)));
  return at((cache.rounding ??= roundingPasses(graph, ctx.reference, ctx.given)));
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
    const key = params.reduction === "mean" ? "mistake.mean-vs-sum.summed" : params.reduction === "sum" ? "mistake.mean-vs-sum.averaged" : "mistake.mean-vs-sum";
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
