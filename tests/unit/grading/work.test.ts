/**
 * The grader's walk (grading/work.ts `propagate`) is the engine's backward routine (autograd/backward.ts)
 * with other steps: left to itself, settling every quantity with the number it recomputes, it must give
 * the engine's numbers for every value, gradient, local derivative and downstream gradient, on scalar
 * and tensor graphs, with broadcasting, fan-out and operations that send back through a VJP.
 */
import { describe, expect, it } from "vitest";
import { type Tensor, backward, sendBack, sendBackThroughLocal } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { type Quantity, type Work, propagate, referenceWork } from "@/lib/grading/work";
import { expectClose } from "../autograd/helpers";

const GRAPHS: Record<string, string> = {
  "seed standard deviation": "input x1 = -1, x2 = 3\nm = (x1 + x2) / 2\na = (x1 - m)^2\nb = (x2 - m)^2\nv = (a + b) / 2\ns = sqrt(v)\noutput s",
  "fan-out and sigmoid": "input x = 0.7, w = -1.3\ns = x * w\ny = sigmoid(s) * s + exp(s)\noutput y",
  "broadcast bias and matmul": "input X = [[1, -2], [0.5, 3]], W = [[0.2, -0.4], [1.1, 0.3]], b = [0.1, -0.2]\nZ = X @ W + b\nL = sum(tanh(Z))\noutput L",
  "softmax cross-entropy with labels": "input Z = [[1, 2, 0.5], [0.3, -1, 2]], y = [2, 0]\nL = mean(cross_entropy(Z, y))\noutput L",
  "scalar reductions and dot": "input u = [1, -2, 3], v = [0.5, 0.25, -1], c = 2\nd = dot(u, v)\ne = sum(c) * d\noutput e",
};

function sameWork(actual: Work, expected: Work, label: string): void {
  const pairs: [string, (Tensor | null)[], (Tensor | null)[]][] = [
    ["value", actual.value, expected.value],
    ["grad", actual.grad, expected.grad],
    ["local", actual.local.flat(), expected.local.flat()],
    ["downstream", actual.downstream.flat(), expected.downstream.flat()],
  ];
  for (const [field, a, e] of pairs) {
    expect(a.length, `${label} ${field} count`).toBe(e.length);
    e.forEach((t, i) => {
      if (t === null) return expect(a[i], `${label} ${field}[${i}] has no reference, so nothing is settled`).toBeNull();
      expect(a[i], `${label} ${field}[${i}]`).not.toBeNull();
      expect(a[i]!.shape).toEqual(t.shape);
      expectClose(a[i]!.data, t.data, 1e-12, 1e-14, `${label} ${field}[${i}]`);
    });
  }
}

describe("the grader's walk recomputes the engine's numbers", () => {
  for (const [name, source] of Object.entries(GRAPHS)) {
    it(name, () => {
      const { graph, evaluated } = evaluateSource(source);
      const reference = referenceWork(evaluated);
      const settled: Quantity[] = [];
      const work = propagate(graph, reference, {
        settle(q, candidates) {
          settled.push(q);
          return candidates[0] ?? null;
        },
      });
      sameWork(work, reference, name);
      // Every gradient is settled before anything is sent back through its node (the walk's invariant).
      const gradAt = new Map(settled.map((q, order) => [q.field === "grad" ? q.node : -1, order]));
      settled.forEach((q, order) => {
        if (q.field === "downstream" && gradAt.has(q.node)) expect(gradAt.get(q.node)!).toBeLessThan(order);
      });
    });
  }
});

describe("backward: the one walk", () => {
  it("settles each node's gradient, from the output down, before the node sends anything back; leaves send nothing", () => {
    const { graph } = evaluateSource("input x = 1, y = 2\nq = x + y\nf = q * x\noutput f");
    const steps: string[] = [];
    backward(graph, { gradient: (i) => steps.push(`grad ${graph.nodes[i]!.id}`), sendBack: (i) => steps.push(`send ${graph.nodes[i]!.id}`) });
    expect(steps).toEqual(["grad f", "send f", "grad q", "send q", "grad y", "grad x"]);
  });
});

describe("sendBack: through the local derivative where that is the chain rule, else the VJP", () => {
  it("a scalar edge of an operation that is not elementwise goes through its local derivative, and agrees with the VJP", () => {
    const { graph, evaluated } = evaluateSource("input a = 3\nd = mean(a)\noutput d");
    const node = graph.nodes.find((n) => n.id === "d")!;
    const op = node.op;
    if (op.kind === "leaf") throw new Error("d is an operation");
    const ins = node.inputs.map((j) => evaluated.nodes[j]!.value);
    const output = evaluated.node("d").value;
    const upstream: Tensor = { shape: [], data: Float64Array.of(2) };
    const locals = op.local(ins, output);
    const via = sendBack(op, ins, output, upstream, locals);
    const vjp = op.vjp(ins, output, upstream);
    expect(Array.from(via[0]!.data)).toEqual(Array.from(vjp[0]!.data));
    expect(Array.from(via[0]!.data)).toEqual([2]);
    // A student's own (wrong) local derivative is carried through the same rule.
    const carried = sendBackThroughLocal(op, ins, upstream, 0, { shape: [], data: Float64Array.of(10) });
    expect(Array.from(carried!.data)).toEqual([20]);
  });

  it("a tensor edge of a VJP operation is not a product with a local derivative", () => {
    const { graph, evaluated } = evaluateSource("input X = [[1, 2], [3, 4]], W = [[1, 0], [0, 1]]\nZ = X @ W\nL = sum(Z)\noutput L");
    const node = graph.nodes.find((n) => n.id === "Z")!;
    const op = node.op;
    if (op.kind === "leaf") throw new Error("Z is an operation");
    const ins = node.inputs.map((j) => evaluated.nodes[j]!.value);
    const upstream = evaluated.node("Z").grad!;
    const fake: Tensor = { shape: [2, 2], data: Float64Array.of(9, 9, 9, 9) };
    expect(sendBackThroughLocal(op, ins, upstream, 0, fake)).toBeNull();
    const sent = sendBack(op, ins, evaluated.node("Z").value, upstream, [fake, fake]);
    expect(Array.from(sent[0]!.data)).toEqual(Array.from(op.vjp(ins, evaluated.node("Z").value, upstream)[0]!.data));
  });

  it("an elementwise edge without a local derivative sends nothing", () => {
    const { graph, evaluated } = evaluateSource("input x = 2, y = 3\nz = x * y\noutput z");
    const node = graph.nodes.find((n) => n.id === "z")!;
    const op = node.op;
    if (op.kind === "leaf") throw new Error("z is an operation");
    const ins = node.inputs.map((j) => evaluated.nodes[j]!.value);
    const upstream: Tensor = { shape: [], data: Float64Array.of(1) };
    expect(sendBack(op, ins, evaluated.node("z").value, upstream, [null, { shape: [], data: Float64Array.of(2) }])).toEqual([
      null,
      { shape: [], data: Float64Array.of(2) },
    ]);
  });
});
