import { describe, expect, it } from "vitest";
import { OPS, OP_NAMES } from "@/lib/autograd";
import { slotsOf } from "@/lib/graph-view/fields";
import { structureFromSource, type GraphStructure } from "@/lib/graph-view/structure";

function structure(source: string): GraphStructure {
  const r = structureFromSource(source);
  if (!r.ok) throw new Error(r.error.message);
  return r.structure;
}

function localSlots(source: string, nodeId: string): string[] {
  const s = structure(source);
  const node = s.nodes.find((n) => n.id === nodeId)!;
  return slotsOf(s, node, ["local"]).map((slot) => slot.from!);
}

describe("which edges ask for a local derivative", () => {
  it("asks on vector edges of elementwise operations", () => {
    expect(localSlots("input x[3], w[3]\ny = x * w\noutput y", "y")).toEqual(["x", "w"]);
    expect(localSlots("input x[3]\ny = relu(x)\noutput y", "y")).toEqual(["x"]);
    expect(localSlots("input x[3]\ny = sigmoid(x)\noutput y", "y")).toEqual(["x"]);
  });

  it("does not ask on vector edges of operations whose Jacobian is not diagonal", () => {
    expect(localSlots("input x[3]\ny = sum(x)\noutput y", "y")).toEqual([]);
    expect(localSlots("input x[3], w[3]\ny = dot(x, w)\noutput y", "y")).toEqual([]);
    expect(localSlots("input x[3]\ny = softmax(x)\noutput y", "y")).toEqual([]);
  });

  it("asks on every scalar-to-scalar edge, whatever the operation", () => {
    expect(localSlots("input a, b\ny = a * b\noutput y", "y")).toEqual(["a", "b"]);
  });

  it("follows the engine's registry: the elementwise operations are the ones with an elementwise rule", () => {
    const elementwise = OP_NAMES.filter((name) => OPS[name].kind === "elementwise");
    expect(elementwise).toEqual([
      ...["add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu"],
      // added with the graph language's new functions: each asks for its local derivatives like the others
      ...["maximum", "minimum", "clip", "softplus", "log1p", "log_sigmoid", "leaky_relu", "elu", "sin", "cos", "square", "bce_with_logits", "bce"],
    ]);
  });
});
