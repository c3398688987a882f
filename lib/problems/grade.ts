/**
 * Grading a whole submission to a problem variant, part by part, with lib/grading: numbers and
 * vectors against the reference (named mistakes included), formulas by sampling, the student's own
 * graph by equivalence and detail, and annotations field by field with error carried forward (on the
 * reference graph, or on the graph the student built in a construction part).
 */
import crypto from "node:crypto";
import { evaluate, toNested, type EvaluatedGraph, type Graph } from "@/lib/autograd";
import { compileGraph, parseGraph, structureOf, type GraphStructure } from "@/lib/graph-lang";
import {
  checkExpression,
  checkGraphEquivalence,
  gradeAnnotations,
  gradeValue,
  type FieldResult,
  type GraphCheck,
  type ExpressionCheck,
  type ProblemAlternative,
  type Tolerance,
  type MessageRef,
  type Verdict,
  FLOAT_SLACK,
  invalidMessage,
  ownGraphCarried,
  readAnswer,
} from "@/lib/grading";
import { z } from "zod";
import { evaluateExpression } from "./expressions";
import type { Parameters } from "./parameters";
import { answerTarget, askedNodes } from "./reference";
import type { AnnotationField, LocalizedText, PartSpec } from "./schema";
import { graphInputs, type CompiledProblem, type Variant } from "./variant";
import { bannedOp } from "./load";
import { partTolerance } from "./precision";
import { requiredQuantities } from "./required";

/** A part's overall verdict. `blocked`: an annotation of the student's own graph, which is not yet equivalent and detailed. */
export type PartVerdict = Verdict | "blocked";

interface PartBase {
  id: string;
  points: number;
  /** Fraction of the part's points earned, 0..1. */
  score: number;
  verdict: PartVerdict;
}

export type PartResult =
  | (PartBase & { kind: "numeric" | "vector"; result: FieldResult })
  | (PartBase & { kind: "expression"; check: ExpressionCheck | null })
  | (PartBase & {
      kind: "graph-construction";
      check: SerializableGraphCheck | null;
      /**
       * The graph is not the problem's function but one of the problem's own mistakes (dividing by N − 1):
       * named here, and when it is detailed, the annotation part is graded on it with carried credit.
       */
      slip?: GraphSlip | null;
    })
  | (PartBase & {
      kind: "graph-annotation";
      results: FieldResult[]; /** "reference", or the id of the construction part whose graph the student annotates. */
      graph: string;
      structure: GraphStructure | null;
    });

/** A student's graph that computes one of the problem's mistakes (a `mistakes` entry with a `graph`). */
export interface GraphSlip {
  code: string;
  message: { en: string; "zh-CN"?: string };
  /** Detailed as that mistake's graph: no banned operation, and every required quantity the mistake's graph has, as a node of its own. */
  detailed: boolean;
}

/** GraphCheck without the compiled graph (results are stored as JSON). */
export type SerializableGraphCheck = Exclude<GraphCheck, { ok: true }> | (Omit<Extract<GraphCheck, { ok: true }>, "student"> & { ok: true });

/**
 * An answer that could not be read, and why: all a student is told about a submission in which any
 * answer is unreadable (it is sent back unused, so nothing else about it may be said).
 */
export type Unreadable =
  | { part: string; kind: "answer"; node: string | null; field: AnnotationField | null; from: string | null; message: MessageRef }
  | { part: string; kind: "expression"; error: Extract<ExpressionCheck, { ok: false }>["error"] }
  | {
      part: string;
      kind: "graph";
      message: string;
      line: number | null;
      column: number | null;
      /** The message by key (the check error's `ref`), for showing it in the student's language. */
      key?: string;
      params?: Readonly<Record<string, unknown>>;
    };

export interface SubmissionGrade {
  /** Fraction of the problem's points, 0..1 (before any late penalty). */
  score: number;
  parts: PartResult[];
  /** Some answer could not be read: the submission is sent back and costs no attempt. */
  invalid: boolean;
  /** What could not be read (empty when `invalid` is false). */
  unreadable: Unreadable[];
}

// --- what students submit ------------------------------------------------------------------------

