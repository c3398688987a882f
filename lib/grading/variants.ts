/**
 * Mistakes that replace one operation by another: log10 or log2 in place of ln, mean in place of sum
 * (or the reverse), logits used as probabilities (no softmax). Each is defined once, in two forms:
 *
 * - `operation`: the wrong operation as pure functions (forward, local, vjp), applied to the student's
 *   own numbers at one node, so a mistake made at one node is named there even when earlier entries were
 *   already wrong;
 * - `rewrite`: the same change made to the graph's NodeSpecs (`createGraph`), evaluated by the engine,
 *   for a student who made it everywhere and for single-value answers.
 */
import {
  type Graph,
  type GraphNode,
  type NodeSpec,
  type OpName,
  type Operation,
  type Tensor,
  OPS,
  filled,
  scalar,
  tensor,
} from "../autograd";
import type { MistakeCode } from "./mistakes";
import { scale } from "./work";

export interface VariantOperation {
  forward(ins: readonly Tensor[]): Tensor;
  local(ins: readonly Tensor[], y: Tensor): (Tensor | null)[];
  vjp(ins: readonly Tensor[], y: Tensor, upstream: Tensor): Tensor[];
}

export interface OperationVariant {
  readonly code: MistakeCode;
  /** Key of the TA-facing detail (messages.ts), e.g. "log10". */
  readonly detail: string;
  readonly appliesTo: readonly OpName[];
  /** The wrong operation in place of `op`. */
  operation(op: OpName): VariantOperation;
  /** NodeSpecs replacing `node` in the graph (`valueOf` gives the reference value of any node); one keeps the node's id. */
  rewrite(node: GraphNode, graph: Graph, valueOf: (index: number) => Tensor): NodeSpec[];
}

function idsOf(node: GraphNode, graph: Graph): string[] {
  return node.inputs.map((j) => graph.nodes[j]!.id);
}

/** The operation divided by ln(base): log_b x = ln x / ln b, and the same for log_softmax and cross_entropy. */
function logBase(base: 10 | 2): OperationVariant {
  const lnb = Math.log(base);
  return {
    code: "wrong-log-base",
    detail: `log${base}`,
    appliesTo: ["log", "log_softmax", "cross_entropy"],
    operation(name) {
      const op = OPS[name] as Operation;
      return {
        forward: (ins) => scale(op.forward(ins), 1 / lnb),
        local: (ins) => op.local(ins, op.forward(ins)).map((l) => (l === null ? null : scale(l, 1 / lnb))),
        vjp: (ins, _y, up) => op.vjp(ins, op.forward(ins), up).map((d) => scale(d, 1 / lnb)),
      };
    },
    rewrite(node, graph) {
      return [
        { id: `${node.id}#ln`, op: node.op.name, inputs: idsOf(node, graph), position: node.position },
        { id: `${node.id}#lnbase`, op: "const", value: scalar(lnb) },
        { id: node.id, op: "div", inputs: [`${node.id}#ln`, `${node.id}#lnbase`], position: node.position },
      ];
    },
  };
}

const meanVsSum: OperationVariant = {
  code: "mean-vs-sum",
  detail: "mean-vs-sum",
  appliesTo: ["sum", "mean"],
  operation(name) {
    const op = (name === "sum" ? OPS.mean : OPS.sum) as Operation;
    return { forward: (ins) => op.forward(ins), local: (ins, y) => op.local(ins, y), vjp: (ins, y, up) => op.vjp(ins, y, up) };
  },
  rewrite(node, graph) {
    return [{ id: node.id, op: node.op.name === "sum" ? "mean" : "sum", inputs: idsOf(node, graph), position: node.position }];
  },
};

