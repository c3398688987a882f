/** Strict flag parsing and --at values. */
import { describe, expect, it } from "vitest";
import { parseAtValues } from "@/lib/cli/at-values";
import { parseFlags, parseNumber } from "@/lib/cli/flags";
import { CliUsageError } from "@/lib/cli/types";

const SPEC = {
  graph: { kind: "string", required: true },
  at: { kind: "string", repeat: true },
  seed: { kind: "number" },
  json: { kind: "boolean" },
} as const;

describe("parseFlags", () => {
  it("reads --name value, --name=value, repeats and booleans", () => {
    expect(parseFlags(["--graph", "g.txt", "--at", "x=1", "--at=y=[1,2]", "--json", "--seed=7"], SPEC)).toEqual({
      graph: "g.txt",
      at: ["x=1", "y=[1,2]"],
      seed: 7,
      json: true,
    });
    expect(parseFlags(["--graph", "-"], SPEC)).toEqual({ graph: "-", at: [], seed: undefined, json: false });
  });

  it.each([
    [["--graph", "g", "--bogus"], "unknown flag --bogus (known flags: --graph, --at, --seed, --json)"],
    [["--graph"], "--graph needs a value"],
    [["--graph", "--json"], "--graph needs a value"],
    [["--graph="], "--graph needs a value"],
    [["--graph", "g", "--seed", "abc"], '--seed: "abc" is not a number'],
    [["--graph", "g", "--seed", "1e999"], '--seed: "1e999" is not a number'],
    [["--graph", "g", "--json=yes"], "--json takes no value"],
    [["--graph", "a", "--graph", "b"], "--graph is given more than once"],
    [["--json"], "--graph is required"],
    [["--graph", "g", "extra"], 'unexpected argument "extra" (flags start with --)'],
  ])("%j → %s", (args, message) => {
    expect(() => parseFlags(args, SPEC)).toThrow(new CliUsageError(message));
  });
});

describe("parseNumber", () => {
  it("accepts decimal numbers only", () => {
    expect([parseNumber("-1"), parseNumber("2.5e-3"), parseNumber(".5"), parseNumber("+3")]).toEqual([-1, 0.0025, 0.5, 3]);
    expect([parseNumber("NaN"), parseNumber("Infinity"), parseNumber("0x10"), parseNumber(""), parseNumber("1,5")]).toEqual([null, null, null, null, null]);
  });
});

describe("parseAtValues", () => {
  it("reads numbers and JSON arrays", () => {
    expect(parseAtValues(["x1=-1", "Y=[[0.65,0.43],[0.05,0.51]]", "v = [1, 2]"])).toEqual({
      x1: -1,
      Y: [
        [0.65, 0.43],
        [0.05, 0.51],
      ],
      v: [1, 2],
    });
  });

  it.each([
    ["x1", "expected NAME=VALUE"],
    ["x1=abc", '"abc" is not a number or a JSON array'],
    ["x1=", '"" is not a number'],
    ["x1=[1,2", "not a valid JSON array"],
    ['x1=[1,"2"]', "finite numbers only"],
    ["x1=[1e999]", "finite numbers only"],
    ["1x=3", '"1x" is not an input name'],
  ])("%s is rejected: %s", (entry, message) => {
    expect(() => parseAtValues([entry])).toThrow(message);
  });

  it("rejects the same name twice", () => {
    expect(() => parseAtValues(["x=1", "x=2"])).toThrow("--at x is given more than once");
  });
});

describe("parseAtValues and prototype names", () => {
  it("keeps __proto__ as an ordinary entry", () => {
    const values = parseAtValues(["__proto__=[1]"]);
    expect(Object.keys(values)).toEqual(["__proto__"]);
    expect(values["__proto__"]).toEqual([1]);
  });
});
