/**
 * "\r\n", "\n" and a lone "\r" (old Mac files, some pasted text) each end a line, for the lexer's line
 * numbers, the caret excerpt and the source-size limit alike.
 */
import { describe, expect, it } from "vitest";
import { GraphError, compileGraph, parseGraph } from "@/lib/graph-lang";

function graphError(fn: () => unknown): GraphError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GraphError) return e;
    throw e;
  }
  return expect.fail("expected a GraphError");
}

const LINES = ["input x = 1", "input y = 2", "z = x + w", "output z"];

describe.each([
  ["\\n", "\n"],
  ["\\r\\n", "\r\n"],
  ["\\r", "\r"],
])("lines separated by %s", (_name, br) => {
  const source = LINES.join(br);

  it("an error on line 3 reports line 3, its column and that line's excerpt", () => {
    const e = graphError(() => compileGraph(parseGraph(source)));
    expect([e.kind, e.line, e.column]).toEqual(["unknown-name", 3, 9]);
    expect(e.excerpt).toBe("3 | z = x + w\n  |         ^");
  });

  it("the size limit points at the line and column of the first byte over", () => {
    const limit = LINES[0]!.length + br.length + LINES[1]!.length + br.length + 4; // "z = " fits, "x" does not
    const e = graphError(() => parseGraph(source, { limits: { maxSourceBytes: limit } }));
    expect([e.kind, e.line, e.column]).toEqual(["limit", 3, 5]);
    expect(e.excerpt).toBe("3 | z = x + w\n  |     ^");
  });
});
