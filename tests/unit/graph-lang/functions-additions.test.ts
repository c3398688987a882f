/** The functions added to the graph language (max, min, clip, softplus, ...) in the graph language: names, defaults, arities and domain errors at their line. */
import { describe, expect, it } from "vitest";
import { graphErrorOf } from "./graph-error";
import { toEvalJson } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";

const json = (source: string) => toEvalJson(evaluateSource(source).evaluated);
const error = graphErrorOf;

describe("functions", () => {
  it("max(a, b) and min(a, b) are the elementwise maximum and minimum; ties split the gradient", () => {
    const j = json("input a = 2, b = 2\ny = max(a, b) + min(a, 3 * b)");
    expect(j.nodes.find((n) => n.id === "y.1")!.op).toBe("maximum");
    expect(j.nodes.find((n) => n.id === "a")!.grad).toBe(1.5);
    expect(j.nodes.find((n) => n.id === "b")!.grad).toBe(0.5);
  });

  it("leaky_relu(x) uses slope 0.01 (a const node); leaky_relu(x, s) takes the slope", () => {
    const j = json("input x = -2\ny = leaky_relu(x)");
    expect(j.value).toBe(-0.02);
    expect(j.nodes.map((n) => [n.id, n.op])).toEqual([
      ["x", "input"],
      ["y.1", "const"],
      ["y", "leaky_relu"],
    ]);
    expect(json("input x = -2\ny = leaky_relu(x, 0.2)").value).toBe(-0.4);
    expect(error("input x = -2\ny = leaky_relu(x, 1, 2)").message).toBe("leaky_relu takes 1 or 2 arguments, got 3");
  });

  it("clip's bounds may be numbers or nodes", () => {
    const j = json("input x = [-2, 0.5, 3], lo = 0\ny = sum(clip(x, lo, 1))");
    expect(j.value).toBe(1.5);
    expect(j.nodes.find((n) => n.id === "lo")!.grad).toBe(1);
    expect(j.nodes.find((n) => n.id === "x")!.grad).toEqual([0, 1, 0]);
  });

  it("outer, norm, mse, bce, bce_with_logits, softplus, log_sigmoid, elu, sin, cos, square evaluate", () => {
    expect(json("input u = [1, 2], v = [3, 4, 5]\ny = sum(outer(u, v))").value).toBe(36);
    expect(json("input v = [3, 4]\ny = norm(v)").value).toBe(5);
    expect(json("input a = [1, 2], b = [3, 2]\ny = mse(a, b)").value).toBe(2);
    expect(json("input p = 0.5\ny = bce(p, 1)").value).toBe(Math.LN2);
    expect(json("input z = 0\ny = bce_with_logits(z, 1)").value).toBe(Math.LN2);
    expect(json("input x = 0\ny = softplus(x) + log_sigmoid(x) + elu(x) + sin(x) + cos(x) + square(x)").value).toBe(1);
  });

  it("domain errors are located at the function and say what is wrong", () => {
    const e = error("input x = -1\ny = x + 1\nz = log1p(x)");
    expect([e.kind, e.line, e.column]).toEqual(["domain", 3, 5]);
    expect(e.message).toContain("log1p of a number at or below -1");
    const b = error("input p = 1.5\ny = bce(p, 1)");
    expect([b.kind, b.line]).toEqual(["domain", 2]);
    expect(b.message).toContain("between 0 and 1");
    expect(error("input x = 1\ny = clip(x, 2, 1)").message).toContain("clip needs lo ≤ hi");
  });
});
