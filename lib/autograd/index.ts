/**
 * The reference autograd engine: float64 tensors, one definition per operation, iterative forward and
 * backward passes that keep every node's value and gradient and every edge's local derivative and
 * downstream gradient. Pure TypeScript: no Next.js, React, database or graph-language imports.
 *
 *   const graph = createGraph(specs, { output: "s" });   // NodeSpec[] in any order
 *   const result = evaluate(graph);                       // throws AutogradError
 *   result.grad("x1"); result.node("m").edges;            // or toEvalJson(result)
 */
export {
  type Shape,
  type Tensor,
  type NestedNumbers,
  SCALAR_SHAPE,
  tensor,
  scalar,
  zeros,
  filled,
  fromNested,
  readNested,
  toNested,
  nestedShape,
  leadingShape,
  sizeOf,
  shapesEqual,
  formatShape,
  unravelIndex,
  isFiniteNumber,
  isFiniteTensor,
  firstNonFinite,
} from "./tensor";
export { broadcastShapes, broadcastIndex, unbroadcast } from "./broadcast";
export { AutogradError, type AutogradErrorCode, type SourcePosition, describeNode } from "./errors";
export type { OpName, OpDefinition, Operation, LeafOp, ElementwiseRule, Kink, Notation, ShapeResult, OpAttrs, AttrValue } from "./ops/types";
export { OPS, OP_NAMES, isOpName, getOperation, bindAttrs } from "./ops/registry";
export { formatApplication, downstreamFromLocal } from "./ops/elementwise";
export { type NodeSpec, type GraphOptions, type GraphNode, Graph, createGraph, topologicalOrder } from "./graph";
export { evaluate } from "./evaluate";
export { type BackwardSteps, backward, sendBack, sendBackThroughLocal } from "./backward";
export { EvaluatedGraph, type EvaluatedNode, type EvaluatedEdge, type NonDifferentiablePoint } from "./evaluated";
export { type EvalJson, type EvalJsonNode, type EvalJsonEdge, toEvalJson } from "./eval-json";
