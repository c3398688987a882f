/** Graph construction, deep graphs, the JSON contract and the operation registry. */
import { describe, expect, it } from "vitest";
import {
  type NodeSpec,
  OPS,
  OP_NAMES,
  broadcastShapes,
  createGraph,
  evaluate,
  fromNested,
  getOperation,
  nestedShape,
  scalar,
  toEvalJson,
  toNested,
  topologicalOrder,
  unbroadcast,
} from "@/lib/autograd";
import { t } from "./helpers";

/** x → (·1.0001) → (·1.0001) → ... : n multiplications, so ∂y/∂x = 1.0001^n. */
function chain(n: number): NodeSpec[] {
  const specs: NodeSpec[] = [
    { id: "x", op: "input", value: scalar(0.5) },
    { id: "k", op: "const", value: scalar(1.0001) },
  ];
  let prev = "x";
  for (let i = 0; i < n; i++) {
    specs.push({ id: `n${i}`, op: "mul", inputs: [prev, "k"] });
    prev = `n${i}`;
  }
  return specs;
}

describe("deep graphs", () => {
  it("evaluate a 100,000-node chain without overflowing the stack", () => {
    const n = 100_000;
    const result = evaluate(createGraph(chain(n), { output: `n${n - 1}` }));
    expect(result.outputValue.data[0]).toBeCloseTo(0.5 * 1.0001 ** n, 6);
    expect(result.grad("x")!.data[0]! / 1.0001 ** n).toBeCloseTo(1, 9);
    // The constant k feeds every node: its gradient sums 100,000 contributions.
    expect(result.grad("k")!.data[0]! / ((n * 0.5 * 1.0001 ** n) / 1.0001)).toBeCloseTo(1, 9);
  });

  it("sort 100,000 specs given in reverse order (iterative topological sort)", () => {
    const specs = chain(100_000).reverse();
    const graph = createGraph(specs, { output: "n99999" });
    expect(graph.nodes[0]!.id).toBe("x");
    expect(graph.nodes[graph.nodes.length - 1]!.id).toBe("n99999");
  });

  it("keep an order that is already topological", () => {
    const order = topologicalOrder([[], [0], [0, 1], []], (i) => ({ id: String(i) }));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(topologicalOrder([[1], [], [0]], (i) => ({ id: String(i) }))).toEqual([1, 0, 2]);
  });
});

describe("graph values", () => {
  it("withInputValues re-evaluates at other inputs without rebuilding, and checks shapes", () => {
    const graph = createGraph(
      [
        { id: "x", op: "input", value: scalar(2) },
        { id: "y", op: "mul", inputs: ["x", "x"] },
      ],
      { output: "y" },
    );
    expect(evaluate(graph.withInputValues({ x: scalar(3) })).outputValue.data[0]).toBe(9);
    expect(evaluate(graph).outputValue.data[0]).toBe(4);
    expect(() => graph.withInputValues({ x: t([1, 2]) })).toThrow(/shape mismatch/);
    expect(() => graph.withInputValues({ y: scalar(1) })).toThrow(/not an input/);
  });

  it("nodes not reaching the output get gradient 0 and still appear", () => {
    const result = evaluate(
      createGraph(
        [
          { id: "x", op: "input", value: scalar(2) },
          { id: "dead", op: "exp", inputs: ["x"] },
          { id: "y", op: "neg", inputs: ["x"] },
        ],
        { output: "y" },
      ),
    );
    expect(result.grad("dead")!.data[0]).toBe(0);
    expect(result.grad("x")!.data[0]).toBe(-1);
    expect(result.nodes.map((n) => n.id)).toEqual(["x", "dead", "y"]);
  });

  it("accessors return copies: changing one does not change the result", () => {
    const result = evaluate(
      createGraph(
        [
          { id: "x", op: "input", value: scalar(2) },
          { id: "y", op: "exp", inputs: ["x"] },
        ],
        { output: "y" },
      ),
    );
    result.value("y").data[0] = 123;
    expect(result.value("y").data[0]).toBe(Math.exp(2));
  });
});

