/**
 * Mistakes that replace one operation's rule by a wrong one: log10 or log2 in place of ln, mean in place
 * of sum (or the reverse), logits used as probabilities (no softmax), and two slips in a derivative alone:
 * a product sending each input its own value instead of the other's, and a mean (or a division by a
 * count) sending its gradient back without the 1/N. Each is defined once, in two forms:
 *
 * - `operation`: the wrong rule as pure functions (forward, local, vjp), applied to the student's own
 *   numbers at one node, so a mistake made at one node is named there even when earlier entries were
 *   already wrong;
 * - the whole graph worked with it (alternatives.ts), for a student who made it everywhere and for
 *   answers whose earlier steps are not shown: a swap that changes the forward value is a change to the
 *   graph's NodeSpecs (`rewrite`, evaluated by the engine); a slip in a derivative alone keeps the graph
 *   and recomputes the backward pass with `operation` at the nodes concerned.
 */
import {
  type Graph,
  type GraphNode,
  type NodeSpec,
  type Operation,
  type Tensor,
  OPS,
  broadcastIndex,
  getOperation,
  downstreamFromLocal,
  filled,
  scalar,
  sizeOf,
  tensor,
  unbroadcast,
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
  /** Whether the mistake can be made at this node. */
  applies(node: GraphNode, graph: Graph): boolean;
  /** The wrong rule in place of the node's operation. */
  operation(node: GraphNode, graph: Graph): VariantOperation;
  /**
   * NodeSpecs replacing `node` in the graph (`valueOf` gives the reference value of any node); one keeps
   * the node's id. Only for swaps that change the forward value; a slip in a derivative alone has none.
   */
  rewrite?(node: GraphNode, graph: Graph, valueOf: (index: number) => Tensor): NodeSpec[];
}

/** Whether the variant changes the node's forward value (so the student's own value there can confirm or contradict it). */
export const changesForward = (v: OperationVariant): boolean => v.rewrite !== undefined;

const opNamed =
  (...names: string[]) =>
  (node: GraphNode): boolean =>
    names.includes(node.op.name);

function idsOf(node: GraphNode, graph: Graph): string[] {
  return node.inputs.map((j) => graph.nodes[j]!.id);
}

