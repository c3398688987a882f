/**
 * The differential test's generator, without torch (so it runs in `npm test` everywhere): graphs are a
 * pure function of (seed, index), they parse and evaluate, shapes follow NumPy broadcasting, and every
 * case of today's language is exercised. The comparison with PyTorch itself is `npm run -s test:differential`.
 */
import { describe, expect, it } from "vitest";
import { toEvalJson } from "@/lib/autograd";
import { evaluateSource, GraphError } from "@/lib/graph-lang";
import { broadcast, CASES, generateGraph } from "./generate";

describe("differential generator", () => {
  it("is deterministic: the same seed and index give the same source", () => {
    for (let i = 0; i < 20; i++) expect(generateGraph(13, i).source).toBe(generateGraph(13, i).source);
    expect(generateGraph(13, 0).source).not.toBe(generateGraph(14, 0).source);
  });

  it("writes graphs that parse and compile; nearly all evaluate at the first attempt", () => {
    let evaluated = 0;
    const ops = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { source } = generateGraph(13, i);
      try {
        const json = toEvalJson(evaluateSource(source).evaluated);
        const shapeOf = new Map(json.nodes.map((n) => [n.id, n.shape]));
        for (const n of json.nodes) {
          ops.add(n.op);
          // Labels have the loss's own rank ([m] for [m] losses); probability targets have the logits' rank.
          if (n.op === "cross_entropy" && shapeOf.get(n.inputs[1]!)!.length === n.shape.length) ops.add("cross_entropy (labels)");
        }
        evaluated++;
      } catch (e) {
        // Only evaluation may fail (an overflow, say: run.ts redraws those), never parsing or shapes.
        expect(e).toBeInstanceOf(GraphError);
        expect((e as GraphError).kind).toMatch(/domain|overflow|non-finite/);
      }
    }
    expect(evaluated).toBeGreaterThanOrEqual(190);
    for (const op of ["add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu"]) expect(ops).toContain(op);
    for (const op of ["sum", "mean", "dot", "matmul", "transpose", "softmax", "log_softmax", "cross_entropy"]) expect(ops).toContain(op);
    for (const op of ["softplus", "log_sigmoid", "log1p", "sin", "cos", "square", "elu", "index", "stack"]) expect(ops).toContain(op);
    for (const op of ["maximum", "minimum", "clip", "max", "bce_with_logits", "bce", "mse", "cross_entropy (labels)"]) expect(ops).toContain(op);
  });

  it("broadcasts as NumPy does, the [m,1] column included", () => {
    expect(broadcast([3, 2], [2])).toEqual([3, 2]);
    expect(broadcast([3, 2], [3, 1])).toEqual([3, 2]);
    expect(broadcast([], [4])).toEqual([4]);
    expect(broadcast([3, 2], [3])).toBeNull();
  });

  it("names every case, so a failing graph can be traced to a feature", () => {
    const names = CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
