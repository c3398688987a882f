/** The answer language: every number form, expressions, arrays, each error with its column, the limits. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAnswer, parseExpression, readAnswer } from "@/lib/grading";

function value(text: string): number | number[] | number[][] {
  const r = parseAnswer(text);
  if (!r.ok) throw new Error(r.error.message);
  const { shape, data } = r.value;
  if (shape.length === 0) return data[0]!;
  if (shape.length === 1) return Array.from(data);
  return Array.from({ length: shape[0]! }, (_, i) => Array.from(data.subarray(i * shape[1]!, (i + 1) * shape[1]!)));
}

function error(text: string) {
  const r = parseAnswer(text);
  if (r.ok) throw new Error(`"${text}" was read`);
  return r.error;
}

describe("numbers and expressions", () => {
  it("reads the usual forms of a number", () => {
    expect(value("-0.5")).toBe(-0.5);
    expect(value(".25")).toBe(0.25);
    expect(value("1/4")).toBe(0.25);
    expect(value("2.5e-3")).toBe(0.0025);
    expect(value("  3  ")).toBe(3);
    expect(value("+2")).toBe(2);
    expect(value("1E3")).toBe(1000);
  });

  it("evaluates the seed's loss typed as an expression", () => {
    const v = value("-ln(e^0.65/(e^0.65+e^0.43+e^0.11))") as number;
    const lse = Math.log(Math.exp(0.65) + Math.exp(0.43) + Math.exp(0.11));
    expect(v).toBeCloseTo(lse - 0.65, 14);
  });

  it("knows e, pi and the functions, with log natural as in the graph language", () => {
    expect(value("e")).toBe(Math.E);
    expect(value("pi")).toBe(Math.PI);
    expect(value("π")).toBe(Math.PI);
    expect(value("log(e)")).toBe(1);
    expect(value("ln(e^2)")).toBeCloseTo(2, 15);
    expect(value("log10(1000)")).toBeCloseTo(3, 15);
    expect(value("log2(8)")).toBe(3);
    expect(value("sqrt(2)^2")).toBeCloseTo(2, 15);
    expect(value("exp(0)")).toBe(1);
    expect(value("abs(-3)")).toBe(3);
    expect(value("tanh(0)")).toBe(0);
    expect(value("sigmoid(0)")).toBe(0.5);
  });

  it("binds like arithmetic: ^ right-associative and tighter than unary minus, which allows 2^-1", () => {
    expect(value("-2^2")).toBe(-4);
    expect(value("2^3^2")).toBe(512);
    expect(value("2^-1")).toBe(0.5);
    expect(value("2**3")).toBe(8);
    expect(value("1-2-3")).toBe(-4);
    expect(value("8/4/2")).toBe(1);
    expect(value("2+3*4")).toBe(14);
    expect(value("(2+3)*4")).toBe(20);
    expect(value("--1")).toBe(1);
  });

  it("reads typeset minus, times and division signs", () => {
    expect(value("\u22120.5")).toBe(-0.5);
    expect(value("2\u00d73")).toBe(6);
    expect(value("2\u00b73")).toBe(6);
    expect(value("6\u00f73")).toBe(2);
  });

  it("reads vectors and matrices whose entries are expressions", () => {
    expect(value("[0.2, -0.5]")).toEqual([0.2, -0.5]);
    expect(value("[[1,2],[3,4]]")).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(value("[1/4, -ln(2), e]")).toEqual([0.25, -Math.log(2), Math.E]);
    expect(value("[5]")).toEqual([5]);
  });

  it("reads back any finite number as JavaScript prints it", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(value(String(x))).toBe(x === 0 ? 0 : x);
      }),
    );
  });
});

describe("errors say where", () => {
  it("reports the documented example exactly", () => {
    const e = error("0.5.3");
    expect(e.message).toBe("could not read `0.5.3`: unexpected `.` at column 4");
    expect(e.column).toBe(4);
    expect(e.issue).toEqual({ key: "unexpected", params: { token: "." } });
  });

  it.each([
    ["1 +", "unexpected-end", 4],
    ["2 3", "multiply-explicitly", 3],
    ["2pi", "multiply-explicitly", 2],
    ["2(3)", "multiply-explicitly", 2],
    ["1,5", "decimal-comma", 2],
    ["x + 1", "unknown-name", 1],
    ["constructor", "unknown-name", 1],
    ["__proto__", "unknown-name", 1],
    ["foo(2)", "unknown-function", 1],
    ["exp + 1", "function-needs-parentheses", 1],
    ["(1 + 2", "unclosed", 1],
    ["[1, 2", "unclosed", 1],
    ["1/0", "division-by-zero", 2],
    ["ln(0)", "outside-domain", 1],
    ["log(-1)", "outside-domain", 1],
    ["sqrt(-4)", "outside-domain", 1],
    ["(-8)^0.5", "outside-domain", 5],
    ["exp(1000)", "not-finite", 1],
    ["[1,2] * 2", "array-arithmetic", 7],
    ["[[1,2],[3]]", "ragged", 1],
    ["[[[1]]]", "too-many-dimensions", 1],
    ["[]", "empty-array", 1],
    ["1 # 2", "unexpected", 3],
    [")", "unexpected", 1],
  ])("%s → %s at column %s", (text, key, column) => {
    const e = error(text);
    expect(e.issue.key).toBe(key);
    expect(e.column).toBe(column);
    expect(e.message).toContain(`at column ${column}`);
    expect(e.message.startsWith(`could not read \`${text}\`: `)).toBe(true);
  });

  it("reads an empty answer as an error without a column, and readAnswer as missing", () => {
    expect(error("   ").issue.key).toBe("empty");
    expect(error("").column).toBeNull();
    expect(readAnswer("  ")).toEqual({ status: "missing" });
    expect(readAnswer(null)).toEqual({ status: "missing" });
  });

  it("bounds the length and the nesting depth before recursing", () => {
    const long = error("1+".repeat(6000) + "1");
    expect(long.issue.key).toBe("too-long");
    expect(long.message).toBe("could not read the answer: the answer has 12001 characters, more than the limit of 10000");
    expect(error("(".repeat(100) + "1" + ")".repeat(100)).issue.key).toBe("too-deep");
    expect(error("-".repeat(5000) + "1").issue.key).toBe("too-deep");
    expect(error("2^".repeat(3000) + "1").issue.key).toBe("too-deep");
    expect(parseAnswer("(((1)))", { maxDepth: 2 }).ok).toBe(false);
    expect(parseAnswer("12345", { maxLength: 4 }).ok).toBe(false);
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const r = parseAnswer(text);
        if (!r.ok) expect(r.error.message.startsWith("could not read")).toBe(true);
      }),
    );
  });
});

describe("answers as they arrive in JSON", () => {
  it("takes numbers, arrays of numbers or answer texts, and answer texts", () => {
    const read = (raw: unknown) => {
      const r = readAnswer(raw);
      if (r.status !== "given") throw new Error(JSON.stringify(r));
      return [r.value.shape, Array.from(r.value.data)];
    };
    expect(read(-0.5)).toEqual([[], [-0.5]]);
    expect(read([0.2, "1/4"])).toEqual([[2], [0.2, 0.25]]);
    expect(
      read([
        [1, "e"],
        [3, 4],
      ]),
    ).toEqual([
      [2, 2],
      [1, Math.E, 3, 4],
    ]);
    expect(read("[1, 2]")).toEqual([[2], [1, 2]]);
  });

  it("returns unreadable ones as invalid with the raw answer", () => {
    for (const raw of [true, { a: 1 }, [], [[1], [2, 3]], ["x"], [[[1]]], [null]]) {
      const r = readAnswer(raw);
      expect(r.status).toBe("invalid");
      if (r.status === "invalid") expect(r.raw).toEqual(raw);
    }
  });
});

describe("expressions in variables", () => {
  it("lists the variables and evaluates at a point", () => {
    const r = parseExpression("-ln(exp(y11)/(exp(y11)+exp(y12)))");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.variables).toEqual(["y11", "y12"]);
    const v = r.value.evaluate({ y11: 0, y12: 0 });
    expect(v.ok && v.value.data[0]).toBeCloseTo(Math.log(2), 15);
    const undefinedThere = parseExpression("ln(x)");
    expect(undefinedThere.ok && undefinedThere.value.evaluate({ x: -1 }).ok).toBe(false);
  });

  it("rejects names outside the listed variables, at their column", () => {
    const r = parseExpression("x + z", { variables: new Set(["x"]) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.issue.key, r.error.column]).toEqual(["unknown-name", 5]);
  });
});
