/**
 * A graph's structure: nodes, their operations and inputs, shapes, the constants written in the graph,
 * and the label a drawing shows for each node. No computed value is here, so a structure can go to a
 * student's browser before they may see any answer; the grader returns one with its results. Pure; runs
 * in the browser too.
 */
import { type Graph, type NestedNumbers, type OpName, getOperation, toNested } from "../autograd";
import { compileGraph } from "./compile";
import { GraphError, type GraphErrorView } from "./errors";
import { parseGraph } from "./parser";

export interface StructureNode {
  id: string;
  op: OpName;
  /** What the drawing shows in the node: "+", "÷", "exp", "√", or the input's name. */
  label: string;
  inputs: string[];
  shape: number[];
  /** The value written in the graph, for constants only. */
  constant?: NestedNumbers;
  line: number | null;
}

export interface GraphStructure {
  nodes: StructureNode[];
  output: string;
}

const LABELS: Partial<Record<OpName, string>> = {
  mul: "×",
  div: "÷",
  neg: "−",
  sub: "−",
  sqrt: "√",
  matmul: "@",
  transpose: "ᵀ",
  sigmoid: "σ",
  cross_entropy: "CE",
  log_softmax: "log softmax",
};

function labelOf(op: OpName, id: string, constant?: NestedNumbers): string {
  if (op === "input") return id;
  if (op === "const") return typeof constant === "number" ? String(constant) : "const";
  return LABELS[op] ?? getOperation(op).symbol;
}

// Tensors: an index node shows its index ("[:, 1]"), an axis reduction its axis ("sum, axis 0").
function attributeLabel(n: Graph["nodes"][number]): string | null {
  if (n.op.kind === "leaf" || n.op.attrs === undefined) return null;
  if (n.op.name === "index") return n.op.symbol;
  const axis = n.op.attrs.axis;
  return typeof axis === "number" ? `${n.op.symbol}, axis ${axis}` : null;
}

export function structureOf(graph: Graph): GraphStructure {
  return {
    output: graph.output.id,
    nodes: graph.nodes.map((n) => {
      const op = n.op.name;
      const constant = op === "const" && n.value ? toNested(n.value) : undefined;
      return {
        id: n.id,
        op,
        label: attributeLabel(n) ?? labelOf(op, n.id, constant),
        inputs: n.inputs.map((i) => graph.nodes[i]!.id),
        shape: [...n.shape],
        ...(constant !== undefined ? { constant } : {}),
        line: n.position?.line ?? null,
      };
    }),
  };
}

/** The error carries its message by key (`ref`) besides the English text, for the editor to show it in the reader's language. */
export type StructureResult = { ok: true; structure: GraphStructure } | { ok: false; error: GraphErrorView };

/**
 * The structure of a graph a student is writing, for drawing it live. Inputs without a value get
 * zeros of their declared shape: only the shape of the graph matters here, not its numbers.
 */
export function structureFromSource(source: string): StructureResult {
  try {
    const program = parseGraph(source);
    const at: Record<string, NestedNumbers> = {};
    for (const s of program.statements) {
      if (s.kind !== "input") continue;
      for (const d of s.decls) {
        if (d.defaultValue) continue;
        const shape = d.shape ?? [];
        at[d.name] =
          shape.length === 0
            ? 0
            : shape.length === 1
              ? new Array<number>(shape[0]!).fill(0)
              : Array.from({ length: shape[0]! }, () => new Array<number>(shape[1]!).fill(0));
      }
    }
    return { ok: true, structure: structureOf(compileGraph(program, { at })) };
  } catch (e) {
    if (e instanceof GraphError) return { ok: false, error: e.toView() };
    throw e;
  }
}
