/**
 * A worked solution generated from an evaluated graph: the forward pass node by node (the operation's
 * LaTeX with the node's inputs, then its value), then the backward pass in reverse topological order
 * (the output's gradient 1; for each node, its gradient, written as the sum of what its consumers send
 * back when there are several; then for each input edge the local derivative from the operation's
 * `localLatex` and local × upstream = downstream). Pure: the numbers are the engine's, the symbols the
 * operations' own, so the same graph the student built gets its own lines.
 */
import { evaluate, type EvaluatedGraph, type EvaluatedNode, type NestedNumbers, type Operation, type Tensor, shapesEqual, toNested } from "@/lib/autograd";
import { checkGraphEquivalence } from "@/lib/grading";
import { formatNumber } from "@/lib/grading/format";
import { renderMarkdown } from "./statement";
import { graphInputs, type CompiledProblem, type Variant } from "./variant";

/** Tensors with more elements than this are summarized (shape and first entries) instead of written out. */
export const MAX_SHOWN_ELEMENTS = 12;
const SUMMARY_ENTRIES = 3;

export type WorkedStep =
  | { readonly kind: "forward"; readonly node: string; readonly latex: string; readonly value: NestedNumbers }
  | { readonly kind: "seed"; readonly node: string; readonly latex: string }
  | {
      readonly kind: "gradient";
      readonly node: string;
      readonly latex: string;
      /** What each consumer sends back, in the order the consumers were evaluated; one term when it has one consumer. */
      readonly terms: readonly { readonly from: string; readonly value: NestedNumbers }[];
      readonly total: NestedNumbers;
    }
  | { readonly kind: "local"; readonly node: string; readonly input: string; readonly latex: string; readonly local: NestedNumbers | null }
  | {
      readonly kind: "chain";
      readonly node: string;
      readonly input: string;
      readonly latex: string;
      readonly upstream: NestedNumbers;
      readonly local: NestedNumbers | null;
      readonly downstream: NestedNumbers;
    };

export interface WorkedSolution {
  readonly output: string;
  readonly forward: readonly WorkedStep[];
  readonly backward: readonly WorkedStep[];
}

/** A node id as a LaTeX symbol: `x1` → x_{1}, `m.1` → m_{.1}, `W` → W, `loss` → \text{loss}. */
export function symbolOf(id: string): string {
  if (/^[A-Za-z]$/.test(id)) return id;
  const sub = /^([A-Za-z])(?:_)?(\.?\d+)$/.exec(id);
  if (sub) return `${sub[1]}_{${sub[2]}}`;
  return `\\text{${id.replace(/[\\{}_^$&#%~]/g, (c) => `\\${c === "\\" ? "textbackslash " : c}`)}}`;
}

/** A number as LaTeX, negative ones in parentheses when `wrap` (they follow an operator). */
function numberLatex(x: number, wrap = false): string {
  const text = formatNumber(x)
    .replace(/e([+-]?\d+)$/, " \\times 10^{$1}")
    .replace("Infinity", "\\infty");
  return wrap && text.startsWith("-") ? `\\left(${text}\\right)` : text;
}

/** A tensor as LaTeX: a number, a small vector or matrix written out, a large one summarized. */
export function tensorLatex(t: Tensor, wrap = false): string {
  if (t.shape.length === 0) return numberLatex(t.data[0]!, wrap);
  if (t.data.length > MAX_SHOWN_ELEMENTS) {
    const first = Array.from(t.data.slice(0, SUMMARY_ENTRIES), (x) => numberLatex(x)).join(", ");
    return `\\underbrace{\\left(${first}, \\dots\\right)}_{${t.shape.join("\\times")}}`;
  }
  const rows =
    t.shape.length === 1
      ? [Array.from(t.data)]
      : Array.from({ length: t.shape[0]! }, (_r, i) => Array.from(t.data.slice(i * (t.data.length / t.shape[0]!), (i + 1) * (t.data.length / t.shape[0]!))));
  return `\\begin{pmatrix} ${rows.map((r) => r.map((x) => numberLatex(x)).join(" & ")).join(" \\\\ ")} \\end{pmatrix}`;
}

const partial = (of: string, by: string) => `\\frac{\\partial ${symbolOf(of)}}{\\partial ${symbolOf(by)}}`;

function operationOf(evaluated: EvaluatedGraph, id: string): Operation {
  const op = evaluated.graph.node(id).op;
  if (op.kind === "leaf") throw new RangeError(`"${id}" is a leaf`);
  return op;
}

/** How a node's input appears in its definition: a constant as its value, anything else as its symbol. */
function argumentLatex(evaluated: EvaluatedGraph, id: string): string {
  const n = evaluated.graph.node(id);
  return n.op.name === "const" ? tensorLatex(n.value!, true) : symbolOf(id);
}

const nested = (t: Tensor) => toNested(t);

