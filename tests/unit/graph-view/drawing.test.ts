/**
 * The simplified drawing of large graphs: bounded whatever the graph, every node in exactly one box,
 * chains collapsed, edges only forward, and small graphs still drawn node by node.
 */
import { describe, expect, it } from "vitest";
import { drawingOf, FULL_DRAWING_MAX_NODES, MAX_BOXES, simplify } from "@/lib/graph-view/drawing";
import { structureFromSource, type GraphStructure } from "@/lib/graph-view/structure";
import { largeGraphSource } from "../../fixtures/large-problem";

function structure(source: string): GraphStructure {
  const r = structureFromSource(source);
  if (!r.ok) throw new Error(r.error.message);
  return r.structure;
}

/** Every box's inputs come earlier in the box order (the drawing is a DAG laid out left to right). */
function forwardOnly(graph: ReturnType<typeof simplify>): boolean {
  const at = new Map(graph.boxes.map((b, i) => [b.id, i]));
  return graph.boxes.every((b, i) => graph.inputs[b.id]!.every((from) => at.get(from)! < i));
}

const STD = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";
const WIDE = `input x\n${Array.from({ length: 3300 }, (_, k) => `a${k} = x * ${k + 1}`).join("\n")}\n`;
const FIB = `input x, y\n${Array.from({ length: 1200 }, (_, k) => `a${k} = ${k < 2 ? "x * y" : `a${k - 1} * a${k - 2}`} + 1`).join("\n")}\n`;

describe("drawing a graph", () => {
  it("draws the inputs top to bottom in the order they are declared", () => {
    for (const [source, top, bottom] of [
      [STD, "x1", "x2"],
      [STD.replace("input x1, x2", "input x2, x1"), "x2", "x1"],
    ] as const) {
      const d = drawingOf(structure(source));
      if (d.kind !== "full") throw new Error("expected a full drawing");
      expect(d.layout.nodes[top]!.y).toBeLessThan(d.layout.nodes[bottom]!.y);
      // Edges still start at their input: the mirrored edge leaves from the mirrored node.
      const first = d.layout.edges.find((e) => e.from === top)!.points[0]!;
      expect(Math.abs(first.y - d.layout.nodes[top]!.y)).toBeLessThanOrEqual(d.layout.nodes[top]!.height / 2 + 1);
    }
  });

  it("draws a small graph node by node", () => {
    const s = structure(STD);
    const d = drawingOf(s);
    expect(d.kind).toBe("full");
    expect(Object.keys(d.layout.nodes).sort()).toEqual(s.nodes.map((n) => n.id).sort());
  });

  it(`draws up to ${FULL_DRAWING_MAX_NODES} nodes in full, and simplified above`, () => {
    expect(drawingOf(structure(largeGraphSource(FULL_DRAWING_MAX_NODES))).kind).toBe("full");
    expect(drawingOf(structure(largeGraphSource(FULL_DRAWING_MAX_NODES + 10))).kind).toBe("simplified");
  });

  it("collapses a 2,000-node running sum into its inputs and one chain, the output's", () => {
    const s = structure(largeGraphSource(2_000));
    const g = simplify(s);
    expect(g.boxes.map((b) => [b.id, b.kind, b.nodes, b.output])).toEqual([
      ["x", "input", 1, false],
      ["y", "input", 1, false],
      [`s0…${s.output}`, "chain", s.nodes.length - 2, true],
    ]);
    expect(g.inputs[`s0…${s.output}`]).toEqual(["x", "y"]);
  });

  it("keeps a statement that is used twice as a box of its own", () => {
    const g = simplify(structure("input x\na = x * 2\nb = a + 1\nc = a * 3\nd = b + c\ne = exp(d)\nf = e - 1\n"));
    expect(g.boxes.map((b) => b.id)).toEqual(["x", "a", "b", "c", "d…f"]);
    expect(g.inputs).toEqual({ x: [], a: ["x"], b: ["a"], c: ["a"], "d…f": ["b", "c"] });
  });

  it.each([
    ["3,300 independent statements", WIDE],
    ["1,200 statements each used twice", FIB],
  ])("bounds %s to at most MAX_BOXES boxes, every node in one box and every edge forward", (_, source) => {
    const s = structure(source);
    const g = simplify(s);
    expect(g.boxes.length).toBeLessThanOrEqual(MAX_BOXES);
    expect(g.boxes.length).toBeGreaterThan(MAX_BOXES / 2);
    expect(g.boxes.reduce((n, b) => n + b.nodes, 0)).toBe(s.nodes.length);
    expect(g.boxes.filter((b) => b.output)).toHaveLength(1);
    expect(forwardOnly(g)).toBe(true);
  });
});
