/** The parser: precedence, literals, positions, statements. */
import { describe, expect, it } from "vitest";
import { type Expr, GraphError, parseGraph } from "@/lib/graph-lang";

/** (op left right) notation, to read the tree's shape at a glance. */
function sexp(e: Expr): string {
  switch (e.kind) {
    case "literal":
      return e.text;
    case "name":
      return e.name;
    case "neg":
      return `(neg ${sexp(e.operand)})`;
    case "binary":
      return `(${e.op} ${sexp(e.left)} ${sexp(e.right)})`;
    case "call":
      return `(${e.callee}${e.args.map((a) => ` ${sexp(a)}`).join("")})`;
    case "index":
      return `(index ${sexp(e.target)} ${e.entries.map((x) => (x.kind === "pick" ? x.value : `${x.start ?? ""}:${x.stop ?? ""}`)).join(" ")})`;
    case "array":
      return `[${e.elements.map(sexp).join(" ")}]`;
  }
}

function expr(text: string): string {
  const statement = parseGraph(`y = ${text}`).statements[0]!;
  if (statement.kind !== "assign") throw new Error("not an assignment");
  return sexp(statement.expr);
}

describe("precedence and associativity", () => {
  it.each([
    ["a + b * c", "(+ a (* b c))"],
    ["a - b - c", "(- (- a b) c)"],
    ["a / b / c", "(/ (/ a b) c)"],
    ["a * b @ c", "(@ (* a b) c)"],
    ["a ^ b ^ c", "(^ a (^ b c))"],
    ["-x ^ 2", "(neg (^ x 2))"],
    ["-2 ^ 2", "(neg (^ 2 2))"],
    ["--x", "(neg (neg x))"],
    ["x ^ -1", "(^ x -1)"],
    ["a ^ -b ^ c", "(^ a (neg (^ b c)))"],
    ["(a + b) * c", "(* (+ a b) c)"],
    ["-2 * x", "(* -2 x)"],
    ["3 - -2", "(- 3 -2)"],
    ["exp(-x) + log(sum(y))", "(+ (exp (neg x)) (log (sum y)))"],
    ["cross_entropy(Y @ W, T)", "(cross_entropy (@ Y W) T)"],
    ["t(W) @ v", "(@ (t W) v)"],
  ])("%s parses as %s", (text, tree) => {
    expect(expr(text)).toBe(tree);
  });
});

describe("literals", () => {
  it("reads numbers in every notation", () => {
    for (const [text, value] of [
      ["1e-3", 1e-3],
      ["2.5", 2.5],
      [".5", 0.5],
      ["3.", 3],
      ["1E+2", 100],
    ] as const) {
      const s = parseGraph(`y = ${text}`).statements[0]!;
      expect(s.kind === "assign" && s.expr.kind === "literal" && s.expr.data[0]).toBe(value);
    }
  });

  it("reads vectors and matrices, also across lines", () => {
    const s = parseGraph("T = [[1, 0, 0],\n     [0, 1, 0]]\n").statements[0]!;
    expect(s.kind === "assign" && s.expr.kind === "literal" && [s.expr.shape, s.expr.data]).toEqual([
      [2, 3],
      [1, 0, 0, 0, 1, 0],
    ]);
    const v = parseGraph("v = [-1, 2.5]").statements[0]!;
    expect(v.kind === "assign" && v.expr.kind === "literal" && v.expr.data).toEqual([-1, 2.5]);
  });
});

