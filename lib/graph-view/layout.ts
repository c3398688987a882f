/**
 * A layered left-to-right layout of a graph structure (dagre), with room around each node for the
 * numbers a student writes: the value above it, the gradient below it, and per edge the local and
 * downstream gradients at the edge's middle.
 */
import dagre from "@dagrejs/dagre";
import type { GraphStructure } from "./structure";

export const NODE_WIDTH = 76;
export const NODE_HEIGHT = 40;
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
  );
}

/** The same layered layout for any boxes of one size, each with the ids it takes inputs from (one edge per entry). */
export function layoutBoxes(
  boxes: readonly { id: string; inputs: readonly string[] }[],
  size: { width: number; height: number },
  spacing = { ranksep: 110, nodesep: 56 },
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
  return { width: Math.ceil(graph.width ?? 400), height: Math.ceil(graph.height ?? 200), nodes, edges };
}
