/** From text to evaluated graph: node ids, input values, outputs, and the seed homework in the language. */
import { describe, expect, it } from "vitest";
import { toEvalJson } from "@/lib/autograd";
import { compileGraph, evaluateSource, parseGraph } from "@/lib/graph-lang";

const STD = `# standard deviation of two samples
input x1 = -1, x2 = 3      # inputs, with optional default values
m = (x1 + x2) / 2
a = (x1 - m) ^ 2
b = (x2 - m) ^ 2
v = (a + b) / 2
s = sqrt(v)
output s                   # optional; default: the last assignment
`;

const CE = `input Y[3,3] = [[0.65,0.43,0.11],[0.05,0.51,0.18],[0.33,0.21,0.72]]
T = [[1,0,0],[0,1,0],[0,0,1]]
L = sum(cross_entropy(Y, T))
`;

describe("the seed homework written in the language", () => {
  it("std: value 2, gradients -0.5 and 0.5, ∂s/∂m = 0", () => {
    const json = toEvalJson(evaluateSource(STD).evaluated);
    expect(json.output).toBe("s");
    expect(json.value).toBe(2);
    const node = (id: string) => json.nodes.find((n) => n.id === id)!;
    expect(node("x1").grad).toBe(-0.5);
    expect(node("x2").grad).toBe(0.5);
    expect(node("m").grad).toBe(0);
  });

  it("std: the m node of the contract's example", () => {
    const json = toEvalJson(evaluateSource(STD).evaluated);
    expect(JSON.parse(JSON.stringify(json.nodes.find((n) => n.id === "m")))).toEqual({
      id: "m",
      op: "div",
      inputs: ["m.1", "m.2"],
      shape: [],
      value: 1,
      grad: 0,
      edges: [
        { from: "m.1", local: 0.5, downstream: 0 },
        { from: "m.2", local: -0.5, downstream: 0 },
      ],
      line: 3,
    });
  });

  it("cross-entropy: 2.546916… with gradient softmax(Y) − T", () => {
    const { evaluated } = evaluateSource(CE);
    expect(evaluated.outputValue.data[0]).toBeCloseTo(2.546916, 6);
    const Y = evaluated.value("Y").data;
    const grad = evaluated.grad("Y")!.data;
    for (let r = 0; r < 3; r++) {
      const z = Math.exp(Y[3 * r]!) + Math.exp(Y[3 * r + 1]!) + Math.exp(Y[3 * r + 2]!);
      for (let c = 0; c < 3; c++) expect(grad[3 * r + c]).toBeCloseTo(Math.exp(Y[3 * r + c]!) / z - (r === c ? 1 : 0), 14);
    }
  });
});

describe("node ids", () => {
  it("name the top node after the assignment and number the others in post-order, left to right", () => {
    const graph = compileGraph(parseGraph(STD));
    expect(graph.nodes.map((n) => `${n.id}:${n.op.name}`)).toEqual([
      "x1:input",
      "x2:input",
      "m.1:add",
      "m.2:const",
      "m:div",
      "a.1:sub",
      "a.2:const",
      "a:pow",
      "b.1:sub",
      "b.2:const",
      "b:pow",
      "v.1:add",
      "v.2:const",
      "v:div",
      "s:sqrt",
    ]);
  });

  it("are stable for the same text and follow nesting", () => {
    const ids = () => compileGraph(parseGraph("input x = 1\ny = exp(-x) * (2 + log(x + 3))")).nodes.map((n) => n.id);
    expect(ids()).toEqual(["x", "y.1", "y.2", "y.3", "y.4", "y.5", "y.6", "y.7", "y"]);
    expect(ids()).toEqual(ids());
    const ops = compileGraph(parseGraph("input x = 1\ny = exp(-x) * (2 + log(x + 3))")).nodes.map((n) => n.op.name);
    expect(ops).toEqual(["input", "neg", "exp", "const", "const", "add", "log", "add", "mul"]);
  });

  it("a literal assignment is one const node with the name", () => {
    const graph = compileGraph(parseGraph("T = [[1, 0], [0, 1]]"));
    expect(graph.nodes.map((n) => [n.id, n.op.name, n.shape])).toEqual([["T", "const", [2, 2]]]);
  });

  it("every node records its line", () => {
    const json = toEvalJson(evaluateSource(STD).evaluated);
    expect(json.nodes.map((n) => n.line)).toEqual([2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7]);
  });
});

describe("input values", () => {
  it("at overrides defaults, numbers and JSON matrices alike", () => {
    const { evaluated } = evaluateSource(STD, { at: { x1: 1, x2: 5 } });
    expect(evaluated.outputValue.data[0]).toBe(2);
    expect(evaluated.grad("x1")!.data[0]).toBe(-0.5);
    const ce = evaluateSource(CE, {
      at: {
        Y: [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
      },
    }).evaluated;
    expect(ce.outputValue.data[0]).toBeCloseTo(3 * Math.log(3), 12);
  });

  it("gives values to inputs declared without defaults, taking the declared shape", () => {
    const graph = compileGraph(parseGraph("input W[2,2], v[2]\ny = sum(W @ v)"), {
      at: {
        W: [
          [1, 2],
          [3, 4],
        ],
        v: [1, 1],
      },
    });
    expect(graph.node("W").shape).toEqual([2, 2]);
  });

  it("an input without a declared shape takes its default's shape", () => {
    expect(compileGraph(parseGraph("input v = [1, 2, 3]\ny = sum(v)")).node("v").shape).toEqual([3]);
  });
});

describe("the output", () => {
  it("defaults to the last assignment", () => {
    expect(compileGraph(parseGraph("input x = 2\na = x * 3\nb = a + 1")).output.id).toBe("b");
  });

  it("can be any node, given before or after its definition", () => {
    expect(compileGraph(parseGraph("input x = 2\noutput a\na = x * 3\nb = a + 1")).output.id).toBe("a");
    expect(compileGraph(parseGraph("input x = 2\na = x * 3\noutput x")).output.id).toBe("x");
  });
});

describe("names that are also Object.prototype properties", () => {
  it("are ordinary names: an input called constructor still needs a value", () => {
    expect(() => compileGraph(parseGraph("input constructor\ny = constructor * 2"))).toThrow('input "constructor" has no value');
    expect(compileGraph(parseGraph("input constructor\ny = constructor * 2"), { at: { constructor: 3 } }).node("constructor").value!.data[0]).toBe(3);
  });
});
