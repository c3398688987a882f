/** Every error of the language (and the engine errors it relays) with its line, column and caret. */
import { describe, expect, it } from "vitest";
import { type CompileOptions, GraphError, type GraphErrorKind, evaluateSource } from "@/lib/graph-lang";

function error(source: string, options?: CompileOptions): GraphError {
  try {
    evaluateSource(source, options);
  } catch (e) {
    expect(e).toBeInstanceOf(GraphError);
    return e as GraphError;
  }
  return expect.fail("expected a GraphError");
}

/** The caret sits under the given column of the given line. */
function expectAt(e: GraphError, kind: GraphErrorKind, line: number, column: number) {
  expect(e.kind).toBe(kind);
  expect([e.line, e.column]).toEqual([line, column]);
  const [text, caret] = e.excerpt!.split("\n");
  expect(text!.startsWith(`${line} | `)).toBe(true);
  expect(caret!.indexOf("^") - caret!.indexOf("|") - 2).toBe(column - 1);
}

describe("names and functions", () => {
  it("unknown name, with a suggestion", () => {
    const e = error("input x1 = 1, x2 = 2\nm = (x1 + x3) / 2");
    expectAt(e, "unknown-name", 2, 11);
    expect(e.message).toBe('unknown name "x3" (did you mean "x1"?)');
  });

  it("a name used before its definition, or in its own", () => {
    expectAt(error("a = b + 1\nb = 2"), "unknown-name", 1, 5);
    expect(error("a = b + 1\nb = 2").message).toContain("used before it is defined (at line 2)");
    expect(error("a = a + 1").message).toBe('"a" is used in its own definition');
  });

  it("unknown output name", () => {
    expectAt(error("input x = 1\ny = x * 2\noutput z"), "unknown-name", 3, 8);
  });

  it("unknown function, with a suggestion", () => {
    const e = error("input x = 1\ny = sigmod(x)");
    expectAt(e, "unknown-function", 2, 5);
    expect(e.message).toContain('unknown function "sigmod" (did you mean "sigmoid"?)');
  });

  it("a name declared twice as an input, or declared after it is assigned (assigning again is a rebinding: reassignment.test.ts)", () => {
    expectAt(error("input x = 1\ny = x\ny = x * 2"), "syntax", 2, 5); // y = x alone is rejected first
    const twice = error("input x = 1, x = 2\ny = x * 2");
    expectAt(twice, "duplicate-name", 1, 14);
    expect(twice.message).toBe('"x" is already declared as an input at line 1; an input is declared once, before it is used');
    expectAt(error("y = 2\ninput y = 1"), "duplicate-name", 2, 7);
    expectAt(error("input x = 1\ny = x * 2\noutput y\noutput x"), "duplicate-name", 4, 8);
  });

  it("wrong number of arguments", () => {
    const e = error("input x = 1\ny = exp(x, x)");
    expectAt(e, "arity", 2, 5);
    expect(e.message).toBe("exp takes 1 argument, got 2");
    expect(error("input x = [1, 2]\ny = dot(x)").message).toBe("dot takes 2 arguments, got 1");
    expect(error("y = sum()").message).toBe("sum takes 1 argument, got 0");
  });

  it("a graph with nothing to evaluate", () => {
    expect(error("input x = 1").message).toContain("no assignment");
  });
});

describe("shapes", () => {
  it("shape mismatch at the operator", () => {
    const e = error("input a[2] = [1, 2], b[3] = [1, 2, 3]\ny = a + b");
    expectAt(e, "shape", 2, 7);
    expect(e.message).toContain("shape mismatch: '+' cannot combine [2] with [3]");
  });

  it("matrix product with mismatched inner dimensions", () => {
    const e = error("input W[2,3]\ny = sum(W @ W)", {
      at: {
        W: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
    });
    expectAt(e, "shape", 2, 11);
  });

  it("a default that does not fit the declared shape", () => {
    expectAt(error("input W[2] = [1, 2, 3]\ny = sum(W)"), "shape", 1, 14);
  });

  it("a value of the wrong shape for an input", () => {
    const e = error("input x = 1\ny = x * 2", { at: { x: [1, 2] } });
    expectAt(e, "shape", 1, 7);
    expect(e.message).toContain('"x" is a scalar but the value given has shape [2]');
  });
});

describe("input values", () => {
  it("a value for an undeclared input: no location, the declared inputs listed", () => {
    const e = error("input x1 = 1, x2 = 2\ny = x1 + x2", { at: { x3: 1 } });
    expect(e.kind).toBe("undeclared-input");
    expect([e.line, e.column, e.excerpt]).toEqual([null, null, null]);
    expect(e.message).toBe('a value was given for "x3", which is not a declared input; the inputs are x1, x2');
    expect(error("input x = 1\ny = x * 2", { at: { y: 1 } }).message).toContain('"y" is computed, not an input');
  });

  it("a missing input value points at the declaration", () => {
    const e = error("input x1 = 1, x2\ny = x1 + x2");
    expectAt(e, "missing-input", 1, 15);
    expect(e.message).toContain('input "x2" has no value');
  });

  it("a value that is not a rectangular array of finite numbers", () => {
    expect(error("input v[2]\ny = sum(v)", { at: { v: [[1, 2], [3]] } }).kind).toBe("value");
    expect(error("input v = 1\ny = v * 2", { at: { v: Number.NaN } }).kind).toBe("value");
  });
});

describe("domain errors while evaluating, located at the operation", () => {
  it.each([
    ["input x = 0\ny = log(x)", 2, 5, 'node "y" (line 2): log of a non-positive number: log(0)'],
    ["input x = -3\ny = log(x * 2)", 2, 5, 'node "y" (line 2): log of a non-positive number: log(-6)'],
    ["input x = -4\nr = sqrt(x)", 2, 5, 'node "r" (line 2): sqrt of a negative number: sqrt(-4)'],
    ["input x = 1\nq = 1 + x / (x - 1)", 2, 11, 'node "q.4" (line 2): division by zero: 1 / 0'],
  ])("%j", (source, line, column, message) => {
    const e = error(source);
    expectAt(e, "domain", line, column);
    expect(e.message).toBe(message);
  });

  it("an infinite derivative is an error, not an Infinity", () => {
    const e = error("input x = 0\ns = sqrt(x)");
    expectAt(e, "non-finite", 2, 5);
  });
});