describe("toEvalJson", () => {
  it("has exactly the contract's keys, in topological order, scalars as numbers and tensors as nested arrays", () => {
    const result = evaluate(
      createGraph(
        [
          {
            id: "W",
            op: "input",
            value: t([
              [1, 2],
              [3, 4],
            ]),
            position: { line: 1, column: 7 },
          },
          { id: "v", op: "const", value: t([1, -1]), position: { line: 2, column: 5 } },
          { id: "h", op: "matmul", inputs: ["W", "v"], position: { line: 3, column: 7 } },
          { id: "s.1", op: "tanh", inputs: ["h"], position: { line: 4, column: 5 } },
          { id: "s", op: "sum", inputs: ["s.1"], position: { line: 4, column: 5 } },
        ],
        { output: "s" },
      ),
    );
    const json = toEvalJson(result);
    expect(Object.keys(json)).toEqual(["output", "value", "nodes"]);
    expect(json.output).toBe("s");
    expect(typeof json.value).toBe("number");
    for (const node of json.nodes) expect(Object.keys(node)).toEqual(["id", "op", "inputs", "shape", "value", "grad", "edges", "line"]);
    const h = json.nodes.find((n) => n.id === "h")!;
    expect(h).toMatchObject({ op: "matmul", inputs: ["W", "v"], shape: [2], value: [-1, -1], line: 3 });
    expect(h.edges.map((e) => e.local)).toEqual([null, null]); // not elementwise
    const tanhNode = json.nodes.find((n) => n.id === "s.1")!;
    expect(tanhNode.edges[0]!.local).toEqual([1 - Math.tanh(-1) ** 2, 1 - Math.tanh(-1) ** 2]);
    expect(json.nodes.find((n) => n.id === "W")!.grad).toEqual([
      [1 - Math.tanh(-1) ** 2, -(1 - Math.tanh(-1) ** 2)],
      [1 - Math.tanh(-1) ** 2, -(1 - Math.tanh(-1) ** 2)],
    ]);
    expect(json.nodes.map((n) => n.id)).toEqual(["W", "v", "h", "s.1", "s"]);
  });

  it("gives the 1×1 local derivative of a non-elementwise operation on a scalar edge", () => {
    const json = toEvalJson(
      evaluate(
        createGraph(
          [
            { id: "x", op: "input", value: scalar(3) },
            { id: "m", op: "mean", inputs: ["x"] },
          ],
          { output: "m" },
        ),
      ),
    );
    expect(json.nodes[1]!.edges).toEqual([{ from: "x", local: 1, downstream: 1 }]);
  });

  it("a broadcast scalar gets one local derivative per output element and a summed downstream", () => {
    const json = toEvalJson(
      evaluate(
        createGraph(
          [
            { id: "a", op: "input", value: scalar(2) },
            { id: "v", op: "input", value: t([1, 2, 3]) },
            { id: "p", op: "mul", inputs: ["a", "v"] },
            { id: "s", op: "sum", inputs: ["p"] },
          ],
          { output: "s" },
        ),
      ),
    );
    const p = json.nodes.find((n) => n.id === "p")!;
    expect(p.edges[0]).toEqual({ from: "a", local: [1, 2, 3], downstream: 6 });
    expect(p.edges[1]).toEqual({ from: "v", local: [2, 2, 2], downstream: [2, 2, 2] });
  });
});

