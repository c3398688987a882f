/** Method-call sugar as micrograd and PyTorch write it: `x.relu()`, `(a*b).tanh().exp()`, `X.sum(axis=0)`. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graphErrorOf } from "./graph-error";
import { toEvalJson } from "@/lib/autograd";
import { GraphError, evaluateSource, formatExpr, parseGraph } from "@/lib/graph-lang";
import { expectClose } from "../autograd/helpers";

const json = (source: string) => JSON.stringify(toEvalJson(evaluateSource(source).evaluated));

const errorOf = graphErrorOf;

describe("methods", () => {
  it.each([
    ["x.relu()", "relu(x)"],
    ["x.tanh()", "tanh(x)"],
    ["x.exp()", "exp(x)"],
    ["x.log()", "log(x)"],
    ["x.sigmoid()", "sigmoid(x)"],
    ["x.sum()", "sum(x)"],
    ["x.mean()", "mean(x)"],
    ["x.max()", "max(x)"],
    ["X.sum(axis=0)", "sum(X, axis=0)"],
    ["X.max(axis=-1)", "max(X, axis=-1)"],
    ["(x * 2).tanh().exp()", "exp(tanh(x * 2))"],
    ["X[0].sum()", "sum(X[0])"],
  ])("%s gives the same nodes, ids and eval JSON as %s", (method, call) => {
    const head = "input x[3] = [0.5, 1.5, 2]\ninput X[2,3] = [[1, 2, 3], [4, 5, 6]]\n";
    expect(json(`${head}y = ${method}\nL = sum(y)\n`)).toBe(json(`${head}y = ${call}\nL = sum(y)\n`));
  });

  it("writes a micrograd-style expression line for line, with PyTorch's numbers", () => {
    const source = `input a = -4.0, b = 2.0
c = a + b
d = a * b + b**3
e = c - d
f = e.relu()
g = (a * b).tanh().exp() + f.sigmoid() + (c * c).log()
`.replace("b**3", "b^3"); // ** is the other half of item 6, written separately
    const r = evaluateSource(source).evaluated;
    // torch, float64: g.item(), a.grad, b.grad
    expectClose([r.outputValue.data[0]!, r.grad("a")!.data[0]!, r.grad("b")!.data[0]!], [2.254173885090087, -0.9999996688049825, -1.000000662390035], 1e-14, 0);
  });

  it("keeps numbers with a point numbers: 2.5, .5, 1e-3", () => {
    const r = evaluateSource("input x = 2\ny = x * 2.5 + .5 - 1e-3 + x.exp()\n").evaluated;
    expectClose([r.outputValue.data[0]!], [2 * 2.5 + 0.5 - 1e-3 + Math.exp(2)], 1e-15, 0);
  });

  it("names the methods when one is unknown, and asks for the parentheses", () => {
    const e = errorOf("input x = 1\ny = x.rleu()\n");
    expect([e.line, e.column]).toEqual([2, 7]);
    expect(e.message).toMatch(/unknown method \.rleu\(\) \(did you mean "?relu"?\?\)/);
    expect(e.message).toMatch(/the methods are .*\.relu\(\), \.tanh\(\), \.exp\(\), \.log\(\), \.sigmoid\(\)/);
    expect(errorOf("input x = 1\ny = x.relu\n").message).toMatch(/expected '\(' after \.relu \(a method is called: \.relu\(\)\)/);
    expect(errorOf("input x = 1\ny = x.(2)\n").message).toMatch(/expected a method name after '\.'/);
    expect(errorOf("input x = 1\ny = x.relu(2)\n").message).toMatch(/\.relu\(\) takes no arguments, got 1/);
    expect(errorOf("input x = 1\ny = x.exp(axis=0)\n").message).toMatch(/\.exp\(\) takes no keyword arguments/);
  });

  it("formats a method call as the function call it is", () => {
    const p = parseGraph("y = (a * b).tanh().sum(axis=0)\n");
    const s = p.statements[0]!;
    expect(s.kind === "assign" ? formatExpr(s.expr) : "").toBe("sum(tanh(a * b), axis=0)");
  });
});

describe("property: a chain of methods is the nested function calls", () => {
  it("x.f1().f2()...fk() evaluates exactly as fk(...f2(f1(x)))", () => {
    const methods = ["relu", "tanh", "sigmoid", "abs", "sqrt", "log"];
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.array(fc.constantFrom(...methods), { minLength: 1, maxLength: 6 }), (x, chain) => {
        // Start from exp(x) > 0; log may leave the domain (log of a value <= 0): then both forms fail alike.
        const asMethods = `input x = ${x}\ny = x.exp()${chain.map((m) => `.${m}()`).join("")}\n`;
        const asCalls = `input x = ${x}\ny = ${chain.reduce((inner, m) => `${m}(${inner})`, "exp(x)")}\n`;
        const outcome = (source: string) => {
          try {
            return json(source);
          } catch (error) {
            if (error instanceof GraphError) return `error: ${error.message}`;
            throw error;
          }
        };
        expect(outcome(asMethods)).toBe(outcome(asCalls));
      }),
      { numRuns: 60 },
    );
  });
});