const MAX_TEXT = 20_000;
const scalarOrText = z.union([z.string().max(MAX_TEXT), z.number(), z.null()]);
type Loose = string | number | null | Loose[];
const looseAnswer: z.ZodType<Loose> = z.lazy(() => z.union([scalarOrText, z.array(looseAnswer).max(10_000)]));
const annotationAnswer = z
  .object({
    nodes: z.record(
      z.string().max(100),
      z
        .object({
          value: looseAnswer.optional(),
          grad: looseAnswer.optional(),
          edges: z.record(z.string().max(100), z.object({ local: looseAnswer.optional(), downstream: looseAnswer.optional() }).strict()).optional(),
        })
        .strict(),
    ),
  })
  .strict();

/** Checks the shape of a submission's answers against the problem's parts; nothing else is trusted. */
export function answersSchema(problem: CompiledProblem) {
  const shape: Record<string, z.ZodType> = {};
  for (const part of problem.file.parts) {
    switch (part.kind) {
      case "numeric":
      case "vector":
        shape[part.id] = looseAnswer.optional();
        break;
      case "expression":
      case "graph-construction":
        shape[part.id] = z.string().max(MAX_TEXT).nullable().optional();
        break;
      case "graph-annotation":
        shape[part.id] = annotationAnswer.nullable().optional();
        break;
    }
  }
  return z.object(shape).strict();
}

export type Answers = Record<string, unknown>;

// --- alternatives from the problem's own mistakes --------------------------------------------------

function asText(t: LocalizedText): { en: string; "zh-CN"?: string } {
  return typeof t === "string" ? { en: t } : t;
}

/** The problem's mistakes, evaluated at this variant (a mistake that cannot be evaluated here is skipped). */
export function problemAlternatives(problem: CompiledProblem, variant: Variant): ProblemAlternative[] {
  const out: ProblemAlternative[] = [];
  for (const m of problem.file.mistakes) {
    try {
      let evaluated: EvaluatedGraph;
      if (m.graph !== undefined) {
        const program = parseGraph(m.graph);
        const names = new Set(program.statements.flatMap((s) => (s.kind === "input" ? s.decls.map((d) => d.name) : [])));
        const at = Object.fromEntries(Object.entries(variant.parameters).filter(([k]) => names.has(k)));
        evaluated = evaluate(compileGraph(program, { at }));
      } else {
        const changed: Parameters = { ...variant.parameters };
        for (const [name, expr] of Object.entries(m.parameters ?? {})) changed[name] = toNested(evaluateExpression(expr, variant.parameters));
        evaluated = evaluate(compileGraph(problem.program, { at: graphInputs(problem, changed) }));
      }
      out.push({ code: m.code, message: asText(m.message), evaluated });
    } catch {
      // A mistake that is undefined at this variant simply cannot be recognized here.
    }
  }
  return out;
}

// --- grading ------------------------------------------------------------------------------------