/** −Σ t·ln z per row: cross-entropy with the logits z taken as probabilities. */
function crossEntropyOfProbabilities(): VariantOperation {
  const rows = (z: Tensor) => {
    const width = z.shape[z.shape.length - 1]!;
    return { rows: z.data.length / width, width };
  };
  const forward = ([z, t]: readonly Tensor[]): Tensor => {
    const { rows: m, width } = rows(z!);
    const out = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let j = 0; j < width; j++) {
        const tj = t!.data[r * width + j]!;
        if (tj !== 0) s -= tj * Math.log(z!.data[r * width + j]!);
      }
      out[r] = s;
    }
    return z!.shape.length === 1 ? scalar(out[0]!) : tensor([m], out);
  };
  return {
    forward,
    local: (ins) => ins.map(() => null),
    vjp: ([z, t], _y, up) => {
      const { rows: m, width } = rows(z!);
      const dz = new Float64Array(z!.data.length);
      const dt = new Float64Array(t!.data.length);
      for (let r = 0; r < m; r++) {
        const g = up.data[r]!;
        for (let j = 0; j < width; j++) {
          const p = r * width + j;
          dz[p] = t!.data[p] === 0 ? 0 : (-g * t!.data[p]!) / z!.data[p]!;
          dt[p] = -g * Math.log(z!.data[p]!);
        }
      }
      return [
        { shape: z!.shape, data: dz },
        { shape: t!.shape, data: dt },
      ];
    },
  };
}

const noSoftmax: OperationVariant = {
  code: "no-softmax",
  detail: "no-softmax",
  appliesTo: ["softmax", "log_softmax", "cross_entropy"],
  operation(name) {
    if (name === "softmax") {
      return {
        forward: ([z]) => z!,
        local: ([z]) => [z!.shape.length === 0 ? scalar(1) : null],
        vjp: (_ins, _y, up) => [up],
      };
    }
    if (name === "log_softmax") {
      const log = OPS.log as Operation;
      return { forward: (ins) => log.forward(ins), local: (ins, y) => log.local(ins, y), vjp: (ins, y, up) => log.vjp(ins, y, up) };
    }
    return crossEntropyOfProbabilities();
  },
  rewrite(node, graph, valueOf) {
    const [z, t] = idsOf(node, graph);
    const at = node.position;
    if (node.op.name === "softmax") {
      return [
        { id: `${node.id}#one`, op: "const", value: scalar(1) },
        { id: node.id, op: "mul", inputs: [z!, `${node.id}#one`], position: at },
      ];
    }
    if (node.op.name === "log_softmax") return [{ id: node.id, op: "log", inputs: [z!], position: at }];
    const zShape = graph.nodes[node.inputs[0]!]!.shape;
    // Only the entries the target weighs are logged (−Σ t·ln z over t ≠ 0), so negative logits elsewhere
    // do not make the alternative undefined: ln(z·M + (1 − M)) with M = [t ≠ 0] is ln z there and 0 elsewhere.
    const target = valueOf(node.inputs[1]!);
    const mask = { shape: target.shape, data: target.data.map((x) => (x !== 0 ? 1 : 0)) };
    const specs: NodeSpec[] = [
      { id: `${node.id}#mask`, op: "const", value: mask },
      { id: `${node.id}#unmask`, op: "const", value: { shape: target.shape, data: mask.data.map((x) => 1 - x) } },
      { id: `${node.id}#zmasked`, op: "mul", inputs: [z!, `${node.id}#mask`] },
      { id: `${node.id}#zsafe`, op: "add", inputs: [`${node.id}#zmasked`, `${node.id}#unmask`] },
      { id: `${node.id}#logz`, op: "log", inputs: [`${node.id}#zsafe`] },
      { id: `${node.id}#tlogz`, op: "mul", inputs: [t!, `${node.id}#logz`] },
    ];
    if (zShape.length === 1) {
      specs.push({ id: `${node.id}#rowsum`, op: "sum", inputs: [`${node.id}#tlogz`] });
    } else {
      specs.push(
        { id: `${node.id}#ones`, op: "const", value: filled([zShape[1]!], 1) },
        { id: `${node.id}#rowsum`, op: "matmul", inputs: [`${node.id}#tlogz`, `${node.id}#ones`] },
      );
    }
    specs.push({ id: node.id, op: "neg", inputs: [`${node.id}#rowsum`], position: at });
    return specs;
  },
};

/** In the order they are tried. */
export const OPERATION_VARIANTS: readonly OperationVariant[] = [logBase(10), logBase(2), meanVsSum, noSoftmax];
