/**
 * Grading an annotated graph field by field, with error carried forward.
 *
 * The student's work is replayed in the order they did it (work.ts): each asked field's entry stands for
 * that number from then on, a blank or unreadable entry is replaced by the reference, and a field that
 * was not asked is recomputed from the numbers before it. An entry is
 *
 * - `correct` when it matches the reference, or when it matches what follows from the student's own
 *   earlier entries and those were all correct (their rounding carried along);
 * - `carried` when it is wrong against the reference but matches what follows from the student's own
 *   earlier entries: the operation's `forward` at their input values; its `local` at their values; their
 *   upstream gradient times their local derivative (the `vjp` for operations that are not elementwise);
 *   the sum of what they sent back along every consumer edge. It earns `carriedCredit` (default 1);
 * - otherwise `incorrect` (with the mistake named when an alternative computation matches), `missing`
 *   or `invalid`.
 *
 * Anti-gaming: a carried entry earns nothing, and is `incorrect`, when a wrong earlier entry made the
 * step trivial: (1) zeroing: it is zero (within the tolerance) where the reference is not, and one of
 * the earlier entries it follows from is a wrong zero (where that entry's reference is not zero), as
 * when an output gradient of 0 zeroes everything below it; or (2) copying: it equals a wrong earlier
 * entry it follows from (a value from a value, a gradient from a gradient) although the reference
 * changes across that step, and one of the entries it follows from is a wrong 0 or 1 (where that
 * entry's reference is not), the neutral number that turned the step into a copy (a factor x = 1 makes
 * ∂(w·x)/∂w = 1; a term a = 0 makes a + b = b). "Follows from" means the nearest entries the student gave on the path of the
 * computation (through fields that were not asked).
 */
import { z } from "zod";
import { type EvaluatedGraph, type Graph, type Tensor, shapesEqual, toNested } from "../autograd";
import { type ProblemAlternative, problemAlternatives } from "./alternatives";
import type { AnswerLimits } from "./answer-language";
import type { AnswerSheet } from "./answer-sheet";
import { type DiagnosisContext, diagnose } from "./diagnose";
import { formatTensor, shapeParam } from "./format";
import { MISTAKE_CODES } from "./mistakes";
import { precisionMessage, statesFewerDigits, tooFewDigits } from "./precision";
import { type ReadAnswer, givenJson, invalidMessage, readAnswer } from "./raw-answer";
import { DEFAULT_TOLERANCE, type Tolerance, ToleranceSchema, compareValues, isZero, numbersAgree } from "./tolerance";
import { FIELDS, type Field, type FieldResult, type MessageRef, type Verdict } from "./verdict";
import { type PropagateHooks, type Quantity, type Work, propagate, quantityOf, referenceWork } from "./work";

export const GradeOptionsSchema = z
  .object({
    fields: z.array(z.enum(FIELDS)).min(1).default(["value", "grad"]),
    tolerance: ToleranceSchema.default(DEFAULT_TOLERANCE),
    carriedCredit: z.number().min(0).max(1).default(1),
    weights: z.partialRecord(z.enum(FIELDS), z.number().nonnegative()).default({}),
  })
  .strict();

export interface GradeAnnotationsInput {
  /** The reference graph; defaults to `evaluated.graph` (and must be it when given). */
  readonly graph?: Graph;
  readonly evaluated: EvaluatedGraph;
  readonly entries: AnswerSheet;
  /** The fields the part asks for (default value and grad). */
  readonly fields?: readonly Field[];
  readonly tolerance?: Tolerance;
  /** Credit for a carried entry, 0..1 (default 1: the original mistake costs once). */
  readonly carriedCredit?: number;
  /** Weight of each field in the score (default 1 each). */
  readonly weights?: Partial<Record<Field, number>>;
  /** The problem's own mistakes, tried before the built-in ones. */
  readonly alternatives?: readonly ProblemAlternative[];
  readonly limits?: Partial<AnswerLimits>;
  /** Node fields asked besides `fields` (e.g. one input's gradient asked again in another part). */
  readonly also?: readonly { readonly node: string; readonly field: "value" | "grad" }[];
}

export interface GradeOutcome {
  /** Weighted share of credit over all results, 0..1. */
  readonly score: number;
  /** One per asked field of every node except const nodes, in topological order. */
  readonly results: FieldResult[];
}

