/**
 * The `eval --json` contract (a stable format other tools read):
 *
 *   { "output": id, "value": V,
 *     "nodes": [ { "id", "op", "inputs": [ids], "shape": [...], "value", "grad",
 *                  "edges": [ { "from", "local", "downstream" } ], "line" }, ... ] }
 *
 * Nodes in topological order (inputs first). Scalars are numbers, tensors nested arrays. `local` is null
 * where the operation is not elementwise; `local`, `downstream` and `grad` are also null where a
 * derivative does not exist with respect to a constant. `line` is null for nodes built without a source.
 */
import type { EvaluatedGraph } from "./evaluated";
import type { NestedNumbers } from "./tensor";

export interface EvalJsonEdge {
  from: string;
  local: NestedNumbers | null;
  downstream: NestedNumbers | null;
}

export interface EvalJsonNode {
  id: string;
  op: string;
  inputs: string[];
  shape: number[];
  value: NestedNumbers;
  grad: NestedNumbers | null;
  edges: EvalJsonEdge[];
  line: number | null;
}

export interface EvalJson {
  output: string;
  value: NestedNumbers;
  nodes: EvalJsonNode[];
}

export function toEvalJson(evaluated: EvaluatedGraph): EvalJson {
  const { graph } = evaluated;
  return {
    output: graph.output.id,
    value: evaluated.jsonOf(graph.output.index).value,
    nodes: graph.nodes.map((n) => {
      const { value, grad, edges } = evaluated.jsonOf(n.index);
      return {
        id: n.id,
        op: n.op.name,
        inputs: n.inputs.map((j) => graph.nodes[j]!.id),
        shape: [...n.shape],
        value,
        grad,
        edges,
        line: n.position?.line ?? null,
      };
    }),
  };
}
