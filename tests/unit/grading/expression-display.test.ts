/** How a formula was read: the plain "read as" text and the LaTeX for the live preview. */
import fc from "fast-check";
import katex from "katex";
import { describe, expect, it } from "vitest";
import { type AnswerExpr, parseExpression } from "@/lib/grading";
import { readAsText, toLatex, variableLatex } from "@/lib/grading/expression-display";

function tree(text: string): AnswerExpr {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.expr;
}

const read = (text: string) => readAsText(tree(text));
const latex = (text: string) => toLatex(tree(text));

describe("readAsText", () => {
  it("writes every multiplication out and keeps the grouping of sums and products", () => {
    expect(read("y11*ln(2)")).toBe("y11 * ln(2)");
    expect(read("a-(b+c)")).toBe("a - (b + c)");
    expect(read("a-b-c")).toBe("a - b - c");
    expect(read("(a-b)-c")).toBe("a - b - c");
    expect(read("a*(b*c)")).toBe("a * (b * c)");
    expect(read("a/(b*c)")).toBe("a / (b * c)");
    expect(read("a/b*c")).toBe("a / b * c");
    expect(read("(a+b)*c")).toBe("(a + b) * c");
  });

  it("shows how a unary minus was read", () => {
    expect(read("-2^2")).toBe("-(2^2)");
    expect(read("(-2)^2")).toBe("(-2)^2");
    expect(read("-a*b")).toBe("-a * b");
    expect(read("a*-b")).toBe("a * (-b)");
    expect(read("a+-b")).toBe("a + (-b)");
    expect(read("--x")).toBe("-(-x)");
    expect(read("-(a+b)")).toBe("-(a + b)");
  });

  it("puts exponents that are not a plain number in parentheses, and powers right-associative", () => {
    expect(read("e^x/(e^x+e^y)")).toBe("e^(x) / (e^(x) + e^(y))");
    expect(read("2^3^2")).toBe("2^(3^2)");
    expect(read("(2^3)^2")).toBe("(2^3)^2");
    expect(read("2^-1")).toBe("2^(-1)");
    expect(read("x**2")).toBe("x^2");
    expect(read("(a/b)^2")).toBe("(a / b)^2");
  });

  it("names the natural log ln however it was typed, and keeps the other functions", () => {
    expect(read("log(x)+ln(y)")).toBe("ln(x) + ln(y)");
    expect(read("log10(x)*log2(y)")).toBe("log10(x) * log2(y)");
    expect(read("sigmoid(z)*(1-sigmoid(z))")).toBe("sigmoid(z) * (1 - sigmoid(z))");
    expect(read("sqrt(abs(x))")).toBe("sqrt(abs(x))");
  });

  it("prints numbers, constants and arrays", () => {
    expect(read(".5 + 1e-7 + π")).toBe("0.5 + 1e-7 + pi");
    expect(read("[1/4, -ln(2)]")).toBe("[1 / 4, -ln(2)]");
    expect(read("[[1,2],[3,4]]")).toBe("[[1, 2], [3, 4]]");
  });
});

describe("toLatex", () => {
  it("typesets fractions, products and subscripted variables", () => {
    expect(latex("y11*ln(2)")).toBe("y_{11} \\cdot \\ln\\left(2\\right)");
    expect(latex("e^x/(e^x+e^y)")).toBe("\\frac{{e}^{x}}{{e}^{x} + {e}^{y}}");
    expect(latex("-ln(exp(y11)/(exp(y11)+exp(y12)))")).toBe("-\\ln\\left(\\frac{e^{y_{11}}}{e^{y_{11}} + e^{y_{12}}}\\right)");
    expect(latex("a*(b/c)")).toBe("a \\cdot \\frac{b}{c}");
    expect(latex("a*(b*c)")).toBe("a \\cdot \\left(b \\cdot c\\right)");
    expect(latex("(a+b)*c")).toBe("\\left(a + b\\right) \\cdot c");
    expect(latex("(a+b)/c*d")).toBe("\\frac{a + b}{c} \\cdot d");
    expect(latex("a/b/c")).toBe("\\frac{\\frac{a}{b}}{c}");
  });

  it("parenthesizes where precedence requires it", () => {
    expect(latex("a-(b-c)")).toBe("a - \\left(b - c\\right)");
    expect(latex("a-b-c")).toBe("a - b - c");
    expect(latex("-(a+b)")).toBe("-\\left(a + b\\right)");
    expect(latex("a*-b")).toBe("a \\cdot \\left(-b\\right)");
    expect(latex("--x")).toBe("-\\left(-x\\right)");
  });

  it("puts compound bases of powers in parentheses and exponents in braces", () => {
    expect(latex("-2^2")).toBe("-{2}^{2}");
    expect(latex("(-2)^2")).toBe("{\\left(-2\\right)}^{2}");
    expect(latex("2^3^2")).toBe("{2}^{{3}^{2}}");
    expect(latex("(2^3)^2")).toBe("{\\left({2}^{3}\\right)}^{2}");
    expect(latex("ln(x)^2")).toBe("{\\left(\\ln\\left(x\\right)\\right)}^{2}");
    expect(latex("(a/b)^-1")).toBe("{\\left(\\frac{a}{b}\\right)}^{-1}");
  });

  it("typesets every function, constant and array", () => {
    expect(latex("log10(x)+log2(x)+log(x)")).toBe("\\log_{10}\\left(x\\right) + \\log_{2}\\left(x\\right) + \\ln\\left(x\\right)");
    expect(latex("sqrt(x)*abs(y)*tanh(z)*sigmoid(w)*exp(v)")).toBe(
      "\\sqrt{x} \\cdot \\left|y\\right| \\cdot \\tanh\\left(z\\right) \\cdot \\sigma\\left(w\\right) \\cdot e^{v}",
    );
    expect(latex("pi*1e-7")).toBe("\\pi \\cdot 1 \\times 10^{-7}");
    expect(latex("[[1,2],[3,-4]]")).toBe("\\begin{bmatrix} 1 & 2 \\\\ 3 & -4 \\end{bmatrix}");
    expect(latex("[1/4, e]")).toBe("\\begin{bmatrix} \\frac{1}{4} & e \\end{bmatrix}");
  });

  it("writes variable names as subscripts, Greek letters and upright words", () => {
    expect(["y11", "x_1", "alpha2", "w_out", "loss", "sigma", "W"].map(variableLatex)).toEqual([
      "y_{11}",
      "x_{1}",
      "\\alpha_{2}",
      "w_{\\mathrm{out}}",
      "\\mathrm{loss}",
      "\\sigma",
      "W",
    ]);
  });
});