interface Asked {
  readonly q: Quantity;
  readonly read: ReadAnswer;
}

const keyOf = (q: Quantity) => `${q.field}:${q.node}:${q.k}`;
/** Every element within the tolerance of c. */
function isConstant(t: Tensor, c: number, tol: Tolerance): boolean {
  return t.data.every((x) => numbersAgree(c, x, tol));
}
const groupOf = (field: Field) => (field === "value" ? "value" : "gradient");
/** How many earlier entries are remembered as the sources of one number (for the copy rule). */
const MAX_SOURCES = 16;

function entryOf(entries: AnswerSheet, id: string, field: Field, from: string | null): unknown {
  const own = (o: object | undefined, k: string): unknown =>
    o !== undefined && Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined;
  const node = own(entries, id) as Record<string, unknown> | undefined;
  if (node === undefined) return undefined;
  if (from === null) return own(node, field);
  return own(own(node, "edges") as object | undefined, from) === undefined ? undefined : own(own(own(node, "edges") as object, from) as object, field);
}

/** The asked fields, in result order: per node, value, grad, then each edge's local and downstream. */
function askedFields(
  graph: Graph,
  reference: Work,
  fields: ReadonlySet<Field>,
  entries: AnswerSheet,
  limits?: Partial<AnswerLimits>,
  also: readonly { readonly node: string; readonly field: "value" | "grad" }[] = [],
): Asked[] {
  const asked: Asked[] = [];
  const ask = (q: Quantity) => {
    const node = graph.nodes[q.node]!;
    const from = q.k >= 0 ? graph.nodes[node.inputs[q.k]!]!.id : null;
    asked.push({ q, read: readAnswer(entryOf(entries, node.id, q.field, from), limits) });
  };
  const extra = (id: string, field: Field) => also.some((a) => a.node === id && a.field === field);
  graph.nodes.forEach((node, i) => {
    if (node.op.name === "const") return;
    if (fields.has("value") || extra(node.id, "value")) ask({ field: "value", node: i, k: -1 });
    if ((fields.has("grad") || extra(node.id, "grad")) && reference.grad[i] != null) ask({ field: "grad", node: i, k: -1 });
    node.inputs.forEach((j, k) => {
      if (graph.nodes[j]!.op.name === "const") return;
      if (fields.has("local") && reference.local[i]![k] != null) ask({ field: "local", node: i, k });
      if (fields.has("downstream") && reference.downstream[i]![k] != null) ask({ field: "downstream", node: i, k });
    });
  });
  return asked;
}

interface Pending {
  readonly asked: Asked;
  verdict: Verdict;
  message: MessageRef;
  carried: Tensor | null;
  candidates: readonly Tensor[];
  /** Incorrect and worth trying to name (not a denied carry). */
  diagnosable: boolean;
}

export function gradeAnnotations(input: GradeAnnotationsInput): GradeOutcome {
  const { evaluated } = input;
  const graph = input.graph ?? evaluated.graph;
  if (graph !== evaluated.graph) throw new RangeError("gradeAnnotations: `evaluated` is not an evaluation of `graph`");
  const options = GradeOptionsSchema.parse({
    fields: input.fields === undefined ? undefined : [...new Set(input.fields)],
    tolerance: input.tolerance,
    carriedCredit: input.carriedCredit,
    weights: input.weights,
  });
  const reference = referenceWork(evaluated);
  const asked = askedFields(graph, reference, new Set(options.fields), input.entries, input.limits, input.also);
  const sheet = new CarriedSheet(graph, reference, asked, options.tolerance);
  const student = propagate(graph, reference, sheet);

  const ctx: DiagnosisContext = {
    graph,
    evaluated,
    reference,
    student,
    tolerance: options.tolerance,
    problem: problemAlternatives(graph, input.alternatives ?? []),
    mistakes: new Set(MISTAKE_CODES),
    given: (q) => {
      const t = sheet.entryValues.get(keyOf(q));
      return t !== undefined && shapesEqual(t.shape, quantityOf(reference, q)!.shape) ? t : null;
    },
  };
  const shortCtx: DiagnosisContext = { ...ctx, mistakes: new Set(MISTAKE_CODES.filter((m) => m !== "early-rounding")) };
  const weight = (f: Field) => options.weights[f] ?? 1;
  let earned = 0;
  let total = 0;
  const results = asked.map(({ q, read }): FieldResult => {
    const p = sheet.pending.get(keyOf(q))!;
    const node = graph.nodes[q.node]!;
    const { diagnosis, message } = p.diagnosable && read.status === "given" ? named(ctx, shortCtx, q, read, p) : { diagnosis: null, message: p.message };
    const credit = p.verdict === "correct" ? 1 : p.verdict === "carried" ? options.carriedCredit : 0;
    earned += weight(q.field) * credit;
    total += weight(q.field);
    return {
      node: node.id,
      field: q.field,
      from: q.k >= 0 ? graph.nodes[node.inputs[q.k]!]!.id : null,
      verdict: p.verdict,
      expected: toNested(quantityOf(reference, q)!),
      given: givenJson(read),
      carriedExpected: p.carried === null ? null : toNested(p.carried),
      diagnosis,
      message,
      credit,
    };
  });
  return { score: total === 0 ? 0 : earned / total, results };
}

