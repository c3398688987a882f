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
 * A node whose operation has attributes carries them as `attrs`, right after `inputs` (e.g.
 * `"attrs": { "axis": 0 }` for `sum(X, axis=0)`, `"attrs": { "index": [":", 1] }` for `X[:, 1]`);
 * nodes without attributes have no `attrs` key, so their JSON is as before.
 */
import type { EvaluatedGraph } from "./evaluated";
import type { OpAttrs } from "./ops/types";
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
  attrs?: OpAttrs;
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
        ...("attrs" in n.op && n.op.attrs !== undefined ? { attrs: n.op.attrs } : {}),
        shape: [...n.shape],
        value,
        grad,
        edges,
        line: n.position?.line ?? null,
      };
    }),
  };
}