describe("statements", () => {
  it("reads input declarations with shapes and defaults, comments and blank lines", () => {
    const program = parseGraph("# a comment\n\ninput x1 = -1, x2 = 3   # trailing\ninput W[2,3], Y[2] = [1, 2]\ny = x1\noutput y\n");
    const [inputs, shaped, assign, output] = program.statements;
    expect(inputs).toMatchObject({ kind: "input", decls: [{ name: "x1", shape: null }, { name: "x2" }] });
    expect(inputs?.kind === "input" && inputs.decls[0]!.defaultValue!.data).toEqual([-1]);
    expect(shaped).toMatchObject({
      kind: "input",
      decls: [
        { name: "W", shape: [2, 3], defaultValue: null },
        { name: "Y", shape: [2] },
      ],
    });
    expect(assign).toMatchObject({ kind: "assign", name: "y" });
    expect(output).toMatchObject({ kind: "output", name: "y", pos: { line: 6, column: 8 } });
  });

  it("records 1-based line and column of names, operators and function names", () => {
    const s = parseGraph("\n  m = (x1 + x2) / exp(2)").statements[0]!;
    expect(s.pos).toMatchObject({ line: 2, column: 3 });
    if (s.kind !== "assign" || s.expr.kind !== "binary") throw new Error("unexpected tree");
    expect(s.expr.pos).toMatchObject({ line: 2, column: 17 }); // the '/'
    expect(s.expr.left.pos).toMatchObject({ line: 2, column: 11 }); // the '+'
    expect(s.expr.right.pos).toMatchObject({ line: 2, column: 19 }); // exp
  });

  it("accepts Windows line endings", () => {
    expect(parseGraph("input x = 1\r\ny = x * 2\r\n").statements).toHaveLength(2);
  });
});

describe("syntax errors carry line, column and a caret", () => {
  const error = (source: string): GraphError => {
    try {
      parseGraph(source);
    } catch (e) {
      expect(e).toBeInstanceOf(GraphError);
      return e as GraphError;
    }
    return expect.fail("expected a syntax error");
  };

  it.each([
    ["y = 2 +", 1, 8, "expected an expression, found the end of the input"],
    ["y = (1 + 2", 1, 5, "'(' on line 1, column 5 was never closed"],
    ["y = 1 + 2)", 1, 10, "')' has no matching '('"],
    ["y = [1, 2)", 1, 10, "')' does not match '['"],
    ["input x\ny = x $ 2", 2, 7, "unexpected character '$'"],
    ["y = 2x", 1, 5, 'malformed number "2x"'],
    ["y = 1e", 1, 5, "malformed number"],
    ["y = 1e999", 1, 5, "too large for float64"],
    ["y x", 1, 3, "expected '='"],
    ["y = 1 2", 1, 7, "after the end of the statement"],
    ["y = [[1, 2], [3]]", 1, 14, "row 2 has 1 entry, row 1 has 2"],
    ["y = [[a, b], [c, d, e]]", 1, 14, "the rows of a matrix must have the same number of entries: row 2 has 3 entries, row 1 has 2"],
    ["input W = [[1, 2], [3]]", 1, 20, "row 2 has 1 entry, row 1 has 2"],
    ["input W = [1, x]", 1, 15, "an input's default value holds numbers only"],
    ["y = [[[1]]]", 1, 6, "at most 2 dimensions"],
    ["y = []", 1, 6, "empty arrays are not allowed"],
    ["input W[0]", 1, 9, "positive whole number"],
    ["input W[1,2,3]", 1, 14, "at most 2 dimensions"],
    ["input x = y", 1, 11, "expected a number or an array"],
    ["input = 3", 1, 7, "expected an input name"],
    ["y = input + 1", 1, 5, "keyword"],
  ])("%j → line %i, column %i", (source, line, column, message) => {
    const e = error(source);
    expect(e.kind).toBe("syntax");
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.message).toContain(message);
    const caretLine = e.excerpt!.split("\n")[1]!;
    expect(caretLine.indexOf("^") - caretLine.indexOf("|") - 2).toBe(column - 1);
  });

  it("formats the error with the source line and a caret under the spot", () => {
    expect(error("m = (x1 + ) / 2").format()).toBe(
      ["line 1, column 11: expected an expression, found ')'", "1 | m = (x1 + ) / 2", "  |           ^"].join("\n"),
    );
  });
});
