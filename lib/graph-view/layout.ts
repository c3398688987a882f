/**
 * A layered left-to-right layout of a graph structure (dagre), with room around each node for the
 * numbers a student writes: the value above it, the gradient below it, and per edge the local and
 * downstream gradients at the edge's middle.
 */
import dagre from "@dagrejs/dagre";
import type { GraphStructure } from "./structure";

export const NODE_WIDTH = 76;
export const NODE_HEIGHT = 44;
const MARGIN = 48;

export interface NodeBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgePath {
  from: string;
  to: string;
  /** Argument position in the consuming node. */
  index: number;
  points: { x: number; y: number }[];
  mid: { x: number; y: number };
}

export interface Layout {
  width: number;
  height: number;
  nodes: Record<string, NodeBox>;
  edges: EdgePath[];
}

export function layoutGraph(structure: GraphStructure): Layout {
  return layoutBoxes(
    structure.nodes.map((n) => ({ id: n.id, inputs: n.inputs })),
    { width: NODE_WIDTH, height: NODE_HEIGHT },
    undefined,
    structure.nodes.filter((n) => n.op === "input").map((n) => n.id),
  );
}

/**
 * The layout mirrored top to bottom when that puts more pairs of `ordered` (the graph's inputs, as
 * declared) in reading order, x1 above x2: mirroring keeps every crossing the layout avoided.
 */
function inReadingOrder(layout: Layout, ordered: readonly string[]): Layout {
  let before = 0;
  let after = 0;
  for (let i = 0; i < ordered.length; i++)
    for (let j = i + 1; j < ordered.length; j++) {
      const dy = layout.nodes[ordered[j]!]!.y - layout.nodes[ordered[i]!]!.y;
      if (dy > 0) before++;
      else if (dy < 0) after++;
    }
  if (after <= before) return layout;
  const flip = (p: { x: number; y: number }) => ({ x: p.x, y: layout.height - p.y });
  return {
    ...layout,
    nodes: Object.fromEntries(Object.entries(layout.nodes).map(([id, b]) => [id, { ...b, y: layout.height - b.y }])),
    edges: layout.edges.map((e) => ({ ...e, points: e.points.map(flip), mid: flip(e.mid) })),
  };
}

/** The same layered layout for any boxes of one size, each with the ids it takes inputs from (one edge per entry). */
export function layoutBoxes(
  boxes: readonly { id: string; inputs: readonly string[] }[],
  size: { width: number; height: number },
  spacing = { ranksep: 110, nodesep: 56 },
  ordered: readonly string[] = [],
): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", ...spacing, edgesep: 24, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of boxes) g.setNode(n.id, { width: size.width, height: size.height });
  for (const n of boxes) n.inputs.forEach((from, i) => g.setEdge(from, n.id, {}, `${i}`));
  dagre.layout(g);
  const nodes: Record<string, NodeBox> = {};
  for (const n of boxes) {
    const p = g.node(n.id) as { x: number; y: number };
    nodes[n.id] = { id: n.id, x: p.x, y: p.y, width: size.width, height: size.height };
  }
  const edges: EdgePath[] = [];
  for (const n of boxes) {
    n.inputs.forEach((from, i) => {
      const e = g.edge(from, n.id, `${i}`) as { points?: { x: number; y: number }[]; x?: number; y?: number };
      const points = e.points ?? [nodes[from]!, nodes[n.id]!].map((b) => ({ x: b.x, y: b.y }));
      const mid = e.x !== undefined && e.y !== undefined ? { x: e.x, y: e.y } : points[Math.floor(points.length / 2)]!;
      edges.push({ from, to: n.id, index: i, points, mid });
    });
  }
  const graph = g.graph() as { width?: number; height?: number };
  return inReadingOrder({ width: Math.ceil(graph.width ?? 400), height: Math.ceil(graph.height ?? 200), nodes, edges }, ordered);
}