/** The mistake behind an incorrect entry, or the message it keeps (a precision hint when it is short of digits). */
function named(
  ctx: DiagnosisContext,
  shortCtx: DiagnosisContext,
  q: Quantity,
  read: Extract<ReadAnswer, { status: "given" }>,
  p: Pending,
): { diagnosis: FieldResult["diagnosis"]; message: MessageRef } {
  const tol = ctx.tolerance;
  // Too few digits to tell early rounding from a right answer rounded too far: not named.
  const short = statesFewerDigits(read.stated, tol);
  const found = diagnose(short ? shortCtx : ctx, q, read.value, p.candidates);
  if (found !== null) return { diagnosis: found.diagnosis, message: found.message };
  if (short) {
    // Short of digits against the reference or what follows from their own numbers: said as such.
    const ref = quantityOf(ctx.reference, q)!;
    if ([ref, ...p.candidates].some((c) => shapesEqual(c.shape, read.value.shape) && tooFewDigits(c, read.value, read.stated, tol))) {
      return { diagnosis: null, message: precisionMessage(tol) };
    }
  }
  return { diagnosis: null, message: p.message };
}

/**
 * The sheet as the walk settles it, step by step: each asked entry gets its verdict (correct, carried
 * from the student's own earlier numbers, or incorrect), and the number that stands for the steps after
 * it (the student's entry where readable, the reference otherwise). For each quantity it also keeps
 * whether everything it was computed from was right, and which asked entries it was computed from.
 */
class CarriedSheet implements PropagateHooks {
  readonly pending = new Map<string, Pending>();
  readonly entryValues = new Map<string, Tensor>();
  private readonly right = new Map<string, boolean>();
  private readonly sources = new Map<string, string[]>();
  /** For a carried entry, the wrong entry its chain of carried numbers started from. */
  private readonly origins = new Map<string, string>();
  private readonly askedByKey: ReadonlyMap<string, Asked>;

  constructor(
    private readonly graph: Graph,
    private readonly reference: Work,
    asked: readonly Asked[],
    private readonly tol: Tolerance,
  ) {
    this.askedByKey = new Map(asked.map((a) => [keyOf(a.q), a]));
  }

