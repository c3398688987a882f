/** The size limits (each with its own error) and deep inputs that must not overflow the stack. */
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, GraphError, compileGraph, evaluateSource, parseGraph } from "@/lib/graph-lang";

function error(run: () => unknown): GraphError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(GraphError);
    return e as GraphError;
  }
  return expect.fail("expected a GraphError");
}

describe("the documented limits are the defaults", () => {
  it("100 KB, 10,000 nodes, 1,000,000 elements, nesting 200", () => {
    expect(DEFAULT_LIMITS).toEqual({ maxSourceBytes: 102_400, maxNodes: 10_000, maxTensorElements: 1_000_000, maxNesting: 200 });
  });
});

describe("source size", () => {
  const pad = (bytes: number) => {
    const head = "input x = 1\ny = x * 2\n# ";
    return head + "a".repeat(bytes - head.length);
  };

  it("accepts exactly 100 KB and rejects one byte more, pointing at it", () => {
    expect(() => parseGraph(pad(102_400))).not.toThrow();
    const e = error(() => parseGraph(pad(102_401)));
    expect(e.kind).toBe("limit");
    expect(e.message).toContain("larger than 100 KB");
    expect([e.line, e.column]).toEqual([3, 102_401 - "input x = 1\ny = x * 2\n".length]);
  });

  it("counts bytes, not characters", () => {
    const e = error(() => parseGraph(`y = 1 # ${"é".repeat(60_000)}`));
    expect(e.kind).toBe("limit");
  });
});

describe("node count", () => {
  /** 1 input + 1 + 2·k nodes: y0 = x * 1 is 2 nodes, each y_i = y_{i-1} * 1 adds 2. */
  const chain = (statements: number) => ["input x = 1", "y0 = x * 1", ...Array.from({ length: statements - 1 }, (_, i) => `y${i + 1} = y${i} * 1`)].join("\n");

  it("accepts 10,000 nodes and rejects 10,001 at the node that crosses the limit", () => {
    // input x, then 4,999 statements of 2 nodes = 9,999 nodes, plus one literal statement = 10,000.
    expect(compileGraph(parseGraph(`${chain(4_999)}\nz = 5`)).nodes).toHaveLength(10_000);
    const e = error(() => compileGraph(parseGraph(`${chain(4_999)}\nz = [5, 6]\nw = 7`)));
    expect(e.kind).toBe("limit");
    expect(e.message).toBe("the graph has more than 10000 nodes");
    expect([e.line, e.column]).toEqual([5_002, 5]);
  });
});

describe("tensor elements", () => {
  it("a declared shape over the limit", () => {
    const e = error(() => evaluateSource("input W[1001,1000]\ny = sum(W)"));
    expect(e.kind).toBe("limit");
    expect([e.line, e.column]).toEqual([1, 7]);
  });

  it("a computed tensor over the limit (outer product 2000 × 1000), at the operator", () => {
    const a = Array.from({ length: 2000 }, () => [1]);
    const b = [Array.from({ length: 1000 }, () => 1)];
    const e = error(() => evaluateSource("input a[2000,1], b[1,1000]\ny = sum(a @ b)", { at: { a, b } }));
    expect(e.kind).toBe("limit");
    expect([e.line, e.column]).toEqual([2, 11]);
    expect(e.message).toContain("[2000, 1000] has 2000000 elements, more than the limit of 1000000");
  });

  it("a literal or a given value over the limit", () => {
    const literal = error(() => evaluateSource("y = sum([1, 2, 3, 4, 5])", { limits: { maxTensorElements: 4 } }));
    expect([literal.kind, literal.line, literal.column]).toEqual(["limit", 1, 9]);
    const given = error(() => evaluateSource("input v[5]\ny = sum(v)", { at: { v: [1, 2, 3, 4, 5] }, limits: { maxTensorElements: 4 } }));
    expect(given.kind).toBe("limit");
  });
});

describe("nesting", () => {
  const nested = (depth: number) => `y = ${"(".repeat(depth)}1${")".repeat(depth)}`;

  it("accepts 200 levels of parentheses, brackets or calls", () => {
    expect(evaluateSource(nested(200)).evaluated.outputValue.data[0]).toBe(1);
    const calls = `input x = 0.5\ny = ${"tanh(".repeat(199)}x${")".repeat(199)}`;
    expect(evaluateSource(calls).graph.nodes).toHaveLength(200);
  });

  it("rejects 201 levels at the 201st opening", () => {
    const e = error(() => parseGraph(nested(201)));
    expect(e.kind).toBe("limit");
    expect([e.line, e.column]).toEqual([1, 5 + 200]);
    expect(e.message).toBe("parentheses and brackets are nested more than 200 levels deep");
  });

  it("survives 100,000 unclosed parentheses (the limit stops it, not the stack)", () => {
    expect(error(() => parseGraph(`y = ${"(".repeat(100_000)}`)).kind).toBe("limit");
  });
});

describe("deep expressions and long programs do not overflow the stack", () => {
  it("long operator chains make deep trees that compile and evaluate", () => {
    const sum = `input x = 1\ny = ${Array.from({ length: 4_000 }, () => "x").join(" + ")}`;
    expect(evaluateSource(sum).evaluated.grad("x")!.data[0]).toBe(4_000);
    const negs = `input x = 1\ny = ${"-".repeat(5_000)}x`;
    expect(evaluateSource(negs).evaluated.outputValue.data[0]).toBe(1);
    const powers = `input x = 2\ny = x${" ^ 1".repeat(3_000)}`;
    expect(evaluateSource(powers).evaluated.outputValue.data[0]).toBe(2);
  });

  it("a chain of 100,000 statements compiles and evaluates (limits raised, as for trusted files)", () => {
    const lines = ["input x = 0.5", "s0 = x * 1"];
    for (let i = 1; i < 100_000; i++) lines.push(`s${i} = tanh(s${i - 1}) + x`);
    const { graph, evaluated } = evaluateSource(lines.join("\n"), { limits: { maxNodes: 1_000_000, maxSourceBytes: 10_000_000 } });
    expect(graph.nodes.length).toBe(1 + 2 + 2 * 99_999);
    expect(graph.output.id).toBe("s99999");
    expect(Number.isFinite(evaluated.grad("x")!.data[0])).toBe(true);
    expect(evaluated.grad("x")!.data[0]).toBeGreaterThan(1);
  });
});
