/**
 * Parts may name an earlier binding of a reassigned name (`c#1`), as the graph language documents: a
 * numeric part's `answer.node` and an annotation part's `nodes`. A binding that does not exist is still
 * an error at its line.
 */
import { describe, expect, it } from "vitest";
import { loadProblem } from "@/lib/problems/load";
import { problemYaml } from "./helpers";

const graph = "graph: |\n  input x\n  c = x + 1\n  c += x * c\n  output c";

function issues(parts: string): string[] {
  const r = loadProblem(problemYaml({ graph, parts }));
  return r.ok ? [] : r.issues.map((i) => `${i.line}: ${i.message}`);
}

describe("earlier bindings in parts", () => {
  it("a numeric part and an annotation part may name c#1", () => {
    expect(
      issues(
        "parts:\n  - { id: first, kind: numeric, prompt: The first c., points: 1, answer: { node: 'c#1' } }\n" +
          "  - { id: ann, kind: graph-annotation, prompt: Annotate., points: 2, fields: [value, grad], nodes: ['c#1', 'c#1.1', c] }",
      ),
    ).toEqual([]);
  });

  it("a binding the graph does not have is an error at its line", () => {
    const found = issues(
      "parts:\n  - { id: first, kind: numeric, prompt: The first c., points: 1, answer: { node: 'c#2' } }\n" +
        "  - { id: ann, kind: graph-annotation, prompt: Annotate., points: 2, fields: [value], nodes: ['c#3'] }",
    );
    expect(found.some((m) => /parts\[0\]\.answer\.node: "c#2" is not an input or a named node of the graph/.test(m))).toBe(true);
    expect(found.some((m) => /parts\[1\]\.nodes\[0\]: "c#3" is not a node of the graph/.test(m))).toBe(true);
  });
});
