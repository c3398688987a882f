/**
 * Every way evaluation can fail names the node, its line and the offending values, and nothing
 * non-finite is ever returned; non-differentiable points are reported with PyTorch's convention.
 */
import { describe, expect, it } from "vitest";
import { AutogradError, type NestedNumbers, type NodeSpec, createGraph, evaluate, getOperation, scalar } from "@/lib/autograd";
import { t } from "./helpers";

const at = (line: number) => ({ line, column: 5 });

function failure(specs: NodeSpec[], output: string): AutogradError {
  try {
    evaluate(createGraph(specs, { output }));
  } catch (error) {
    expect(error).toBeInstanceOf(AutogradError);
    return error as AutogradError;
  }
  return expect.fail("expected an AutogradError");
}

const x = (v: NestedNumbers, id = "x"): NodeSpec => ({ id, op: "input", value: t(v), position: at(1) });

describe("domain errors", () => {
  it("log of a non-positive number names the node, its line and the value", () => {
    for (const v of [0, -2]) {
      const e = failure([x(v), { id: "y", op: "log", inputs: ["x"], position: at(3) }], "y");
      expect(e.code).toBe("domain");
      expect(e.nodeId).toBe("y");
      expect(e.position).toEqual(at(3));
      expect(e.values).toEqual([v]);
      expect(e.message).toBe(`node "y" (line 3): log of a non-positive number: log(${v})`);
    }
  });

  it("sqrt of a negative number", () => {
    const e = failure([x(-4), { id: "r", op: "sqrt", inputs: ["x"], position: at(2) }], "r");
    expect(e.code).toBe("domain");
    expect(e.message).toBe(`node "r" (line 2): sqrt of a negative number: sqrt(-4)`);
  });

  it("division by zero, with both operands", () => {
    const e = failure([x(1), x(0, "z"), { id: "q", op: "div", inputs: ["x", "z"], position: at(4) }], "q");
    expect(e.code).toBe("domain");
    expect(e.values).toEqual([1, 0]);
    expect(e.message).toBe(`node "q" (line 4): division by zero: 1 / 0`);
  });

  it("lists the offending elements of a tensor with their positions", () => {
    const e = failure(
      [
        x([
          [1, -1],
          [0, 2],
        ]),
        { id: "y", op: "log", inputs: ["x"] },
      ],
      "y",
    );
    expect(e.message).toBe(`node "y": log of a non-positive number: log(-1) at [0, 1], log(0) at [1, 0]`);
  });

  it("pow: zero to a negative power and a negative base with a non-integer exponent", () => {
    const zero = failure([x(0), x(-1, "e"), { id: "p", op: "pow", inputs: ["x", "e"] }], "p");
    expect(zero.message).toContain("division by zero");
    const neg = failure([x(-8), x(1 / 3, "e"), { id: "p", op: "pow", inputs: ["x", "e"] }], "p");
    expect(neg.message).toContain("a negative number raised to a non-integer power");
  });

  it("domain checks are pure functions the grader can call on any values", () => {
    expect(getOperation("log").domainError([scalar(-1)])).toBe("log of a non-positive number: log(-1)");
    expect(getOperation("log").domainError([scalar(1)])).toBeNull();
    expect(getOperation("div").domainError([scalar(3), scalar(0)])).toBe("division by zero: 3 / 0");
  });
});

describe("non-finite results are errors, never returned", () => {
  it("overflow in the forward pass", () => {
    const e = failure([x(1000), { id: "y", op: "exp", inputs: ["x"], position: at(2) }], "y");
    expect(e.code).toBe("non-finite");
    expect(e.message).toBe(`node "y" (line 2): exp(1000) is Infinity, not a finite float64 number (overflow)`);
  });

  it("an infinite local derivative (sqrt at 0)", () => {
    const e = failure([x(0), { id: "s", op: "sqrt", inputs: ["x"], position: at(7) }], "s");
    expect(e.code).toBe("non-finite");
    expect(e.message).toBe(`node "s" (line 7): the local derivative ∂s/∂x of sqrt(0) is infinite`);
  });

  it("an undefined derivative with respect to an input (exponent of a negative base)", () => {
    const e = failure([x(-2), x(2, "e"), { id: "p", op: "pow", inputs: ["x", "e"] }], "p");
    expect(e.message).toBe(`node "p": the local derivative ∂p/∂e of (-2) ^ 2 does not exist`);
  });

  it("overflow of a product in the forward pass", () => {
    const e = failure([x(1e200), { id: "sq", op: "mul", inputs: ["x", "x"] }], "sq");
    expect(e.code).toBe("non-finite");
    expect(e.message).toContain("1e+200 * 1e+200 is Infinity");
  });

  it("gradient overflow along an edge (finite values, infinite ∂y/∂x = k1·k2)", () => {
    const e = failure(
      [
        x(1e-300),
        { id: "k1", op: "const", value: scalar(1e300) },
        { id: "p", op: "mul", inputs: ["x", "k1"] },
        { id: "k2", op: "const", value: scalar(1e300) },
        { id: "y", op: "mul", inputs: ["p", "k2"], position: at(9) },
      ],
      "y",
    );
    expect(e.code).toBe("non-finite");
    expect(e.nodeId).toBe("p");
    expect(e.message).toBe('node "p": the gradient sent back to "x" overflows float64 (Infinity)');
  });

  it("values that are not finite are rejected when the graph is built", () => {
    expect(() => createGraph([{ id: "x", op: "input", value: scalar(Number.NaN) }], { output: "x" })).toThrow(/not a finite number/);
  });
});

