/**
 * Naming the mistake behind an incorrect entry: alternative computations of the same node and field are
 * tried in a fixed order (the problem's own alternatives, then mistakes.ts's order) and the first whose
 * number matches the entry under the part's tolerance names it. Alternatives are computed from the
 * reference and, where a chain is graded, from the student's own numbers too, so a mistake is named
 * where it was made even below an earlier one.
 */
import { type EvaluatedGraph, type Graph, type Tensor, filled, shapesEqual, zeros } from "../autograd";
import { type WholeGraphAlternative, builtinAlternatives, roundingBand } from "./alternatives";
import { EARLY_ROUNDING_SLACK, MAX_FANOUT_SUBSETS, type MistakeCode } from "./mistakes";
import { NOISE_FLOOR, type Tolerance, compareValues, isZero } from "./tolerance";
import { OPERATION_VARIANTS } from "./variants";
import type { Diagnosis, LocalizedText, MessageRef } from "./verdict";
import { type Quantity, type Work, add, attempt, consumersOf, distinct, quantityOf, scale } from "./work";

export interface DiagnosisContext {
  readonly graph: Graph;
  readonly evaluated: EvaluatedGraph;
  readonly reference: Work;
  /** The numbers the student worked with (their entries, the reference where blank), or null for a single answer. */
  readonly student: Work | null;
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
}

const STRUCTURAL: ReadonlySet<string> = new Set(["local-not-chained", "missing-fanout-sum", "upstream-downstream-swapped"]);

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

/** The numbers to build alternatives from: the reference, and the student's own when they differ. */
function sources(ctx: DiagnosisContext): { work: Work; source: "reference" | "student" }[] {
  const out: { work: Work; source: "reference" | "student" }[] = [{ work: ctx.reference, source: "reference" }];
  if (ctx.student !== null) out.push({ work: ctx.student, source: "student" });
  return out;
}

