/** Errors that teach: `**`, unclosed brackets where they opened, the broadcast rule, array arithmetic in answers. */
import { describe, expect, it } from "vitest";
import { graphErrorOf } from "./graph-error";
import { parseAnswer } from "@/lib/grading";
import { evaluateSource } from "@/lib/graph-lang";

const error = graphErrorOf;

describe("** is power", () => {
  it("means ^: same value, precedence (-x**2 is -(x**2)) and right-associativity", () => {
    const value = (src: string) => evaluateSource(src).evaluated.value(evaluateSource(src).graph.output.id).data[0];
    expect(value("input x = 3\ny = -x**2")).toBe(-9);
    expect(value("input x = 2\ny = x**3**2")).toBe(512);
    expect(value("input x = 2\ny = x ** -1")).toBe(0.5);
    expect(value("input x = 3\ny = 2 * x**2 + 1")).toBe(19);
  });

  it("gives the same eval JSON as ^", () => {
    const a = evaluateSource("input x = 3\ny = (x - 1)**2");
    const b = evaluateSource("input x = 3\ny = (x - 1)^2");
    expect(JSON.stringify(a.evaluated.value("y"))).toBe(JSON.stringify(b.evaluated.value("y")));
    expect(a.graph.nodes.map((n) => n.op.name)).toEqual(b.graph.nodes.map((n) => n.op.name));
  });
});

describe("an unclosed bracket is reported where it opened", () => {
  it.each([
    ["input a = 1, b = 2\ny = (a + b\nz = y * 2", 2, 5, "'(' on line 2, column 5 was never closed"],
    ["input a = 1\ny = [a, 2\nz = 1", 2, 5, "'[' on line 2, column 5 was never closed"],
    ["input a = 1\ny = exp(a\noutput y", 2, 8, "'(' on line 2, column 8 was never closed"],
    ["input a = 1\ny = (a + 1", 2, 5, "'(' on line 2, column 5 was never closed"],
  ])("%j", (source, line, column, message) => {
    const e = error(source);
    expect([e.kind, e.line, e.column, e.message]).toEqual(["syntax", line, column, message]);
  });

  it("a bracket closed on a later line is fine, and an error inside it is reported where it is", () => {
    expect(() => evaluateSource("input a = 1\nM = [[1, 2],\n     [3, a]]")).not.toThrow();
    const e = error("input a = 1\nM = [[1, 2],\n     [3, a $]]");
    expect([e.line, e.column]).toEqual([3, 12]);
  });
});

describe("the broadcast message lists what combines, the [m, 1] column included", () => {
  it("says so when shapes do not combine", () => {
    const e = error("input A[2,3] = [[1,2,3],[4,5,6]], v = [1, 2]\ny = A + v");
    expect(e.kind).toBe("shape");
    expect(e.message).toContain("a column [m, 1] with a matrix [m, n]");
  });

  it("and a column really combines", () => {
    expect(() => evaluateSource("input A[2,3] = [[1,2,3],[4,5,6]], c = [[1], [2]]\ny = sum(A + c)")).not.toThrow();
  });
});

describe("arithmetic on arrays in an answer", () => {
  it("reads as a sentence with the operator's column", () => {
    const r = parseAnswer("[1,2] * 2");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe(
        "could not read `[1,2] * 2`: an answer cannot apply an operator to a whole vector or matrix; write out each entry of the result (as [2, 4] for 2 * [1, 2]). The operator is at column 7",
      );
    }
  });
});