/** The operation divided by ln(base): log_b x = ln x / ln b, and the same for log_softmax and cross_entropy. */
function logBase(base: 10 | 2): OperationVariant {
  const lnb = Math.log(base);
  return {
    code: "wrong-log-base",
    detail: `log${base}`,
    applies: opNamed("log", "log_softmax", "cross_entropy"),
    operation(node) {
      const op = node.op as Operation;
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
  applies: opNamed("sum", "mean"),
  operation(node) {
    // Along the same axis when the node reduces one (sum(X, axis=0) vs mean(X, axis=0)).
    const attrs = (node.op as Operation).attrs;
    const op = getOperation(node.op.name === "sum" ? "mean" : "sum", attrs);
    return { forward: (ins) => op.forward(ins), local: (ins, y) => op.local(ins, y), vjp: (ins, y, up) => op.vjp(ins, y, up) };
  },
  rewrite(node, graph) {
    const attrs = (node.op as Operation).attrs;
    return [
      {
        id: node.id,
        op: node.op.name === "sum" ? "mean" : "sum",
        inputs: idsOf(node, graph),
        position: node.position,
        ...(attrs !== undefined ? { attrs } : {}),
      },
    ];
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
  // Not for cross_entropy with integer labels (a target with one dimension fewer): labels are no probabilities to take a log against.
  applies: (node, graph) =>
    opNamed("softmax", "log_softmax", "cross_entropy")(node) &&
    (node.op.name !== "cross_entropy" || graph.nodes[node.inputs[1]!]!.shape.length === graph.nodes[node.inputs[0]!]!.shape.length),
  operation(node) {
    const name = node.op.name;
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

/** `t` spread over `shape` by broadcasting (a scalar fills it, a row repeats). */
function broadcastTo(t: Tensor, shape: readonly number[]): Tensor {
  const map = broadcastIndex(t.shape, shape);
  if (map === null) return t;
  const data = new Float64Array(sizeOf(shape));
  for (let j = 0; j < data.length; j++) data[j] = t.data[map[j]!]!;
  return { shape, data };
}

/**
 * y = a·b sending each input its own value: ∂y/∂a given as a instead of b, so a receives upstream × a.
 * Not at `x * x`, where own and other are the same number.
 */
const mulInputsSwapped: OperationVariant = {
  code: "mul-inputs-swapped",
  detail: "mul-inputs-swapped",
  applies: (node) => node.op.name === "mul" && node.inputs[0] !== node.inputs[1],
  operation(node) {
    const mul = node.op as Operation;
    const own = (ins: readonly Tensor[], shape: readonly number[]) => ins.map((x) => broadcastTo(x, shape));
    return {
      forward: (ins) => mul.forward(ins),
      local: (ins, y) => own(ins, y.shape),
      vjp: (ins, y, up) => own(ins, y.shape).map((l, k) => downstreamFromLocal(l, up, ins[k]!.shape)),
    };
  },
};

/**
 * The N of a division by a count: `(a + b) / 2`, `(a + b + c) / 3`, `sum(v) / n` with n the number of
 * elements of v: a constant integer N ≥ 2 dividing a sum of exactly N terms. Null for any other division.
 */
export function countDivisor(node: GraphNode, graph: Graph): number | null {
  if (node.op.name !== "div") return null;
  const divisor = graph.nodes[node.inputs[1]!]!;
  const n = divisor.op.name === "const" && divisor.value !== null && divisor.value.data.length === 1 ? divisor.value.data[0]! : NaN;
  if (!Number.isInteger(n) || n < 2) return null;
  const top = graph.nodes[node.inputs[0]!]!;
  if (top.op.name === "sum") return sizeOf(graph.nodes[top.inputs[0]!]!.shape) === n ? n : null;
  if (top.op.name !== "add") return null;
  // The terms of a chain of additions, counted without recursion.
  let terms = 0;
  const stack = [top];
  while (stack.length > 0 && terms <= n) {
    const t = stack.pop()!;
    if (t.op.name === "add") for (const j of t.inputs) stack.push(graph.nodes[j]!);
    else terms++;
  }
  return terms === n ? n : null;
}

/** The N a node divides by: a mean's element count or a division by a count (null otherwise). */
export function countOf(node: GraphNode, graph: Graph): number | null {
  if (node.op.name === "mean") {
    const shape = graph.nodes[node.inputs[0]!]!.shape;
    // A mean along an axis divides by that axis's length.
    const axis = (node.op as Operation).attrs?.axis;
    const n = typeof axis === "number" ? shape[axis < 0 ? axis + shape.length : axis]! : sizeOf(shape);
    return n >= 2 ? n : null;
  }
  return countDivisor(node, graph);
}

/** A mean (or a division by a count N) sending back the upstream gradient without the 1/N. */
const missingOneOverN: OperationVariant = {
  code: "missing-one-over-n",
  detail: "missing-one-over-n",
  applies: (node, graph) => countOf(node, graph) !== null,
  operation(node) {
    const op = node.op as Operation;
    if (node.op.name === "mean") {
      const sum = getOperation("sum", op.attrs);
      return { forward: (ins) => op.forward(ins), local: (ins, y) => sum.local(ins, y), vjp: (ins, y, up) => sum.vjp(ins, y, up) };
    }
    // a / N: the numerator's local derivative 1 instead of 1/N; the divisor's edge is untouched.
    return {
      forward: (ins) => op.forward(ins),
      local: (ins, y) => [filled(y.shape, 1), op.local(ins, y)[1] ?? null],
      vjp: (ins, y, up) => [unbroadcast(up, ins[0]!.shape), op.vjp(ins, y, up)[1]!],
    };
  },
};

/** In the order they are tried (mistakes.ts's order). */
export const OPERATION_VARIANTS: readonly OperationVariant[] = [mulInputsSwapped, missingOneOverN, logBase(10), logBase(2), meanVsSum, noSoftmax];
