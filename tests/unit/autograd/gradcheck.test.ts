/**
 * Central-difference gradient checks for every operation at several points: the operation's own
 * `vjp` and `local` (called as pure functions, as the grader does) and the engine's backward pass.
 */
import { describe, expect, it } from "vitest";
import {
  type NestedNumbers,
  type NodeSpec,
  OPS,
  OP_NAMES,
  type OpAttrs,
  type OpName,
  type Tensor,
  broadcastIndex,
  createGraph,
  evaluate,
  fromNested,
  getOperation,
  sizeOf,
} from "@/lib/autograd";
import { centralDifference, expectClose, numericGradient } from "./helpers";

interface Case {
  readonly op: OpName;
  readonly inputs: readonly NestedNumbers[];
  /** Inputs whose derivative exists at this point (default: all). */
  readonly wrt?: readonly number[];
  /** Inputs that receive a zero gradient by definition (class labels are indices, not quantities). */
  readonly zeroGrad?: readonly number[];
  /** The node's attributes (`{ axis: 0 }`), for operations that take some. */
  readonly attrs?: OpAttrs;
}

const Y = [
  [0.65, 0.43, 0.11],
  [0.05, 0.51, 0.18],
  [0.33, 0.21, 0.72],
];
const I3 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

const CASES: readonly Case[] = [
  { op: "add", inputs: [0.3, -1.2] },
  { op: "add", inputs: [[1, 2, 3], 0.5] },
  {
    op: "add",
    inputs: [
      [
        [1, 2],
        [3, 4],
      ],
      [10, -20],
    ],
  },
  { op: "sub", inputs: [2.5, 4] },
  { op: "sub", inputs: [0.5, [1, 2, 3]] },
  {
    op: "sub",
    inputs: [
      [
        [1, 2],
        [3, 4],
      ],
      [[0.5], [2]],
    ],
  },
  { op: "mul", inputs: [1.5, -2] },
  {
    op: "mul",
    inputs: [
      [
        [1, 2, 3],
        [4, -5, 6],
      ],
      [
        [0.5, 1, -1],
        [2, 0.1, 3],
      ],
    ],
  },
  {
    op: "mul",
    inputs: [
      [
        [1, 2],
        [3, 4],
      ],
      -3,
    ],
  },
  { op: "div", inputs: [1, 3] },
  {
    op: "div",
    inputs: [
      [1, 2, 3],
      [0.5, -2, 4],
    ],
  },
  {
    op: "div",
    inputs: [
      2,
      [
        [1, 2],
        [4, -8],
      ],
    ],
  },
  { op: "neg", inputs: [0.7] },
  { op: "neg", inputs: [[1, -2]] },
  {
    op: "neg",
    inputs: [
      [
        [1, 2],
        [3, 4],
      ],
    ],
  },
  { op: "pow", inputs: [1.7, 2.3] },
  { op: "pow", inputs: [-2, 3], wrt: [0] },
  { op: "pow", inputs: [[0.5, 1.5, 2], 2] },
  { op: "pow", inputs: [2, [0.5, -1, 3]] },
  { op: "exp", inputs: [0.3] },
  { op: "exp", inputs: [[-2, 0, 1.5]] },
  { op: "exp", inputs: [-30] },
  { op: "log", inputs: [0.4] },
  { op: "log", inputs: [[1, 2.5, 10]] },
  { op: "log", inputs: [0.001] },
  { op: "sqrt", inputs: [4] },
  { op: "sqrt", inputs: [[0.25, 2, 9]] },
  { op: "sqrt", inputs: [0.01] },
  { op: "abs", inputs: [-1.5] },
  { op: "abs", inputs: [[2, -3, 0.5]] },
  { op: "abs", inputs: [7] },
  { op: "tanh", inputs: [0.5] },
  { op: "tanh", inputs: [[-3, 0.1, 2]] },
  { op: "tanh", inputs: [-0.8] },
  { op: "sigmoid", inputs: [0.2] },
  { op: "sigmoid", inputs: [[-40, -1, 3]] },
  { op: "sigmoid", inputs: [35] },
  { op: "relu", inputs: [1.2] },
  { op: "relu", inputs: [[-1, 0.5, 3]] },
  { op: "relu", inputs: [-0.3] },
  { op: "sum", inputs: [[1, 2, 3]] },
  {
    op: "sum",
    inputs: [
      [
        [1, 2],
        [3, 4],
      ],
    ],
  },
  { op: "sum", inputs: [5] },
  { op: "mean", inputs: [[1, 2, 3]] },
  {
    op: "mean",
    inputs: [
      [
        [1, 2],
        [3, 4],
      ],
    ],
  },
  { op: "mean", inputs: [-2] },
  {
    op: "dot",
    inputs: [
      [1, 2, 3],
      [4, -5, 6],
    ],
  },
  {
    op: "dot",
    inputs: [
      [0.5, -1],
      [2, 3],
    ],
  },
  { op: "dot", inputs: [[1], [2]] },
  {
    op: "matmul",
    inputs: [
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [1, 0, -1],
        [2, 1, 0],
      ],
    ],
  },
  {
    op: "matmul",
    inputs: [
      [1, 2],
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ],
  },
  {
    op: "matmul",
    inputs: [
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [1, -1, 2],
    ],
  },
  {
    op: "matmul",
    inputs: [
      [1, 2, 3],
      [4, 5, 6],
    ],
  },
  {
    op: "transpose",
    inputs: [
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ],
  },
  { op: "transpose", inputs: [[1, 2]] },
  { op: "transpose", inputs: [3] },
  { op: "softmax", inputs: [[1, 2, 3]] },
  {
    op: "softmax",
    inputs: [
      [
        [0.65, 0.43, 0.11],
        [0.05, 0.51, 0.18],
      ],
    ],
  },
  { op: "softmax", inputs: [[100, 101, 99]] },
  { op: "log_softmax", inputs: [[1, 2, 3]] },
  { op: "log_softmax", inputs: [Y] },
  { op: "log_softmax", inputs: [[100, 101, 99]] },
  {
    op: "cross_entropy",
    inputs: [
      [0.2, 1.5, -0.3],
      [0, 1, 0],
    ],
  },
  { op: "cross_entropy", inputs: [Y, I3] },
  {
    op: "cross_entropy",
    inputs: [
      [
        [1, 2],
        [3, 1],
      ],
      [
        [0.3, 0.7],
        [0.5, 0.5],
      ],
    ],
  },
  // Tensors: axis reductions, integer labels, indexing
  { op: "sum", inputs: [Y], attrs: { axis: 0 } },
  { op: "sum", inputs: [Y], attrs: { axis: -1 } },
  { op: "sum", inputs: [[1, -2, 3]], attrs: { axis: 0 } },
  {
    op: "mean",
    inputs: [
      [
        [1, 2, 3],
        [4, 5, 7],
      ],
    ],
    attrs: { axis: 1 },
  },
  { op: "mean", inputs: [Y], attrs: { axis: -2 } },
  { op: "max", inputs: [[0.3, -1, 2.5]] },
  { op: "max", inputs: [Y] },
  { op: "max", inputs: [Y], attrs: { axis: 1 } },
  {
    op: "max",
    inputs: [
      [
        [1, 5, 3],
        [4, 2, 6],
      ],
    ],
    attrs: { axis: 0 },
  },
  {
    op: "max",
    inputs: [
      [
        [1, 5, 3],
        [4, 2, 6],
      ],
    ],
    attrs: { axis: -1 },
  },
  { op: "cross_entropy", inputs: [Y, [0, 2, 1]], wrt: [0], zeroGrad: [1] },
  { op: "cross_entropy", inputs: [[0.2, 1.5, -0.3], 2], wrt: [0], zeroGrad: [1] },
  {
    op: "cross_entropy",
    inputs: [
      [
        [1, 2],
        [3, 1],
      ],
      [1, 1],
    ],
    wrt: [0],
    zeroGrad: [1],
  },
  { op: "index", inputs: [[1, 2, 3]], attrs: { index: [1] } },
  { op: "index", inputs: [[1, 2, 3]], attrs: { index: [-1] } },
  { op: "index", inputs: [Y], attrs: { index: [1] } },
  { op: "index", inputs: [Y], attrs: { index: [2, 0] } },
  { op: "index", inputs: [Y], attrs: { index: [":", 1] } },
  { op: "index", inputs: [[1, 2, 3, 4]], attrs: { index: ["1:3"] } },
  { op: "index", inputs: [Y], attrs: { index: [0, "-2:"] } },
  { op: "index", inputs: [Y], attrs: { index: ["0:2", ":2"] } },
  { op: "index", inputs: [[5, 6]] },
  // Issue 13: expressions, reassignment and functions (points away from ties and kinks).
  { op: "stack", inputs: [0.3, -1.2, 2] },
  {
    op: "stack",
    inputs: [
      [1, 2, 3],
      [-4, 5, 0.5],
    ],
  },
  { op: "stack", inputs: [[0.25]] },
  { op: "maximum", inputs: [0.3, -1.2] },
  { op: "maximum", inputs: [[1, -2, 3], 0.5] },
  {
    op: "maximum",
    inputs: [
      [
        [1, 2],
        [3, -4],
      ],
      [2.5, -1],
    ],
  },
  { op: "minimum", inputs: [0.3, -1.2] },
  { op: "minimum", inputs: [[1, -2, 3], 0.5] },
  {
    op: "minimum",
    inputs: [
      [
        [1, 2],
        [3, -4],
      ],
      [2.5, -1],
    ],
  },
  { op: "clip", inputs: [0.3, -1, 1] },
  { op: "clip", inputs: [[-2, 0.5, 3], 0, 1] },
  {
    op: "clip",
    inputs: [
      [
        [-2, 0.5],
        [3, 0.2],
      ],
      [-1, 0],
      [1, 2],
    ],
  },
  { op: "softplus", inputs: [0.3] },
  { op: "softplus", inputs: [[-30, -2, 0, 5, 19]] },
  { op: "softplus", inputs: [[[25, -0.5]]] },
  { op: "log1p", inputs: [0.3] },
  { op: "log1p", inputs: [[-0.9, 1e-3, 4]] },
  { op: "log1p", inputs: [[[2], [0.5]]] },
  { op: "log_sigmoid", inputs: [0.3] },
  { op: "log_sigmoid", inputs: [[-30, -2, 0, 5, 30]] },
  { op: "log_sigmoid", inputs: [[[1], [-1]]] },
  { op: "leaky_relu", inputs: [0.3, 0.01] },
  { op: "leaky_relu", inputs: [[-2, 1.5, -0.5], 0.2] },
  {
    op: "leaky_relu",
    inputs: [
      [
        [-2, 1],
        [3, -4],
      ],
      [0.1, 0.3],
    ],
  },
  { op: "elu", inputs: [0.3] },
  { op: "elu", inputs: [[-2, 1.5, -0.5]] },
  {
    op: "elu",
    inputs: [
      [
        [-20, 1],
        [3, -1e-3],
      ],
    ],
  },
  { op: "sin", inputs: [0.3] },
  { op: "sin", inputs: [[-2, 1.5, 10]] },
  { op: "sin", inputs: [[[0], [3]]] },
  { op: "cos", inputs: [0.3] },
  { op: "cos", inputs: [[-2, 1.5, 10]] },
  { op: "cos", inputs: [[[0.1], [3]]] },
  { op: "square", inputs: [0.3] },
  { op: "square", inputs: [[-2, 1.5, 0]] },
  { op: "square", inputs: [[[1e3], [-3]]] },
  {
    op: "outer",
    inputs: [
      [1, 2],
      [3, -4, 5],
    ],
  },
  { op: "outer", inputs: [[0.5], [2]] },
  {
    op: "outer",
    inputs: [
      [1, -1, 2],
      [0.1, 0.2, 0.3],
    ],
  },
  { op: "norm", inputs: [[3, 4]] },
  {
    op: "norm",
    inputs: [
      [
        [1, -2],
        [3, 0.5],
      ],
    ],
  },
  { op: "norm", inputs: [-2.5] },
  { op: "bce_with_logits", inputs: [0.3, 1] },
  {
    op: "bce_with_logits",
    inputs: [
      [-30, -2, 0, 5, 30],
      [1, 0, 0.5, 0.2, 0],
    ],
  },
  { op: "bce_with_logits", inputs: [[[1, -1]], 0.3] },
  { op: "bce", inputs: [0.3, 1] },
  {
    op: "bce",
    inputs: [
      [0.1, 0.5, 0.9],
      [1, 0, 0.3],
    ],
  },
  { op: "bce", inputs: [[[0.2, 0.7]], 0.4] },
  { op: "mse", inputs: [0.3, -1] },
  {
    op: "mse",
    inputs: [
      [1, 2, 3],
      [0.5, -1, 3.5],
    ],
  },
  {
    op: "mse",
    inputs: [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [0, 1],
        [5, -1],
      ],
    ],
  },
];