/** A stable number from the variant's seed, so sampled checks give the same verdict every time. */
function checkSeed(variant: Variant, partId: string): number {
  return crypto.createHash("sha256").update(`${variant.seed}\u0000${partId}`).digest().readUInt32LE(0) & 0x7fffffff;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

function annotationVerdict(results: readonly FieldResult[], score: number): Verdict {
  if (results.some((r) => r.verdict === "invalid")) return "invalid";
  if (results.length > 0 && results.every((r) => r.verdict === "missing")) return "missing";
  if (score >= 1 - FLOAT_SLACK) return results.some((r) => r.verdict === "carried") ? "carried" : "correct";
  return "incorrect";
}

export function gradeSubmission(problem: CompiledProblem, variant: Variant, answers: Answers): SubmissionGrade {
  const alternatives = problemAlternatives(problem, variant);
  const constructed = new Map<string, { check: GraphCheck; evaluated: EvaluatedGraph | null; slip: GraphSlip | null }>();
  const parts: PartResult[] = [];

  const gradeConstruction = (part: Extract<PartSpec, { kind: "graph-construction" }>) => {
    const cached = constructed.get(part.id);
    if (cached) return cached;
    const source = answers[part.id];
    if (isBlank(source)) return null;
    const check = checkGraphEquivalence({
      target: variant.graph,
      studentSource: String(source),
      at: graphInputs(problem, variant.parameters),
      ban: part.ban.map((b) => bannedOp(b) ?? b),
      require: requiredQuantities(problem.program, part),
      seed: checkSeed(variant, part.id),
    });
    let evaluated: EvaluatedGraph | null = null;
    let slip: GraphSlip | null = null;
    let slipGraph: Graph | null = null;
    if (check.ok && !check.equivalent) {
      const found = slipOf(problem, variant, part, String(source));
      if (found) ({ slip, student: slipGraph } = found);
    }
    const graded = check.ok && check.equivalent ? check.student : slip?.detailed ? slipGraph : null;
    if (graded) {
      try {
        evaluated = evaluate(graded);
      } catch {
        evaluated = null;
      }
    }
    const entry = { check, evaluated, slip };
    constructed.set(part.id, entry);
    return entry;
  };

  /** Where an annotation part's numbers were graded: the graph, its evaluation and the student's entries. */
  const annotated = (part: Extract<PartSpec, { kind: "graph-annotation" }>) => {
    let evaluated: EvaluatedGraph = variant.evaluated;
    let slip: GraphSlip | null = null;
    if (part.graph !== "reference") {
      const target = problem.file.parts.find((p) => p.id === part.graph) as Extract<PartSpec, { kind: "graph-construction" }>;
      const built = gradeConstruction(target);
      if (!built || !built.evaluated) return null;
      const accepted = built.check.ok && built.check.equivalent ? built.check.detailed : built.slip?.detailed === true;
      if (!accepted) return null;
      evaluated = built.evaluated;
      slip = built.slip;
    }
    const raw = answers[part.id] as { nodes?: Record<string, unknown> } | null | undefined;
    const asked = new Set(part.graph === "reference" ? askedNodes(evaluated, part) : evaluated.nodes.filter((n) => n.op !== "const").map((n) => n.id));
    const entries = Object.fromEntries(Object.entries(raw?.nodes ?? {}).filter(([id]) => asked.has(id))) as Record<string, Record<string, unknown>>;
    return { evaluated, asked, entries, slip };
  };

  /**
   * A single answer that is a number of a graph the student annotated in another part (∂s/∂x1 asked
   * again on its own, the loss at the graph's output): graded as that field of their annotation, so it is
   * carried when it follows from their own earlier entries there, with the same anti-gaming rules.
   */
  const carriedAcrossParts = (node: string, field: "value" | "grad", raw: unknown, tolerance: Tolerance): { result: FieldResult; credit: number } | null => {
    for (const part of problem.file.parts) {
      if (part.kind !== "graph-annotation") continue;
      const on = annotated(part);
      if (!on) continue;
      // On the student's own graph only the inputs and the output are the same quantities as the reference's.
      let id = node;
      if (part.graph !== "reference") {
        if (field === "value" && node === variant.evaluated.outputId) id = on.evaluated.outputId;
        else if (!(field === "grad" && on.evaluated.graph.inputNodes().some((n) => n.id === node))) continue;
      }
      if (!on.evaluated.graph.has(id) || (field === "grad" && on.evaluated.grad(id) === null)) continue;
      const entries = { ...on.entries, [id]: { ...(on.entries[id] ?? {}), [field]: raw } };
      const outcome = gradeAnnotations({
        evaluated: on.evaluated,
        entries,
        fields: part.fields,
        also: [{ node: id, field }],
        tolerance: partTolerance(problem.file, part) ?? tolerance,
        carriedCredit: part.carried,
        alternatives: part.graph === "reference" ? alternatives : [],
      });
      const found = outcome.results.find((r) => r.node === id && r.field === field && r.from === null);
      const result = found && on.slip ? onSlip(found, on.slip, part.carried) : found;
      if (result && (result.verdict === "carried" || result.verdict === "correct")) return { result: { ...result, node }, credit: result.credit };
    }
    return null;
  };

  for (const part of problem.file.parts) {
    const tolerance = partTolerance(problem.file, part) ?? undefined;
    const base = { id: part.id, points: part.points };
    switch (part.kind) {
      case "numeric":
      case "vector": {
        const { node, field } = answerTarget(problem, part);
        const raw = answers[part.id];
        let result: FieldResult;
        if (field === "grad") {
          // A gradient asked as one answer: grade it as that node's grad field of the reference graph.
          const entries = isBlank(raw) ? {} : { [node]: { grad: raw } };
          const outcome = gradeAnnotations({ evaluated: variant.evaluated, entries, fields: ["grad"], tolerance, alternatives });
          result = outcome.results.find((r) => r.node === node && r.field === "grad")!;
        } else {
          result = gradeValue({
            evaluated: variant.evaluated,
            nodeId: node,
            ...(typeof raw === "string" ? { answerText: raw } : { value: raw }),
            tolerance,
            alternatives,
          });
        }
        let score = result.verdict === "correct" ? 1 : 0;
        if (result.verdict === "incorrect") {
          const carried = carriedAcrossParts(node, field, raw, tolerance!);
          if (carried) {
            result = carried.result;
            score = carried.credit;
          }
        }
        parts.push({ ...base, kind: part.kind, score, verdict: result.verdict, result });
        break;
      }
      case "expression": {
        const given = answers[part.id];
        if (isBlank(given)) {
          parts.push({ ...base, kind: "expression", score: 0, verdict: "missing", check: null });
          break;
        }
        const domain: Record<string, [number, number]> = Object.fromEntries(part.variables.map((v) => [v, part.domain?.[v] ?? ([-2, 2] as [number, number])]));
        const check = checkExpression({
          expected: part.expected,
          given: String(given),
          domain,
          samples: part.samples ?? 20,
          seed: checkSeed(variant, part.id),
        });
        const verdict: Verdict = !check.ok ? (check.error.which === "given" ? "invalid" : "incorrect") : check.equivalent ? "correct" : "incorrect";
        parts.push({ ...base, kind: "expression", score: verdict === "correct" ? 1 : 0, verdict, check });
        break;
      }
      case "graph-construction": {
        const built = gradeConstruction(part);
        if (!built) {
          parts.push({ ...base, kind: "graph-construction", score: 0, verdict: "missing", check: null });
          break;
        }
        const { check, slip } = built;
        const score = !check.ok ? 0 : check.equivalent && check.detailed ? 1 : check.equivalent ? 0.5 : 0;
        const verdict: Verdict = !check.ok ? (check.error.source === "student" ? "invalid" : "incorrect") : score === 1 ? "correct" : "incorrect";
        const { student: _student, ...serializable } = check.ok ? check : { ...check, student: null };
        parts.push({ ...base, kind: "graph-construction", score, verdict, check: serializable, ...(slip ? { slip } : {}) });
        break;
      }
      case "graph-annotation": {
        const on = annotated(part);
        if (!on) {
          parts.push({ ...base, kind: "graph-annotation", score: 0, verdict: "blocked", results: [], graph: part.graph, structure: null });
          break;
        }
        const { evaluated, asked } = on;
        const structure: GraphStructure | null = part.graph === "reference" ? null : structureOf(evaluated.graph);
        const outcome = gradeAnnotations({
          evaluated,
          entries: on.entries,
          fields: part.fields,
          tolerance,
          carriedCredit: part.carried,
          alternatives: part.graph === "reference" ? alternatives : [],
        });
        const results = outcome.results.filter((r) => asked.has(r.node)).map((r) => (on.slip ? onSlip(r, on.slip, part.carried) : r));
        const score = results.length ? results.reduce((s, r) => s + r.credit, 0) / results.length : 0;
        parts.push({ ...base, kind: "graph-annotation", score, verdict: annotationVerdict(results, score), results, graph: part.graph, structure });
        break;
      }
    }
  }

  const total = parts.reduce((s, p) => s + p.points, 0);
  const score = total ? parts.reduce((s, p) => s + p.points * p.score, 0) / total : 0;
  const unreadable = unreadableOf(parts, answers);
  return { score, parts, invalid: unreadable.length > 0, unreadable };
}

/**
 * The problem's mistake the student's graph computes, if any: the first `mistakes` entry with a graph
 * that the student's graph is equivalent to (at the problem's point and around it), and whether it is
 * detailed as that graph is (the part's bans, and the part's required quantities that the mistake's
 * graph computes too). Only the problem's own mistakes count: an arbitrary different function, or a
 * shortcut, leaves the annotation part blocked.
 */
function slipOf(
  problem: CompiledProblem,
  variant: Variant,
  part: Extract<PartSpec, { kind: "graph-construction" }>,
  source: string,
): { slip: GraphSlip; student: Graph } | null {
  const required = requiredQuantities(problem.program, part);
  for (const m of problem.file.mistakes) {
    if (m.graph === undefined) continue;
    let target: Graph;
    try {
      const program = parseGraph(m.graph);
      const names = new Set(program.statements.flatMap((s) => (s.kind === "input" ? s.decls.map((d) => d.name) : [])));
      const at = Object.fromEntries(Object.entries(graphInputs(problem, variant.parameters)).filter(([k]) => names.has(k)));
      target = compileGraph(program, { at });
    } catch {
      continue;
    }
    const computed = new Set(target.nodes.filter((n) => n.op.kind !== "leaf").map((n) => n.id));
    let check: GraphCheck;
    try {
      check = checkGraphEquivalence({
        target,
        studentSource: source,
        ban: part.ban.map((b) => bannedOp(b) ?? b),
        require: required.filter((q) => computed.has(q.node)),
        seed: checkSeed(variant, `${part.id}\u0000${m.code}`),
      });
    } catch {
      continue;
    }
    if (check.ok && check.equivalent) return { slip: { code: m.code, message: asText(m.message), detailed: check.detailed }, student: check.student };
  }
  return null;
}

/**
 * A field graded on a graph that computes one of the problem's mistakes: right for that graph is right
 * given the student's own earlier mistake (the graph), so it earns carried credit, never full marks by
 * itself, and says so, naming the mistake.
 */
function onSlip(r: FieldResult, slip: GraphSlip, carriedCredit: number): FieldResult {
  if (r.verdict !== "correct") return r;
  return {
    ...r,
    verdict: "carried",
    credit: Math.min(r.credit, carriedCredit),
    message: { key: "carried-own-graph", params: {}, text: ownGraphCarried(slip.message) },
  };
}

/** Every entry of an annotation answer that cannot be read, whatever graph it belongs to. */
function unreadableEntries(partId: string, raw: unknown): Unreadable[] {
  const out: Unreadable[] = [];
  const nodes = (raw as { nodes?: Record<string, Record<string, unknown>> } | null | undefined)?.nodes ?? {};
  const check = (node: string, field: AnnotationField, from: string | null, value: unknown) => {
    const read = readAnswer(value);
    if (read.status === "invalid") out.push({ part: partId, kind: "answer", node, field, from, message: invalidMessage(read.error) });
  };
  for (const [node, entry] of Object.entries(nodes)) {
    check(node, "value", null, entry.value);
    check(node, "grad", null, entry.grad);
    for (const [from, edge] of Object.entries((entry.edges ?? {}) as Record<string, Record<string, unknown>>)) {
      check(node, "local", from, edge.local);
      check(node, "downstream", from, edge.downstream);
    }
  }
  return out;
}

/** What could not be read in a graded submission: the unreadable fields and why, nothing about the rest. */
function unreadableOf(parts: readonly PartResult[], answers: Answers): Unreadable[] {
  const out: Unreadable[] = [];
  for (const p of parts) {
    switch (p.kind) {
      case "numeric":
      case "vector":
        if (p.result.verdict === "invalid") out.push({ part: p.id, kind: "answer", node: null, field: null, from: null, message: p.result.message });
        break;
      case "expression":
        if (p.check && !p.check.ok && p.check.error.which === "given") out.push({ part: p.id, kind: "expression", error: p.check.error });
        break;
      case "graph-construction":
        if (p.check && !p.check.ok && p.check.error.source === "student") {
          const { message, line, column, ref } = p.check.error;
          out.push({ part: p.id, kind: "graph", message, line, column, ...(ref ? { key: ref.key, params: ref.params } : {}) });
        }
        break;
      case "graph-annotation":
        if (p.verdict === "blocked") out.push(...unreadableEntries(p.id, answers[p.id]));
        else {
          for (const r of p.results) {
            if (r.verdict === "invalid") out.push({ part: p.id, kind: "answer", node: r.node, field: r.field, from: r.from, message: r.message });
          }
        }
        break;
    }
  }
  return out;
}
