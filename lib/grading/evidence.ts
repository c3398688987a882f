/**
 * What the student's own entries say about an explanation of a wrong entry. A mistake is not imagined at
 * a step the student wrote down: an operation swap at a node whose value they wrote as the original
 * operation's, or a whole-graph alternative from the first step where they wrote the reference's number
 * and it has another, does not explain what comes after; a swap whose forward value they did write is
 * confirmed by it.
 */
import { type Graph, type Operation, type Tensor, shapesEqual } from "../autograd";
import type { DiagnosisContext } from "./diagnosis-context";
import type { WholeGraphAlternative } from "./alternatives";
import { compareValues } from "./tolerance";
import { OPERATION_VARIANTS, type OperationVariant, changesForward } from "./variants";
import { type Quantity, attempt, forwardOf, quantityOf } from "./work";

/** Where a quantity comes in the student's work: forward values and local derivatives, then gradients from the output down. */
export function stepOf(graph: Graph, q: Quantity): number {
  const n = graph.nodes.length;
  if (q.field === "value") return 2 * q.node;
  if (q.field === "local") return 2 * q.node + 1;
  return 2 * n + 2 * (n - 1 - q.node) + (q.field === "downstream" ? 1 : 0);
}

/**
 * The first step at which the student's own entry is the reference's number where the alternative's is
 * another: from there on, the alternative contradicts what they wrote (Infinity when it never does).
 */
export function contradictedFrom(ctx: DiagnosisContext, alt: WholeGraphAlternative): number {
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

/** The student's own value at node m compared with the forward values of the original operation and of a variant. */
function ownValue(ctx: DiagnosisContext, m: number) {
  const own = ctx.given?.({ field: "value", node: m, k: -1 }) ?? null;
  if (own === null) return null;
  const { graph, reference, tolerance } = ctx;
  const work = ctx.student ?? reference;
  const node = graph.nodes[m]!;
  const ins = node.inputs.map((j) => work.value[j] ?? reference.value[j]!);
  const agrees = (t: Tensor | null | undefined) => t != null && shapesEqual(t.shape, own.shape) && compareValues(t, own, tolerance);
  return {
    original: agrees(forwardOf(node.op as Operation, ins)) || agrees(reference.value[m]),
    swapped: (v: OperationVariant) => agrees(attempt(() => v.operation(node, graph).forward(ins))),
    node,
  };
}

/**
 * Whether the student's own forward value at the variant's nodes says they did not make it: a swap that
 * changes the forward value is contradicted by a value they wrote that is the original operation's; a slip
 * in a derivative alone is contradicted by a value they wrote that another swap explains (a mean whose
 * value they gave as the sum summed, rather than dropped the 1/N from its gradient).
 */
export function contradicted(ctx: DiagnosisContext, variant: OperationVariant, nodes: readonly number[]): boolean {
  return nodes.some((m) => {
    const own = ownValue(ctx, m);
    if (own === null) return false;
    if (changesForward(variant)) return own.original && !own.swapped(variant);
    return !own.original && OPERATION_VARIANTS.some((v) => v !== variant && changesForward(v) && v.applies(own.node, ctx.graph) && own.swapped(v));
  });
}

/** Whether the student's own forward value at one of the nodes is the swapped operation's (a swap they visibly made). */
export function confirmed(ctx: DiagnosisContext, code: string, nodes: readonly number[]): boolean {
  const variant = OPERATION_VARIANTS.find((v) => v.code === code && changesForward(v));
  if (variant === undefined) return false;
  return nodes.some((m) => {
    const own = ownValue(ctx, m);
    return own !== null && !own.original && own.swapped(variant);
  });
}