/** Deterministic upstream weights, so a non-trivial upstream gradient is checked. */
function weights(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + 0.7) + 0.1 * i);
}

function label(c: Case): string {
  return `${c.op}(${c.inputs.map((v) => JSON.stringify(v)).join(", ")})${c.attrs ? ` ${JSON.stringify(c.attrs)}` : ""}`;
}

const RTOL = 1e-5;
const ATOL = 1e-7;

describe("every operation has gradient-check cases", () => {
  it.each(OP_NAMES.filter((n) => OPS[n].kind !== "leaf"))("%s has at least three points", (name) => {
    expect(CASES.filter((c) => c.op === name).length).toBeGreaterThanOrEqual(3);
  });
});

describe.each(CASES.map((c) => [label(c), c] as const))("%s", (_name, c) => {
  const op = getOperation(c.op, c.attrs);
  const inputs = c.inputs.map(fromNested);
  const output = op.forward(inputs);
  const w = weights(output.data.length);
  const upstream: Tensor = { shape: output.shape, data: w };
  const wrt = c.wrt ?? inputs.map((_t, k) => k);
  /** Σ w ⊙ op(inputs with input k's data replaced by x). */
  const objective = (k: number) => (x: Float64Array) => {
    const replaced = inputs.map((t, j) => (j === k ? { shape: t.shape, data: x } : t));
    const y = op.forward(replaced).data;
    let total = 0;
    for (let i = 0; i < y.length; i++) total += w[i]! * y[i]!;
    return total;
  };

  it("vjp matches central differences", () => {
    const vjp = op.vjp(inputs, output, upstream);
    for (const k of wrt) {
      expect(vjp[k]!.shape).toEqual(inputs[k]!.shape);
      expectClose(vjp[k]!.data, numericGradient(objective(k), inputs[k]!.data), RTOL, ATOL, `input ${k}`);
    }
  });

  it("local derivatives match central differences (elementwise) or are absent (otherwise)", () => {
    const locals = op.local(inputs, output);
    for (const k of wrt) {
      const local = locals[k];
      const scalarEdge = inputs[k]!.shape.length === 0 && output.shape.length === 0;
      if (op.kind !== "elementwise" && !scalarEdge) {
        expect(local).toBeNull();
        continue;
      }
      expect(local!.shape).toEqual(output.shape);
      // ∂out_j/∂in_k[m(j)], where m is the broadcast map of input k.
      const map = broadcastIndex(inputs[k]!.shape, output.shape);
      const expected = Float64Array.from({ length: output.data.length }, (_v, j) => {
        const element = (x: Float64Array) => {
          const replaced = inputs.map((t, i) => (i === k ? { shape: t.shape, data: x } : t));
          return op.forward(replaced).data[j]!;
        };
        return centralDifference(element, inputs[k]!.data, map === null ? j : map[j]!);
      });
      expectClose(local!.data, expected, RTOL, ATOL, `local ${k}`);
    }
  });

  it("the engine's backward pass gives the same gradients as the operation's vjp", () => {
    const ids = inputs.map((_t, k) => `in${k}`);
    const specs: NodeSpec[] = [
      // Inputs without a derivative at this point enter as constants (as the exponent 2 of (x - m)^2).
      ...inputs.map((value, k): NodeSpec => ({ id: ids[k]!, op: wrt.includes(k) || c.zeroGrad?.includes(k) ? "input" : "const", value })),
      { id: "y", op: c.op, inputs: ids, ...(c.attrs ? { attrs: c.attrs } : {}) },
      { id: "w", op: "const", value: upstream },
      { id: "p", op: "mul", inputs: ["y", "w"] },
      { id: "L", op: "sum", inputs: ["p"] },
    ];
    const result = evaluate(createGraph(specs, { output: "L" }));
    expectClose(result.value("y").data, output.data, 0, 0, "value");
    const vjp = op.vjp(inputs, output, upstream);
    for (const k of wrt) {
      expect(result.grad(ids[k]!)!.shape).toEqual(inputs[k]!.shape);
      expectClose(result.grad(ids[k]!)!.data, vjp[k]!.data, 1e-15, 1e-300, `grad ${k}`);
      const edge = result.node("y").edges[k]!;
      expectClose(edge.downstream!.data, vjp[k]!.data, 1e-15, 1e-300, `downstream ${k}`);
      expect(sizeOf(edge.downstream!.shape)).toBe(sizeOf(inputs[k]!.shape));
    }
    expectClose(result.grad("y")!.data, w, 0, 0, "upstream of y");
    for (const k of c.zeroGrad ?? []) expect(Array.from(result.grad(ids[k]!)!.data).every((g) => g === 0)).toBe(true);
    for (let k = 0; k < inputs.length; k++) if (!wrt.includes(k) && !c.zeroGrad?.includes(k)) expect(result.grad(ids[k]!)).toBeNull();
  });
});
