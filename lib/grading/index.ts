/**
 * The grading engine: reads what students type, compares numbers with a part's tolerance, grades an
 * annotated graph field by field with error carried forward, names the mistake behind a wrong number by
 * recomputing alternatives, and checks a student's own graph or formula against the reference. Pure
 * TypeScript on top of lib/autograd and lib/graph-lang: no Next.js, React or database.
 *
 *   parseAnswer("-ln(e^0.65/(e^0.65+e^0.43+e^0.11))")          // { ok, value: Tensor } | { ok: false, error }
 *   compareValues(expected, given, { mode: "sigfigs", digits: 3 })
 *   gradeAnnotations({ evaluated, entries, fields: ["value", "grad"] })  // { score, results }
 *   gradeValue({ evaluated, answerText: "2.547" })                // one FieldResult
 *   checkGraphEquivalence({ target, studentSource, ban: ["softmax"] })
 *   checkExpression({ expected, given, domain: { y11: [-2, 2] } })
 *   describe(result, "zh-CN")                                    // the message in Chinese
 */
export {
  type AnswerLimits,
  type AnswerError,
  type AnswerResult,
  type AnswerExpr,
  type CompiledExpression,
  type ReadIssue,
  type ReadIssueKey,
  ANSWER_CONSTANTS,
  ANSWER_FUNCTIONS,
  DEFAULT_ANSWER_LIMITS,
  evaluateAnswerExpr,
  parseAnswer,
  parseExpression,
} from "./answer-language";
export { type RawAnswer, type ReadAnswer, invalidMessage, readAnswer } from "./raw-answer";
export { type StatedDigits, literalDigits, statedPrecision, tooFewDigits, precisionMessage } from "./precision";
export {
  type Tolerance,
  type Comparison,
  ToleranceSchema,
  DEFAULT_TOLERANCE,
  DEFAULT_RTOL,
  DEFAULT_ATOL,
  NOISE_FLOOR,
  FLOAT_SLACK,
  compareValues,
  compareDetailed,
  numbersAgree,
} from "./tolerance";
export { type Field, type Verdict, type Locale, type LocalizedText, type MessageRef, type Diagnosis, type FieldResult, FIELDS, VERDICTS } from "./verdict";
export { type MistakeCode, MISTAKE_CODES, VALUE_MISTAKES, isMistakeCode } from "./mistakes";
export { MESSAGE_CATALOGS, describe, describeDetail, describeIssue, describePrecision, describeReadError, ownGraphCarried, render } from "./messages";
export { type AnswerSheet, type NodeAnswers, type SheetResult, AnswerFileSchema, parseAnswerFile } from "./answer-sheet";
export { type GradeAnnotationsInput, type GradeOutcome, GradeOptionsSchema, gradeAnnotations } from "./annotations";
export { type GradeValueInput, gradeValue } from "./value";
export { type ProblemAlternative, evaluateRewritten, toNodeSpecs } from "./alternatives";
export {
  type GraphCheck,
  type GraphCheckInput,
  type GraphCounterexample,
  type MissingQuantity,
  type RequiredQuantity,
  type Violation,
  GRAPH_TOLERANCE,
  checkGraphEquivalence,
  resolveBannedOps,
} from "./graph-equivalence";
export {
  type ExpressionCheck,
  type ExpressionCheckInput,
  type ExpressionCounterexample,
  type ExpressionDiagnosis,
  DEFAULT_VARIABLE_RANGE,
  EXPRESSION_TOLERANCE,
  ExpressionCheckSchema,
  checkExpression,
} from "./expression-equivalence";
export { distinctValues, readAsText, toLatex, shortNumber, shortValue } from "./expression-display";
export { type FormulaAlternative, formulaAlternatives } from "./expression-mistakes";
export { type GradeJson, type GradeJsonResult, formatGradeReport, toGradeJson } from "./report";
export { seededRandom } from "./random";
