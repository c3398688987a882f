/**
 * Grading one answer box: the loss, a named node's value, a vector. The verdict is correct, incorrect,
 * missing or invalid (there is no chain to carry an error along), and an incorrect answer is checked
 * against the problem's alternatives and the built-in mistakes that make sense for a value:
 * wrong-log-base, mean-vs-sum, no-softmax, transposed, sign-flip and early-rounding.
 */
import { type EvaluatedGraph, type Graph, type Tensor, shapesEqual, toNested } from "../autograd";
import { type ProblemAlternative, problemAlternatives } from "./alternatives";
import type { AnswerLimits } from "./answer-language";
import { type DiagnosisContext, diagnose } from "./diagnose";
import { shapeParam } from "./format";
import { type MistakeCode, VALUE_MISTAKES } from "./mistakes";
import { precisionMessage, statesFewerDigits, tooFewDigits } from "./precision";
import { type ReadAnswer, givenJson, invalidMessage, readAnswer } from "./raw-answer";
import { DEFAULT_TOLERANCE, type Tolerance, ToleranceSchema, compareValues } from "./tolerance";
import type { FieldResult, MessageRef } from "./verdict";
import { referenceWork } from "./work";

export interface GradeValueInput {
  readonly graph?: Graph;
  readonly evaluated: EvaluatedGraph;
  /** The node whose value is asked (default: the graph's output). */
  readonly nodeId?: string;
  /** What the student typed, in the answer language... */
  readonly answerText?: string;
  /** ...or a number, a (nested) array, or a tensor. */
  readonly value?: unknown;
  readonly tolerance?: Tolerance;
  readonly alternatives?: readonly ProblemAlternative[];
  readonly limits?: Partial<AnswerLimits>;
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === "object" && v !== null && (v as Tensor).data instanceof Float64Array && Array.isArray((v as Tensor).shape);
}

export function gradeValue(input: GradeValueInput): FieldResult {
  const { evaluated } = input;
  const graph = input.graph ?? evaluated.graph;
  if (graph !== evaluated.graph) throw new RangeError("gradeValue: `evaluated` is not an evaluation of `graph`");
  const tol = ToleranceSchema.parse(input.tolerance ?? DEFAULT_TOLERANCE);
  const node = input.nodeId === undefined ? graph.output : graph.node(input.nodeId);
  const expected = evaluated.value(node.id);
  const raw = input.answerText !== undefined ? input.answerText : input.value;
  const read: ReadAnswer = isTensor(raw) ? { status: "given", raw: toNested(raw), value: raw } : readAnswer(raw, input.limits);
  const base = { node: node.id, field: "value" as const, from: null, expected: toNested(expected), given: givenJson(read), carriedExpected: null };
  const result = (verdict: FieldResult["verdict"], message: MessageRef, diagnosis: FieldResult["diagnosis"] = null): FieldResult => ({
    ...base,
    verdict,
    diagnosis,
    message,
    credit: verdict === "correct" ? 1 : 0,
  });
  if (read.status === "missing") return result("missing", { key: "missing", params: {} });
  if (read.status === "invalid") return result("invalid", invalidMessage(read.error));
  const given = read.value;
  const context = (mistakes: readonly MistakeCode[]): DiagnosisContext => ({
    graph,
    evaluated,
    reference: referenceWork(evaluated),
    student: null,
    tolerance: tol,
    problem: problemAlternatives(graph, input.alternatives ?? []),
    mistakes: new Set(mistakes),
  });
  const asked = { field: "value", node: node.index, k: -1 } as const;
  if (!shapesEqual(expected.shape, given.shape)) {
    // A matrix given transposed has the transposed shape: that is named; any other wrong shape is said as such.
    const transposed = diagnose(context(["transposed"]), asked, given);
    if (transposed !== null) return result("incorrect", transposed.message, transposed.diagnosis);
    return result("incorrect", { key: "incorrect-shape", params: { expectedShape: shapeParam(expected.shape), givenShape: shapeParam(given.shape) } });
  }
  if (compareValues(expected, given, tol)) return result("correct", { key: "correct", params: {} });
  // Too few digits to tell early rounding from a right answer rounded too far: not named.
  const short = statesFewerDigits(read.stated, tol);
  const named = diagnose(context(VALUE_MISTAKES.filter((m) => m !== "early-rounding" || !short)), asked, given);
  if (named !== null) return result("incorrect", named.message, named.diagnosis);
  // Too few digits is said as such (a short answer matches a named mistake only when that mistake's
  // number is itself short, such as 1): 2.55 for 2.54692 is not "early rounding".
  if (tooFewDigits(expected, given, read.stated, tol)) return result("incorrect", precisionMessage(tol));
  return result("incorrect", { key: "incorrect", params: {} });
}
