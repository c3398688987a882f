/**
 * The reference answer of every part of a variant: what the grader compares against, what staff
 * preview, and what students see once the release policy allows. Nothing here may reach a student's
 * browser before then (the pages decide; this module only computes).
 */
import { toEvalJson, toNested, type EvalJsonNode, type EvaluatedGraph, type NestedNumbers } from "@/lib/autograd";
import type { AnnotationField, PartSpec } from "./schema";
import type { CompiledProblem, Variant } from "./variant";

/** An annotation answer: per node its value and gradient, per edge its local and downstream. */
export interface AnnotationAnswer {
  nodes: Record<string, { value?: unknown; grad?: unknown; edges?: Record<string, { local?: unknown; downstream?: unknown }> }>;
}

export type ReferenceAnswer =
  | { kind: "numeric" | "vector"; value: NestedNumbers }
  | { kind: "expression"; expression: string }
  | { kind: "graph-construction"; graph: string; nodes: EvalJsonNode[] }
  | { kind: "graph-annotation"; answer: AnnotationAnswer; nodes: EvalJsonNode[] };

/** The node a numeric or vector part asks about, and which of its numbers. */
export function answerTarget(problem: CompiledProblem, part: Extract<PartSpec, { kind: "numeric" | "vector" }>): { node: string; field: "value" | "grad" } {
  return { node: part.answer.node ?? problem.program.statements.findLast((s) => s.kind === "output")?.name ?? outputOf(problem), field: part.answer.field };
}

function outputOf(problem: CompiledProblem): string {
  const last = problem.program.statements.findLast((s) => s.kind === "assign");
  return last && last.kind === "assign" ? last.name : "";
}

/** The nodes an annotation part asks about: the listed ones, or every node but constants. */
export function askedNodes(evaluated: EvaluatedGraph, part: Extract<PartSpec, { kind: "graph-annotation" }>): string[] {
  if (part.nodes) return part.nodes;
  return evaluated.nodes.filter((n) => n.op !== "const").map((n) => n.id);
}

/** The reference entries of an evaluated graph for the asked nodes and fields. */
export function annotationOf(evaluated: EvaluatedGraph, nodes: readonly string[], fields: readonly AnnotationField[]): AnnotationAnswer {
  const out: AnnotationAnswer = { nodes: {} };
  for (const id of nodes) {
    const n = evaluated.node(id);
    const entry: AnnotationAnswer["nodes"][string] = {};
    if (fields.includes("value")) entry.value = toNested(n.value);
    if (fields.includes("grad")) entry.grad = n.grad ? toNested(n.grad) : null;
    if (fields.includes("local") || fields.includes("downstream")) {
      entry.edges = {};
      for (const e of n.edges) {
        const edge: { local?: unknown; downstream?: unknown } = {};
        if (fields.includes("local")) edge.local = e.local ? toNested(e.local) : null;
        if (fields.includes("downstream")) edge.downstream = e.downstream ? toNested(e.downstream) : null;
        entry.edges[e.from] = edge;
      }
    }
    out.nodes[id] = entry;
  }
  return out;
}

export function referenceAnswer(problem: CompiledProblem, variant: Variant, part: PartSpec): ReferenceAnswer {
  const { evaluated } = variant;
  switch (part.kind) {
    case "numeric":
    case "vector": {
      const { node, field } = answerTarget(problem, part);
      const t = field === "grad" ? evaluated.grad(node) : evaluated.value(node);
      if (!t) throw new Error(`part "${part.id}": node "${node}" has no gradient`);
      return { kind: part.kind, value: toNested(t) };
    }
    case "expression":
      return { kind: "expression", expression: part.expected };
    case "graph-construction":
      return { kind: "graph-construction", graph: problem.file.graph, nodes: toEvalJson(evaluated).nodes };
    case "graph-annotation":
      return { kind: "graph-annotation", answer: annotationOf(evaluated, askedNodes(evaluated, part), part.fields), nodes: toEvalJson(evaluated).nodes };
  }
}

/** The reference answers of all parts, keyed by part id, in the shape students submit them. */
export function referenceSubmission(problem: CompiledProblem, variant: Variant): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of problem.file.parts) {
    const ref = referenceAnswer(problem, variant, part);
    switch (ref.kind) {
      case "numeric":
      case "vector":
        out[part.id] = ref.value;
        break;
      case "expression":
        out[part.id] = ref.expression;
        break;
      case "graph-construction":
        out[part.id] = ref.graph;
        break;
      case "graph-annotation":
        out[part.id] = ref.answer;
        break;
    }
  }
  return out;
}