export function workedSolution(evaluated: EvaluatedGraph): WorkedSolution {
  const nodes = evaluated.nodes;
  const output = evaluated.outputId;
  const forward: WorkedStep[] = [];
  for (const n of nodes) {
    if (n.op === "const" || n.op === "input") {
      if (n.op === "input") forward.push({ kind: "forward", node: n.id, latex: `${symbolOf(n.id)} = ${tensorLatex(n.value)}`, value: nested(n.value) });
      continue;
    }
    const op = operationOf(evaluated, n.id);
    const definition = op.latex(n.inputs.map((i) => argumentLatex(evaluated, i)));
    forward.push({ kind: "forward", node: n.id, latex: `${symbolOf(n.id)} = ${definition} = ${tensorLatex(n.value)}`, value: nested(n.value) });
  }

  // Who consumes each node, in evaluation order: the terms of its gradient's sum.
  const consumers = new Map<string, { node: EvaluatedNode; edge: number }[]>();
  for (const n of nodes) n.inputs.forEach((i, edge) => consumers.set(i, [...(consumers.get(i) ?? []), { node: n, edge }]));

  const backward: WorkedStep[] = [];
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k]!;
    if (n.op === "const" || n.grad === null) continue;
    if (n.id === output) {
      backward.push({ kind: "seed", node: n.id, latex: `${partial(output, output)} = 1` });
    } else {
      const terms = (consumers.get(n.id) ?? []).flatMap(({ node, edge }) => {
        const d = node.edges[edge]!.downstream;
        return d === null ? [] : [{ from: node.id, value: d }];
      });
      if (terms.length === 0) continue;
      const symbols = terms.map((t) => `${partial(output, t.from)}\\,${partial(t.from, n.id)}`).join(" + ");
      const numbers = terms.length > 1 ? ` = ${terms.map((t, i) => tensorLatex(t.value, i > 0)).join(" + ")}` : "";
      backward.push({
        kind: "gradient",
        node: n.id,
        latex: `${partial(output, n.id)} = ${symbols}${numbers} = ${tensorLatex(n.grad)}`,
        terms: terms.map((t) => ({ from: t.from, value: nested(t.value) })),
        total: nested(n.grad),
      });
    }
    if (n.op === "input") continue;
    const op = operationOf(evaluated, n.id);
    const args = n.inputs.map((i) => argumentLatex(evaluated, i));
    n.edges.forEach((e, edge) => {
      const from = evaluated.graph.node(e.from);
      if (from.op.name === "const" || e.downstream === null) return;
      const local = op.localLatex(args, symbolOf(n.id), edge);
      backward.push({
        kind: "local",
        node: n.id,
        input: e.from,
        latex: `${partial(n.id, e.from)} = ${local}${e.local === null || tensorLatex(e.local) === local ? "" : ` = ${tensorLatex(e.local)}`}`,
        local: e.local === null ? null : nested(e.local),
      });
      // Elementwise on tensors: ⊙, summed back onto a broadcast input's shape; a Jacobian: the product as written.
      const elementwise = e.local !== null && n.shape.length > 0;
      const times = elementwise ? "\\odot" : "\\cdot";
      let numbers = "";
      if (e.local !== null) {
        numbers = `${tensorLatex(n.grad!)} ${times} ${tensorLatex(e.local, true)}`;
        if (!shapesEqual(e.downstream.shape, n.shape)) numbers = `\\operatorname{sum}_{\\to ${from.shape.join("\\times") || "1"}}\\left(${numbers}\\right)`;
        numbers = ` = ${numbers}`;
      }
      backward.push({
        kind: "chain",
        node: n.id,
        input: e.from,
        latex: `${partial(output, n.id)} ${times} ${partial(n.id, e.from)}${numbers} = ${tensorLatex(e.downstream)}`,
        upstream: nested(n.grad!),
        local: e.local === null ? null : nested(e.local),
        downstream: nested(e.downstream),
      });
    });
  }
  return { output, forward, backward };
}

/**
 * The graph a worked solution walks: the student's own when an annotation part is on a construction part
 * and their answer there compiles and computes the same function (the check grading uses), at this
 * variant's inputs; otherwise the reference graph at the variant.
 */
export function solutionGraph(
  problem: CompiledProblem,
  variant: Variant,
  answers: Readonly<Record<string, unknown>> | null,
): { evaluated: EvaluatedGraph; own: boolean } {
  const reference = { evaluated: variant.evaluated, own: false };
  const on = problem.file.parts.find((p) => p.kind === "graph-annotation" && p.graph !== "reference");
  const source = on?.kind === "graph-annotation" ? answers?.[on.graph] : undefined;
  if (typeof source !== "string" || source.trim() === "") return reference;
  const check = checkGraphEquivalence({ target: variant.graph, studentSource: source, at: graphInputs(problem, variant.parameters) });
  if (!check.ok || !check.equivalent) return reference;
  try {
    return { evaluated: evaluate(check.student), own: true };
  } catch {
    return reference;
  }
}

/** The worked solution as the pages show it: each step's LaTeX rendered to HTML (KaTeX, as statements are). */
export interface WorkedSolutionView {
  /** Whether it was built on the student's own graph. */
  readonly own: boolean;
  readonly forwardHtml: readonly string[];
  readonly backwardHtml: readonly string[];
}

export function workedSolutionView(graph: { evaluated: EvaluatedGraph; own: boolean }): WorkedSolutionView {
  const worked = workedSolution(graph.evaluated);
  const html = (s: WorkedStep) => renderMarkdown(`$$${s.latex}$$`);
  return { own: graph.own, forwardHtml: worked.forward.map(html), backwardHtml: worked.backward.map(html) };
}