describe("both printers on any formula", () => {
  type Node = AnswerExpr;
  const NAMES = ["x", "y11", "w_out", "e", "pi"];
  const FNS = ["exp", "ln", "log", "log10", "log2", "sqrt", "abs", "tanh", "sigmoid"] as const;
  const leaf: fc.Arbitrary<Node> = fc.oneof(
    fc.double({ min: 0, max: 1e30, noNaN: true, noDefaultInfinity: true }).map((x): Node => ({ kind: "number", value: Math.abs(x), column: 0 })),
    fc
      .constantFrom(...NAMES)
      .map((name): Node =>
        name === "e" || name === "pi" ? { kind: "constant", name, value: name === "e" ? Math.E : Math.PI, column: 0 } : { kind: "variable", name, column: 0 },
      ),
  );
  const { expr } = fc.letrec<{ expr: Node }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      tie("expr").map((operand): Node => ({ kind: "negate", operand, column: 0 })),
      fc
        .tuple(fc.constantFrom("+", "-", "*", "/", "^" as const), tie("expr"), tie("expr"))
        .map(([op, left, right]): Node => ({ kind: "binary", op, left, right, column: 0 })),
      fc.tuple(fc.constantFrom(...FNS), tie("expr")).map(([fn, arg]): Node => ({ kind: "call", fn, args: [arg], column: 0 })),
    ),
  }));

  /** The tree without positions, the natural log under one name. */
  function shape(e: Node): unknown {
    switch (e.kind) {
      case "number":
        return e.value;
      case "constant":
      case "variable":
        return `${e.kind}:${e.name}`;
      case "negate":
        return ["neg", shape(e.operand)];
      case "binary":
        return [e.op, shape(e.left), shape(e.right)];
      case "call":
        return [e.fn === "log" ? "ln" : e.fn, ...e.args.map(shape)];
      case "array":
        return e.items.map(shape);
    }
  }

  it("readAsText reads back as the very same tree", () => {
    fc.assert(
      fc.property(expr, (e) => {
        const text = readAsText(e);
        const back = parseExpression(text, { variables: "any", limits: { maxDepth: 1000 } });
        expect(back.ok, text).toBe(true);
        if (back.ok) expect(shape(back.value.expr)).toEqual(shape(e));
      }),
      { numRuns: 500 },
    );
  });

  it("prints chains of thousands of terms without deep recursion", () => {
    const sum = Array.from({ length: 5000 }, (_, i) => (i % 2 ? "x" : "y")).join("-"); // 9,999 characters
    expect(read(sum)).toBe(sum.replace(/-/g, " - "));
    expect(latex(sum)).toBe(sum.replace(/-/g, " - "));
    const product = Array.from({ length: 4999 }, () => "x").join("*");
    expect(read(product)).toBe(product.replace(/\*/g, " * "));
    expect(latex(`${product}/2`).startsWith("\\frac{x \\cdot x")).toBe(true);
  });

  it("toLatex is always valid KaTeX", () => {
    fc.assert(
      fc.property(expr, (e) => {
        expect(() => katex.renderToString(toLatex(e), { throwOnError: true })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
