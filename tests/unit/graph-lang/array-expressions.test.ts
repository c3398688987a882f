/** Array literals of expressions: `[x0, x1, 1]` is a vector node, `[[a, b], [c, d]]` a matrix node. */
import { describe, expect, it } from "vitest";
import { toEvalJson } from "@/lib/autograd";
import { GraphError, evaluateSource, formatExpr, nodeExpressions, parseGraph } from "@/lib/graph-lang";

const json = (source: string) => toEvalJson(evaluateSource(source).evaluated);
const node = (j: ReturnType<typeof json>, id: string) => j.nodes.find((n) => n.id === id)!;

describe("array literals of expressions", () => {
  it("[x0, x1, 1] is a stack node whose entries' gradients flow back", () => {
    const j = json("input x0 = 2, x1 = -3\nv = [x0, x1, 1]\nw = [0.5, 2, 4]\ny = dot(v, w)");
    expect(node(j, "v").op).toBe("stack");
    expect(node(j, "v").value).toEqual([2, -3, 1]);
    expect(node(j, "v.1").op).toBe("const");
    expect(j.value).toBe(2 * 0.5 - 3 * 2 + 4);
    expect(node(j, "x0").grad).toBe(0.5);
    expect(node(j, "x1").grad).toBe(2);
    // The all-number array stays one constant, exactly as before.
    expect(node(j, "w").op).toBe("const");
  });

  it("[[a, b], [c, d]] stacks rows into a matrix; a row of numbers is a constant row", () => {
    const j = json("input a = 1, b = 2, c = 3, d = 4\nM = [[a, b], [c, d]]\nN = [[a * 2, 0], [1, 1]]\ny = sum(M @ N)");
    expect(node(j, "M").value).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(node(j, "M.1").op).toBe("stack");
    expect(node(j, "N.4").op).toBe("stack"); // the row [a * 2, 0]
    expect(node(j, "N.5").op).toBe("const"); // the row [1, 1]
    // y = sum over M @ N with N = [[2a, 0], [1, 1]]: (2a·a + b) + b + (2a·c + d) + d
    expect(j.value).toBe(2 + 2 + 2 + 6 + 4 + 4);
    expect(node(j, "a").grad).toBe(4 * 1 + 2 * 3);
    expect(node(j, "c").grad).toBe(2);
    expect(node(j, "d").grad).toBe(2);
  });

  it("entries may be any expressions, including vectors stacked as rows", () => {
    const j = json("input u = [1, 2], v = [3, 4]\nM = [u, v * 2]\ny = sum(M)");
    expect(node(j, "M").value).toEqual([
      [1, 2],
      [6, 8],
    ]);
    expect(node(j, "v").grad).toEqual([2, 2]);
  });

  it("node-text names the entries like the compiler and writes the array back", () => {
    const program = parseGraph("input x = 1\nv = [x + 1, -x, 2]");
    const texts = nodeExpressions(program);
    expect([...texts.keys()]).toEqual(["v.1", "v.2", "v.3", "v.4", "v"]);
    expect(formatExpr(texts.get("v")!.expr)).toBe("[x + 1, -x, 2]");
  });

  it("an all-number array literal gives byte-identical eval JSON as before (a const node)", () => {
    const j = json("input x = 1\ny = x * [[1, -2], [3, 4.5]]\nz = sum(y)");
    expect(node(j, "y.1")).toMatchObject({
      op: "const",
      value: [
        [1, -2],
        [3, 4.5],
      ],
    });
  });

  it("entries of different shapes are a shape error at the array", () => {
    let error: unknown;
    try {
      evaluateSource("input u = [1, 2], x = 1\nM = [u, x]");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphError);
    const e = error as GraphError;
    expect([e.kind, e.line, e.column]).toEqual(["shape", 2, 5]);
    expect(e.message).toContain("shape mismatch: the entries of an array must all have the same shape; entry 2 is a scalar, entry 1 is shape [2]");
  });
});
