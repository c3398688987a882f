/** Reassignment and compound assignment: a name refers to its latest binding; ids c#1, c#2, ..., c. */
import { describe, expect, it } from "vitest";
import { toEvalJson } from "@/lib/autograd";
import { GraphError, evaluateSource, nodeExpressions, parseGraph } from "@/lib/graph-lang";

/** micrograd's README example, line for line (`.relu()` written relu(...)). */
const MICROGRAD = `input a = -4, b = 2
c = a + b
d = a * b + b**3
c += c + 1
c += 1 + c + (-a)
d += d * 2 + relu(b + a)
d += 3 * d + relu(b - a)
e = c - d
f = e**2
g = f / 2.0
g += 10.0 / f
`;

const json = (source: string) => toEvalJson(evaluateSource(source).evaluated);

describe("micrograd's README example", () => {
  it("gives g = 24.7041, dg/da = 138.8338, dg/db = 645.5773, as micrograd prints", () => {
    const j = json(MICROGRAD);
    expect(j.output).toBe("g");
    const node = (id: string) => j.nodes.find((n) => n.id === id)!;
    expect(j.value).toBeCloseTo(24.7041, 4);
    expect(node("a").grad).toBeCloseTo(138.8338, 4);
    expect(node("b").grad).toBeCloseTo(645.5773, 4);
    // The exact values, from micrograd itself in float64 (and torch): g = 24.70408163265306.
    expect(j.value).toBeCloseTo(24.70408163265306, 12);
  });

  it("numbers the earlier bindings c#1, c#2 and keeps the plain id for the final one", () => {
    const ids = json(MICROGRAD).nodes.map((n) => n.id);
    expect(ids).toEqual(
      // prettier-ignore
      ["a", "b", "c#1", "d#1.1", "d#1.2", "d#1.3", "d#1", "c#2.1", "c#2.2", "c#2", "c.1", "c.2", "c.3", "c.4", "c",
       "d#2.1", "d#2.2", "d#2.3", "d#2.4", "d#2.5", "d#2", "d.1", "d.2", "d.3", "d.4", "d.5", "d", "e", "f.1", "f", "g#1.1", "g#1", "g.1", "g.2", "g"],
    );
  });

  it("node-text gives the same ids and expressions as the compiler", () => {
    const program = parseGraph(MICROGRAD);
    const texts = nodeExpressions(program);
    const compiled = json(MICROGRAD)
      .nodes.filter((n) => n.op !== "input")
      .map((n) => n.id);
    expect([...texts.keys()]).toEqual(compiled);
    expect(texts.get("c#2")!.dependsOnInput).toBe(true);
  });
});

describe("reassignment", () => {
  it("the right-hand side reads the previous binding; compound operators are c = c op (x)", () => {
    const j = json("input x = 3\nc = x + 1\nc = c * 2\nc -= 1\nc *= x - 1\nc /= 2\nc += 0.5");
    // ((3 + 1) * 2 - 1) * (3 - 1) / 2 + 0.5 = 7.5
    expect(j.value).toBe(7.5);
    expect(j.output).toBe("c");
    expect(j.nodes.find((n) => n.id === "x")!.grad).toBe(5.5); // d/dx [(2x + 1)(x - 1)/2] = (4x - 1)/2
  });

  it("a - b - c with -=: c -= a + b is c - (a + b), as in Python", () => {
    expect(json("input a = 1, b = 2\nc = 10\nc -= a + b").value).toBe(7);
    expect(json("input a = 4, b = 2\nc = 16\nc /= a * b").value).toBe(2);
  });

  it("an input may be rebound: the input node keeps its id and every assignment to it is numbered", () => {
    const j = json("input x = 2\nx = x * x\nx += 1");
    expect(j.nodes.map((n) => n.id)).toEqual(["x", "x#1", "x#2.1", "x#2"]);
    expect(j.output).toBe("x#2");
    expect(j.value).toBe(5);
    expect(j.nodes.find((n) => n.id === "x")!.grad).toBe(4);
  });

  it("output names the final binding, wherever it is written", () => {
    expect(json("input x = 2\noutput y\ny = x + 1\ny = y * 3\nz = y + 1").output).toBe("y");
    expect(json("input x = 2\noutput y\ny = x + 1\ny = y * 3\nz = y + 1").value).toBe(9);
  });

  it("the eval JSON of a graph without reassignment is unchanged (ids without #)", () => {
    const ids = json("input x = 1\ny = x * 2 + 1").nodes.map((n) => n.id);
    expect(ids).toEqual(["x", "y.1", "y.2", "y.3", "y"]);
  });

  it("a compound assignment to an undefined name, or a use before any binding, is an error at its line", () => {
    const e = (src: string) => {
      try {
        evaluateSource(src);
      } catch (error) {
        if (error instanceof GraphError) return error;
      }
      throw new Error("expected a GraphError");
    };
    const undefinedName = e("input x = 1\nc += x");
    expect([undefinedName.kind, undefinedName.line, undefinedName.column]).toEqual(["unknown-name", 2, 1]);
    expect(undefinedName.message).toBe('"c" has no value yet: "c += ..." changes an earlier "c = ...", so assign it first');
    const c = e("input x = 1\nc = c + x");
    expect([c.line, c.column, c.message]).toEqual([2, 5, '"c" is used in its own definition']);
    expect(e("input x = 1\nx *= 2\ninput x = 3").kind).toBe("duplicate-name");
  });
});
