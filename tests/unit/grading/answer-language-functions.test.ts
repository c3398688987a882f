/**
 * The answer language takes the graph language's elementwise functions: those of one argument from the
 * engine's registry, and max, min, clip, leaky_relu, bce, ... of several, by the graph language's own table.
 */
import { describe, expect, it } from "vitest";
import katex from "katex";
import { ANSWER_FUNCTIONS, evaluateAnswerExpr, parseAnswer, parseExpression } from "@/lib/grading";
import { readAsText, toLatex } from "@/lib/grading/expression-display";
import { evaluateSource } from "@/lib/graph-lang";

const value = (text: string) => {
  const r = parseAnswer(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.data[0];
};

describe("registry functions in answers", () => {
  it("lists relu, softplus, log1p, log_sigmoid, elu, sin, cos and square", () => {
    for (const fn of ["relu", "softplus", "log1p", "log_sigmoid", "elu", "sin", "cos", "square"]) expect(ANSWER_FUNCTIONS).toContain(fn);
  });

  it("computes them with the engine's rules", () => {
    expect(value("relu(-2) + relu(3)")).toBe(3);
    expect(value("softplus(0)")).toBe(Math.log(2));
    expect(value("square(-3)")).toBe(9);
    expect(value("sin(0) + cos(0)")).toBe(1);
    expect(value("log1p(1e-20)")).toBe(1e-20);
    expect(value("elu(-1)")).toBe(Math.expm1(-1));
  });

  it("reports a value outside the domain at the function", () => {
    const r = parseAnswer("2 + log1p(-1)");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issue.key).toBe("outside-domain");
      expect(r.error.column).toBe(5);
    }
  });
});

describe("functions of several arguments in answers", () => {
  const failure = (text: string) => {
    const r = parseAnswer(text);
    if (r.ok) throw new Error(`${text} was read as ${r.value.data[0]}`);
    return r.error;
  };

  it("lists max, min, clip and leaky_relu", () => {
    for (const fn of ["max", "min", "clip", "leaky_relu", "bce", "bce_with_logits"]) expect(ANSWER_FUNCTIONS).toContain(fn);
  });

  it("computes them as the graph language does, the same numbers to the last bit", () => {
    const cases: [string, string][] = [
      ["max(2, -3) + min(2, -3)", "input a = 2, b = -3\nf = max(a, b) + min(a, b)\noutput f"],
      ["clip(5, -1, 1) * clip(-0.25, -1, 1)", "input x = 5, y = -0.25\nf = clip(x, -1, 1) * clip(y, -1, 1)\noutput f"],
      ["leaky_relu(-2) + leaky_relu(-2, 0.2) + leaky_relu(3)", "input x = -2, z = 3\nf = leaky_relu(x) + leaky_relu(x, 0.2) + leaky_relu(z)\noutput f"],
      ["bce_with_logits(0.3, 1) - bce(sigmoid(0.3), 1)", "input z = 0.3\nf = bce_with_logits(z, 1) - bce(sigmoid(z), 1)\noutput f"],
    ];
    for (const [answer, graph] of cases) expect(value(answer), answer).toBe(evaluateSource(graph).evaluated.node("f").value.data[0]);
    expect(value("max(1, 2)")).toBe(2);
    expect(value("leaky_relu(-2)")).toBeCloseTo(-0.02, 15);
  });

  it("reads variables in a formula part's expressions", () => {
    const r = parseExpression("max(y11, 0) - min(y11, y12)", { variables: new Set(["y11", "y12"]) });
    if (!r.ok) throw new Error(r.error.message);
    const at = (y11: number, y12: number) => {
      const v = evaluateAnswerExpr(r.value.expr, { y11, y12 });
      if (!v.ok) throw new Error(v.error.message);
      return v.value.data[0];
    };
    expect(at(-1, 2)).toBe(1);
    expect(at(3, 2)).toBe(1);
  });

  it("says how many arguments a function takes, at the function", () => {
    const e = failure("1 + max(2)");
    expect(e.issue.key).toBe("argument-count");
    expect(e.column).toBe(5);
    expect(e.message).toContain("`max(...)` takes 2 arguments, not 1");
    expect(failure("clip(1, 2)").message).toContain("`clip(...)` takes 3 arguments, not 2");
    expect(failure("leaky_relu(1, 2, 3)").message).toContain("takes 1–2 arguments, not 3");
  });

  it("keeps a decimal comma in a function of one argument a decimal comma", () => {
    expect(failure("exp(0,5)").issue.key).toBe("decimal-comma");
  });

  it("reports bounds the wrong way round as outside the domain", () => {
    const e = failure("clip(0, 1, -1)");
    expect(e.issue.key).toBe("outside-domain");
    expect(e.message).toContain("clip of 0, 1, -1 is not defined");
  });

  it("reads back and typesets them with every argument (and a left-out default)", () => {
    const tree = (text: string) => {
      const r = parseExpression(text, { variables: new Set(["x"]) });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.expr;
    };
    expect(readAsText(tree("max(x, 0)"))).toBe("max(x, 0)");
    expect(readAsText(tree("clip(x, -1, 1)"))).toBe("clip(x, -1, 1)");
    expect(toLatex(tree("max(x, 0)"))).toBe("\\max\\left(x, 0\\right)");
    expect(toLatex(tree("leaky_relu(x)"))).toContain("_{0.01}");
    for (const text of ["max(x, 0)", "min(x, 1)", "clip(x, -1, 1)", "leaky_relu(x)"])
      expect(() => katex.renderToString(toLatex(tree(text)), { throwOnError: true })).not.toThrow();
  });
});