  settle(q: Quantity, candidates: readonly Tensor[], deps: readonly Quantity[]): Tensor | null {
    const { right, sources } = this;
    const key = keyOf(q);
    const depsRight = deps.every((d) => right.get(keyOf(d)) ?? true);
    const depSources = [...new Set(deps.flatMap((d) => sources.get(keyOf(d)) ?? []))].slice(0, MAX_SOURCES);
    const a = this.askedByKey.get(key);
    if (a === undefined) {
      right.set(key, depsRight && candidates.length > 0);
      sources.set(key, depSources);
      return candidates[0] ?? null;
    }
    const ref = quantityOf(this.reference, q)!;
    const record = (verdict: Verdict, message: MessageRef, extra: Partial<Pending> = {}) =>
      this.pending.set(key, { asked: a, verdict, message, carried: null, candidates, diagnosable: false, ...extra });
    const read = a.read;
    if (read.status !== "given") {
      right.set(key, true);
      sources.set(key, []);
      if (read.status === "missing") record("missing", { key: "missing", params: {} });
      else record("invalid", invalidMessage(read.error));
      return ref;
    }
    const given = read.value;
    this.entryValues.set(key, given);
    sources.set(key, [key]);
    if (!shapesEqual(ref.shape, given.shape)) {
      right.set(key, false);
      // Still diagnosable: a matrix given transposed has the transposed shape.
      record(
        "incorrect",
        { key: "incorrect-shape", params: { expectedShape: shapeParam(ref.shape), givenShape: shapeParam(given.shape) } },
        { diagnosable: true },
      );
      return ref;
    }
    if (compareValues(ref, given, this.tol)) {
      right.set(key, true);
      record("correct", { key: "correct", params: {} });
      return given;
    }
    const carried = candidates.find((c) => shapesEqual(c.shape, given.shape) && compareValues(c, given, this.tol)) ?? null;
    right.set(key, carried !== null && depsRight);
    if (carried === null) record("incorrect", { key: "incorrect", params: {} }, { diagnosable: true });
    else if (depsRight) record("correct", { key: "correct-propagated", params: {} });
    else {
      const [verdict, message, origin] = this.carriedVerdict(q, given, ref, carried, depSources);
      if (origin !== null) this.origins.set(key, origin);
      record(verdict, message, { carried });
    }
    return given;
  }

  /**
   * An entry that follows from the student's own wrong numbers earns carried credit, unless the earlier
   * mistake did the work: it made this step a zero, or (through a wrong 0 or 1) a copy of a wrong entry.
   * A carried message names the wrong entry it follows from (through carried ones, the first wrong one
   * of the chain), returned third so the entries carried on from this one name it too.
   */
  private carriedVerdict(q: Quantity, given: Tensor, ref: Tensor, carried: Tensor, depSources: readonly string[]): [Verdict, MessageRef, string | null] {
    const tol = this.tol;
    const wrongSources = depSources.flatMap((s) => {
      const w = this.wrongSource(s);
      return w === null ? [] : [{ s, ...w }];
    });
    const zeroed = wrongSources.some((w) => isZero(w.sv, tol) && !isZero(w.sref, tol));
    if (zeroed && isZero(carried, tol) && !isZero(ref, tol)) return ["incorrect", { key: "no-carry-zero", params: {} }, null];
    // A wrong 0 or 1 (the neutral numbers of + and ×) where the reference has something else turns a
    // step into a copy; only then is an entry equal to a wrong earlier one called copied, not by chance.
    const neutralized = wrongSources.some((w) => [0, 1].some((c) => isConstant(w.sv, c, tol) && !isConstant(w.sref, c, tol)));
    const copied = !neutralized
      ? undefined
      : wrongSources.find(
          (w) =>
            groupOf(w.sq.field) === groupOf(q.field) &&
            shapesEqual(w.sv.shape, given.shape) &&
            compareValues(w.sv, given, tol) &&
            !(shapesEqual(w.sref.shape, ref.shape) && compareValues(w.sref, ref, tol)),
        );
    if (copied !== undefined) {
      const sq = copied.sq;
      const sn = this.graph.nodes[sq.node]!;
      const source = sq.k < 0 ? `${sn.id} (${sq.field})` : `${this.graph.nodes[sn.inputs[sq.k]!]!.id} → ${sn.id} (${sq.field})`;
      return ["incorrect", { key: "no-carry-copied", params: { source } }, null];
    }
    const first = wrongSources[0];
    if (first === undefined) return ["carried", { key: "carried", params: { carried: formatTensor(carried) } }, null];
    const origin = this.origins.get(first.s) ?? first.s;
    const oq = this.askedByKey.get(origin)!.q;
    const on = this.graph.nodes[oq.node]!;
    const node = oq.k < 0 ? on.id : `${this.graph.nodes[on.inputs[oq.k]!]!.id} → ${on.id}`;
    return ["carried", { key: "carried-from", params: { carried: formatTensor(carried), node, field: oq.field } }, origin];
  }

  /** An earlier asked entry the student got wrong: its quantity, their number and the reference's. */
  private wrongSource(s: string): { sq: Quantity; sv: Tensor; sref: Tensor } | null {
    const sq = this.askedByKey.get(s)!.q;
    const sv = this.entryValues.get(s);
    const sref = quantityOf(this.reference, sq);
    return this.right.get(s) === false && sv !== undefined && sref !== null ? { sq, sv, sref } : null;
  }
}