describe("tensors and broadcasting", () => {
  it("round-trips nested arrays", () => {
    for (const v of [
      3,
      [1, 2],
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ])
      expect(toNested(fromNested(v))).toEqual(v);
    expect(
      fromNested([
        [1, 2],
        [3, 4],
      ]).shape,
    ).toEqual([2, 2]);
  });

  it("rejects ragged, empty and non-numeric arrays", () => {
    expect(nestedShape([[1, 2], [3]])).toHaveProperty("error");
    expect(nestedShape([])).toHaveProperty("error");
    expect(nestedShape([1, "2"])).toHaveProperty("error");
    expect(nestedShape([1, Infinity])).toHaveProperty("error");
    expect(() => fromNested([[1], [2, 3]])).toThrow(/rectangular/);
  });

  it("broadcasts like NumPy and sums back", () => {
    expect(broadcastShapes([2, 3], [])).toEqual([2, 3]);
    expect(broadcastShapes([2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes([2, 1], [1, 3])).toEqual([2, 3]);
    expect(broadcastShapes([2, 3], [2])).toBeNull();
    expect(
      Array.from(
        unbroadcast(
          t([
            [1, 2, 3],
            [4, 5, 6],
          ]),
          [3],
        ).data,
      ),
    ).toEqual([5, 7, 9]);
    expect(
      Array.from(
        unbroadcast(
          t([
            [1, 2, 3],
            [4, 5, 6],
          ]),
          [2, 1],
        ).data,
      ),
    ).toEqual([6, 15]);
    expect(
      Array.from(
        unbroadcast(
          t([
            [1, 2, 3],
            [4, 5, 6],
          ]),
          [],
        ).data,
      ),
    ).toEqual([21]);
  });
});

describe("the operation registry", () => {
  it("holds every operation of the eval JSON, each under its own name", () => {
    expect(OP_NAMES.sort()).toEqual(
      [
        "input",
        "const",
        "add",
        "sub",
        "mul",
        "div",
        "neg",
        "pow",
        "exp",
        "log",
        "sqrt",
        "abs",
        "tanh",
        "sigmoid",
        "relu",
        "sum",
        "mean",
        "dot",
        "matmul",
        "transpose",
        "softmax",
        "log_softmax",
        "cross_entropy",
        // Tensors: axis reductions and indexing
        "max",
        "index",
        // Issue 13: expressions, reassignment and functions.
        ...["stack", "maximum", "minimum", "clip", "softplus", "log1p", "log_sigmoid", "leaky_relu", "elu", "sin", "cos", "square"],
        ...["outer", "norm", "bce_with_logits", "bce", "mse"],
      ].sort(),
    );
    for (const name of OP_NAMES) {
      const op = OPS[name];
      expect(op.name).toBe(name);
      expect(op.symbol.length).toBeGreaterThan(0);
      expect(op.latex(["a", "b"]).length).toBeGreaterThan(0);
    }
  });

  it("keeps - and / as their own operations with their own LaTeX", () => {
    expect(getOperation("sub").latex(["a", "b"])).toBe("a - b");
    expect(getOperation("div").latex(["a", "b"])).toBe("\\frac{a}{b}");
    expect(getOperation("pow").latex(["x", "2"])).toBe("{x}^{2}");
    expect(getOperation("matmul").symbol).toBe("@");
  });

  it("forward and local are pure: they do not change their inputs", () => {
    for (const name of OP_NAMES) {
      const op = OPS[name];
      if (op.kind === "leaf") continue;
      const inputs =
        op.arity === 1
          ? [t([0.5, 1.5])]
          : op.arity === 3
            ? [t([0.5, 1.5]), t([0, 1]), t([2, 3])]
            : name === "matmul"
              ? [
                  t([
                    [1, 2],
                    [3, 4],
                  ]),
                  t([0.5, 1]),
                ]
              : [t([0.5, 1.5]), t([2, 3])];
      const before = inputs.map((x) => Array.from(x.data));
      const out = op.forward(inputs);
      op.local(inputs, out);
      op.vjp(inputs, out, { shape: out.shape, data: out.data.map(() => 1) });
      expect(inputs.map((x) => Array.from(x.data))).toEqual(before);
    }
  });

  it("forward rejects shapes its rule rejects", () => {
    expect(() => getOperation("add").forward([t([1, 2]), t([1, 2, 3])])).toThrow(/shape mismatch/);
    expect(() => getOperation("matmul").forward([scalar(1), t([1])])).toThrow(/shape mismatch/);
    expect(() => getOperation("input")).toThrow(/leaf/);
  });
});