describe("shape and structure errors", () => {
  it("shape mismatch names both shapes and the node", () => {
    const e = (() => {
      try {
        createGraph([x([1, 2]), x([1, 2, 3], "y"), { id: "s", op: "add", inputs: ["x", "y"], position: at(3) }], { output: "s" });
      } catch (error) {
        return error as AutogradError;
      }
      return null;
    })();
    expect(e?.code).toBe("shape");
    expect(e?.message).toMatch(/^node "s" \(line 3\): shape mismatch: '\+' cannot combine \[2\] with \[3\]/);
  });

  it.each([
    [
      "matmul",
      [
        [1, 2],
        [3, 4],
      ],
      [1, 2, 3],
      /columns of the left operand/,
    ],
    ["dot", [1, 2], [1, 2, 3], /dot needs two vectors of the same length/],
    ["cross_entropy", [1, 2], [[1, 0]], /same shape/],
  ] as const)("%s rejects incompatible shapes", (op, a, b, message) => {
    expect(() => createGraph([x(a as never, "a"), x(b as never, "b"), { id: "y", op, inputs: ["a", "b"] }], { output: "y" })).toThrow(message);
  });

  it("wrong arity, unknown node, duplicate id, unknown operation, cycle, missing output", () => {
    expect(() => createGraph([x(1), { id: "y", op: "exp", inputs: ["x", "x"] }], { output: "y" })).toThrow("exp takes 1 input, got 2");
    expect(() => createGraph([{ id: "y", op: "exp", inputs: ["nope"] }], { output: "y" })).toThrow('input "nope" is not a node');
    expect(() => createGraph([x(1), x(2)], { output: "x" })).toThrow('the id "x" is used by two nodes');
    expect(() => createGraph([{ id: "y", op: "maxpool" as never, inputs: [] }], { output: "y" })).toThrow('unknown operation "maxpool"');
    expect(() =>
      createGraph(
        [
          { id: "a", op: "neg", inputs: ["b"] },
          { id: "b", op: "neg", inputs: ["a"] },
        ],
        { output: "a" },
      ),
    ).toThrow(/cycle/);
    expect(() => createGraph([x(1)], { output: "zz" })).toThrow('the output "zz" is not a node');
  });

  it("a tensor over the element limit", () => {
    expect(() => createGraph([x([1, 2, 3]), x([1, 2, 3], "y"), { id: "o", op: "matmul", inputs: ["x", "y"] }], { output: "o", maxTensorElements: 2 })).toThrow(
      /more than the limit of 2/,
    );
  });
});

describe("non-differentiable points", () => {
  it("relu'(0) and abs'(0) are 0, as in PyTorch, and are reported", () => {
    const result = evaluate(
      createGraph(
        [x(0), { id: "r", op: "relu", inputs: ["x"], position: at(2) }, { id: "a", op: "abs", inputs: ["x"] }, { id: "s", op: "add", inputs: ["r", "a"] }],
        { output: "s" },
      ),
    );
    expect(result.grad("x")!.data[0]).toBe(0);
    expect(result.node("r").edges[0]!.local!.data[0]).toBe(0);
    expect(result.nonDifferentiable.map((p) => [p.nodeId, p.input, p.op])).toEqual([
      ["r", "x", "relu"],
      ["a", "x", "abs"],
    ]);
    expect(result.nonDifferentiable[0]!.note).toContain("relu'(0) = 0");
    expect(result.nonDifferentiable[0]!.position).toEqual(at(2));
  });

  it("reports the element of a tensor", () => {
    const result = evaluate(
      createGraph(
        [
          x([
            [1, 0],
            [-1, 2],
          ]),
          { id: "r", op: "relu", inputs: ["x"] },
          { id: "s", op: "sum", inputs: ["r"] },
        ],
        { output: "s" },
      ),
    );
    expect(result.nonDifferentiable).toHaveLength(1);
    expect(result.nonDifferentiable[0]!.index).toEqual([0, 1]);
    expect(Array.from(result.grad("x")!.data)).toEqual([1, 0, 0, 1]);
  });

  it("is not reported away from the kink, nor for constants", () => {
    const result = evaluate(
      createGraph(
        [
          x(0.5),
          { id: "r", op: "relu", inputs: ["x"] },
          { id: "k", op: "const", value: scalar(0) },
          { id: "rk", op: "abs", inputs: ["k"] },
          { id: "s", op: "add", inputs: ["r", "rk"] },
        ],
        { output: "s" },
      ),
    );
    expect(result.nonDifferentiable).toEqual([]);
  });

  it("is reported for the input whose derivative is a convention, not for a constant beside it", () => {
    const specs = (exponent: NodeSpec): NodeSpec[] => [x(0), exponent, { id: "p", op: "pow", inputs: ["x", "e"] }];
    // x ^ 0 at x = 0: only the exponent's derivative is a convention, and a constant exponent does not vary.
    expect(evaluate(createGraph(specs({ id: "e", op: "const", value: scalar(0) }), { output: "p" })).nonDifferentiable).toEqual([]);
    const varying = evaluate(createGraph(specs(x(0, "e")), { output: "p" }));
    expect(varying.nonDifferentiable.map((p) => p.input)).toEqual(["e"]);
  });

  it("the check is a pure function of the operation", () => {
    const relu = getOperation("relu");
    const input = t([0, 1, 0]);
    expect(relu.nonDifferentiable([input], relu.forward([input])).map((k) => k.index)).toEqual([0, 2]);
  });
});