function* candidates(ctx: DiagnosisContext, q: Quantity, carried: readonly Tensor[]): Generator<Candidate> {
  const { graph } = ctx;
  const node = graph.nodes[q.node]!;
  const id = node.id;
  const from = q.k >= 0 ? graph.nodes[node.inputs[q.k]!]!.id : null;
  const ref = quantityOf(ctx.reference, q);
  const edgesIn = consumers(graph)[q.node]!;

  function* localNotChained(): Generator<Candidate> {
    if (ctx.mistakes.has("local-not-chained")) {
      for (const { work, source } of sources(ctx)) {
        if (q.field === "grad") {
          const locals = edgesIn.map((c) => work.local[c.node]![c.k] ?? null);
          for (let e = 0; e < edgesIn.length; e++) {
            const c = edgesIn[e]!;
            yield {
              code: "local-not-chained",
              detail: { key: "detail.local-not-chained", params: { node: graph.nodes[c.node]!.id, input: id, source } },
              value: locals[e] ?? null,
            };
          }
          if (edgesIn.length >= 2 && locals.every((l) => l !== null && shapesEqual(l.shape, node.shape))) {
            yield {
              code: "local-not-chained",
              detail: { key: "detail.local-not-chained-sum", params: { input: id, count: edgesIn.length, source } },
              value: locals.reduce((a, b) => add(a!, b!), zeros(node.shape))!,
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
  }

  function* missingFanout(): Generator<Candidate> {
    if (ctx.mistakes.has("missing-fanout-sum") && q.field === "grad" && edgesIn.length >= 2) {
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
          };
        }
      }
    }
  }

  for (const alt of ctx.problem) yield { code: alt.code, detail: alt.detail, value: quantityOf(alt.work, q), text: alt.text };

  // On a fan-out node, one branch's gradient and one edge's local derivative coincide when the upstream
  // gradient is 1; the missing sum is the likelier slip there, so it is tried first.
  const fanOut = q.field === "grad" && edgesIn.length >= 2;
  const structural = fanOut ? [missingFanout, localNotChained] : [localNotChained, missingFanout];
  for (const part of structural) yield* part();

  if (ctx.mistakes.has("upstream-downstream-swapped")) {
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

  for (const variant of OPERATION_VARIANTS) {
    if (!ctx.mistakes.has(variant.code)) continue;
    // At this node, from the student's own numbers (or the reference for a single answer).
    const work = ctx.student ?? ctx.reference;
    const applies = (i: number) => (variant.appliesTo as readonly string[]).includes(graph.nodes[i]!.op.name);
    const insOf = (i: number) => graph.nodes[i]!.inputs.map((j) => work.value[j] ?? ctx.reference.value[j]!);
    const detail = (scope: string): MessageRef => ({ key: `detail.${variant.detail}`, params: { scope } });
    if (q.field !== "grad" && applies(q.node)) {
      const vop = variant.operation(node.op.name);
      const ins = insOf(q.node);
      const g = work.grad[q.node] ?? ctx.reference.grad[q.node];
      const value =
        q.field === "value"
          ? attempt(() => vop.forward(ins))
          : q.field === "local"
            ? attempt(() => vop.local(ins, vop.forward(ins))[q.k])
            : g == null
              ? null
              : attempt(() => vop.vjp(ins, vop.forward(ins), g)[q.k]);
      yield { code: variant.code, detail: detail(id), value };
    }
    if (q.field === "grad" && edgesIn.some((c) => applies(c.node))) {
      let total: Tensor | null = q.node === graph.output.index ? filled(node.shape, 1) : zeros(node.shape);
      for (const c of edgesIn) {
        let part: Tensor | null;
        if (applies(c.node)) {
          const vop = variant.operation(graph.nodes[c.node]!.op.name);
          const ins = insOf(c.node);
          const g = work.grad[c.node] ?? ctx.reference.grad[c.node];
          part = g == null ? null : attempt(() => vop.vjp(ins, vop.forward(ins), g)[c.k]);
        } else {
          part = work.downstream[c.node]![c.k] ?? null;
        }
        total = part === null || total === null || !shapesEqual(part.shape, node.shape) ? null : add(total, part);
      }
      yield { code: variant.code, detail: detail(id), value: total };
    }
    for (const alt of builtinAlternatives(ctx.evaluated)) {
      if (alt.code === variant.code && alt.detail.key === `detail.${variant.detail}`) {
        yield { code: alt.code, detail: alt.detail, value: quantityOf(alt.work, q) };
      }
    }
  }

  if (ctx.mistakes.has("sign-flip") && ref !== null && !isZero(ref, ctx.tolerance)) {
    yield { code: "sign-flip", detail: { key: "detail.sign-flip", params: { source: "reference" } }, value: scale(ref, -1) };
    for (const c of carried) {
      if (!isZero(c, ctx.tolerance)) {
        yield { code: "sign-flip", detail: { key: "detail.sign-flip", params: { source: "student" } }, value: scale(c, -1) };
      }
    }
  }
}

function earlyRounding(ctx: DiagnosisContext, q: Quantity, given: Tensor): Candidate | null {
  if (!ctx.mistakes.has("early-rounding")) return null;
  const ref = quantityOf(ctx.reference, q);
  const band = quantityOf(roundingBand(ctx.evaluated), q);
  if (ref === null || band === null || !shapesEqual(ref.shape, given.shape)) return null;
  let worst = 0;
  for (let e = 0; e < ref.data.length; e++) {
    const off = Math.abs(given.data[e]! - ref.data[e]!);
    if (off > EARLY_ROUNDING_SLACK * band.data[e]! + NOISE_FLOOR) return null;
    worst = Math.max(worst, band.data[e]!);
  }
  return {
    code: "early-rounding",
    detail: { key: "detail.early-rounding", params: { deviation: Number(worst.toPrecision(3)) } },
    value: given,
  };
}

function messageOf(ctx: DiagnosisContext, q: Quantity, c: Candidate): MessageRef {
  if (c.text !== undefined) return { key: "mistake.problem", params: { code: c.code }, text: c.text };
  const node = ctx.graph.nodes[q.node]!;
  const params: Record<string, string | number> = { node: node.id, field: q.field };
  if (q.k >= 0) params.input = ctx.graph.nodes[node.inputs[q.k]!]!.id;
  const d = c.detail.params;
  if (c.code === "local-not-chained" && q.field === "grad") {
    params.consumer = typeof d.node === "string" && d.node !== node.id ? d.node : "";
  }
  if (c.code === "missing-fanout-sum") params.count = d.count ?? 0;
  if (c.code === "wrong-log-base") params.base = c.detail.key === "detail.log2" ? 2 : 10;
  if (c.code === "mean-vs-sum") params.used = node.op.name === "mean" ? "sum" : "mean";
  return { key: `mistake.${c.code}`, params };
}

/** The first alternative that matches `given`, or null. `carried` are the values computed from the student's own entries. */
export function diagnose(ctx: DiagnosisContext, q: Quantity, given: Tensor, carried: readonly Tensor[] = []): Named | null {
  const seen: Tensor[] = [];
  const ref = quantityOf(ctx.reference, q);
  const flipped = ref !== null && !isZero(ref, ctx.tolerance) ? scale(ref, -1) : null;
  for (const c of candidates(ctx, q, carried)) {
    if (c.value === null || !shapesEqual(c.value.shape, given.shape)) continue;
    // A structural slip that lands exactly on the negated reference reads as a sign error (the simpler
    // explanation): e.g. what a subtraction sends to its second input is minus its own gradient.
    if (flipped !== null && STRUCTURAL.has(c.code) && compareValues(flipped, c.value, ctx.tolerance)) continue;
    if (distinct([...seen, c.value]).length === seen.length) continue; // already tried and did not match
    seen.push(c.value);
    if (compareValues(c.value, given, ctx.tolerance)) {
      return { diagnosis: { code: c.code, detail: c.detail }, message: messageOf(ctx, q, c) };
    }
  }
  const rounding = earlyRounding(ctx, q, given);
  if (rounding !== null) return { diagnosis: { code: rounding.code, detail: rounding.detail }, message: messageOf(ctx, q, rounding) };
  return null;
}
