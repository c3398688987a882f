/**
 * The graph language: a small text format for computational graphs, compiled to engine graphs.
 *
 *   const program = parseGraph(source);                       // Program (AST with positions)
 *   const graph = compileGraph(program, { at: { x1: -1 } });  // engine Graph, ids such as "m.1"
 *   const result = evaluate(graph);                           // from lib/autograd
 *   toEvalJson(result);                                       // the eval --json contract
 *
 * or all at once, with every error (engine ones included) as a located `GraphError`:
 *
 *   const { evaluated } = evaluateSource(source, { at });
 */
import { type EvaluatedGraph, type Graph, evaluate } from "../autograd";
import type { Program } from "./ast";
import { type CompileOptions, compileGraph, toGraphError } from "./compile";
import { parseGraph } from "./parser";

export { parseGraph } from "./parser";
export { compileGraph, toGraphError, type CompileOptions, type InputValue } from "./compile";
export { GraphError, type GraphErrorKind, type GraphErrorJson, type GraphErrorView, caretExcerpt } from "./errors";
export { engineReason } from "./engine-messages";
export {
  GRAPH_MESSAGES,
  type GraphLocale,
  type GraphMessage,
  type GraphMessageKey,
  graphMessage,
  isGraphMessage,
  plainText,
  renderGraphMessage,
} from "./messages";
export { DEFAULT_LIMITS, type GraphLimits, resolveLimits } from "./limits";
export { FUNCTIONS, BINARY_OPERATORS } from "./functions";
export { type NodeExpression, formatAssignment, formatExpr, nodeExpressions } from "./node-text";
export { assignmentIds } from "./bindings";
export { asciiOf, toAsciiTyped, VULGAR_FRACTIONS } from "./typed-text";
export { type GraphStructure, type StructureNode, type StructureResult, structureFromSource, structureOf } from "./structure";
export type * from "./ast";
export { toEvalJson, type EvalJson, type EvalJsonNode, type EvalJsonEdge } from "../autograd";

export interface EvaluatedSource {
  readonly program: Program;
  readonly graph: Graph;
  readonly evaluated: EvaluatedGraph;
}

/** Parses, compiles and evaluates; every failure is thrown as a `GraphError` with line and column. */
export function evaluateSource(source: string, options: CompileOptions = {}): EvaluatedSource {
  const program = parseGraph(source, { limits: options.limits });
  const graph = compileGraph(program, options);
  try {
    return { program, graph, evaluated: evaluate(graph) };
  } catch (error) {
    throw toGraphError(error, source);
  }
}
