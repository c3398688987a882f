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
import { type NestedNumbers, toNested } from "./tensor";

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
  return {
    output: evaluated.outputId,
    value: toNested(evaluated.outputValue),
    nodes: evaluated.nodes.map((n) => ({
      id: n.id,
      op: n.op,
      inputs: [...n.inputs],
      shape: [...n.shape],
      value: toNested(n.value),
      grad: n.grad === null ? null : toNested(n.grad),
      edges: n.edges.map((e) => ({
        from: e.from,
        local: e.local === null ? null : toNested(e.local),
        downstream: e.downstream === null ? null : toNested(e.downstream),
      })),
      line: n.position?.line ?? null,
    })),
  };
}
