/** Nodes as text: the compiler's ids from the syntax tree alone, and expressions written back out. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { compileGraph, formatAssignment, formatExpr, nodeExpressions, parseGraph, type Assignment, type Expr } from "@/lib/graph-lang";

function bankGraphs(): [string, string][] {
  const out: [string, string][] = [];
  for (const dir of ["problems/seed", "problems/classic"]) {
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".yaml"))) {
      const file = YAML.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { graph: string };
      out.push([`${dir}/${f}`, file.graph]);
    }
  }
  return out;
}

/** The compiled graph's nodes of one program, with inputs given zeros of their declared shape. */
function compiledIds(source: string): { id: string; op: string }[] {
  const program = parseGraph(source);
  const at: Record<string, number | number[] | number[][]> = {};
  for (const s of program.statements) {
    if (s.kind !== "input") continue;
    for (const d of s.decls) {
      if (d.defaultValue) continue;
      const shape = d.shape ?? [];
      at[d.name] =
        shape.length === 0 ? 0.5 : shape.length === 1 ? Array(shape[0]).fill(0.5) : Array.from({ length: shape[0]! }, () => Array(shape[1]).fill(0.5));
    }
  }
  return compileGraph(program, { at })
    .nodes.filter((n) => n.op.name !== "input")
    .map((n) => ({ id: n.id, op: n.op.name }));
}

const assignment = (source: string) => parseGraph(source).statements.find((s) => s.kind === "assign") as Assignment;
const exprOf = (text: string): Expr => assignment(`input a, b, c, x\ny = ${text}\n`).expr;

describe("nodeExpressions", () => {
  it("gives the compiler's ids, in its order, for every graph of the bank", () => {
    for (const [file, source] of bankGraphs()) {
      const ids = [...nodeExpressions(parseGraph(source)).keys()];
      expect(ids, file).toEqual(compiledIds(source).map((n) => n.id));
    }
  });

  it("knows which nodes depend on an input, through earlier assignments too", () => {
    const nodes = nodeExpressions(parseGraph("input x\nT = [1, 2]\nk = 2 * 3\nm = x / k\nn = sum(T) + m\n"));
    const depends = Object.fromEntries([...nodes].map(([id, n]) => [id, n.dependsOnInput]));
    expect(depends).toEqual({ T: false, "k.1": false, "k.2": false, k: false, m: true, "n.1": false, n: true });
    expect(nodes.get("m")!.statement.name).toBe("m");
  });
});

describe("formatExpr", () => {
  it("writes an assignment back out with single spaces and the parentheses it needs", () => {
    const nodes = nodeExpressions(parseGraph("input x1, x2\nm = ( x1+x2 )/2\na = (x1 - m)^2\n"));
    expect(formatAssignment(nodes.get("m")!.statement)).toBe("m = (x1 + x2) / 2");
    expect(formatExpr(nodes.get("m.1")!.expr)).toBe("x1 + x2");
    expect(formatAssignment(nodes.get("a")!.statement)).toBe("a = (x1 - m) ^ 2");
  });

  it.each([
    ["a - (b - c)", "a - (b - c)"],
    ["(a - b) - c", "a - b - c"],
    ["a * (b + c) / x", "a * (b + c) / x"],
    ["-(a + b)", "-(a + b)"],
    ["-x ^ 2", "-x ^ 2"],
    ["(-x) ^ 2", "(-x) ^ 2"],
    ["(a ^ b) ^ c", "(a ^ b) ^ c"],
    ["a ^ b ^ c", "a ^ b ^ c"],
    ["2 ^ -1", "2 ^ -1"],
    ["a ^ (b * c)", "a ^ (b * c)"],
    ["-2 * x", "-2 * x"],
    ["sqrt(sum((a - b) ^ 2)) / 2", "sqrt(sum((a - b) ^ 2)) / 2"],
    ["dot(a, [1, 2,\n 3])", "dot(a, [1, 2, 3])"],
  ])("%j is written %j", (text, expected) => {
    expect(formatExpr(exprOf(text))).toBe(expected);
  });

  it("means what the source meant: every bank graph written out compiles to the same operations", () => {
    for (const [file, source] of bankGraphs()) {
      const program = parseGraph(source);
      const rewritten = program.statements
        .map((s) => (s.kind === "assign" ? formatAssignment(s) : s.kind === "output" ? `output ${s.name}` : source.split("\n")[s.pos.line - 1]!))
        .join("\n");
      expect(compiledIds(rewritten), file).toEqual(compiledIds(source));
    }
  });

  it("does not recurse on long chains", () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `x${i % 2 ? "" : " * 2"}`).join(" + ");
    expect(formatExpr(assignment(`input x\ny = ${terms}\n`).expr)).toHaveLength(terms.length);
  });
});
