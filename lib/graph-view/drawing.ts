/**
 * What a graph drawing shows. Up to FULL_DRAWING_MAX_NODES nodes: every node, with room for the
 * numbers on nodes and edges. Above that (the graph language allows 10,000 nodes) a simplified
 * drawing that stays small whatever the size, so the browser lays it out and paints it quickly:
 *
 * 1. each statement's nodes are one box (`m = (x1 + x2) / 2` is the box `m`; inputs keep their own);
 * 2. a chain of statements, where each uses the previous one and nothing else uses it, collapses into
 *    one box (`s1 … s2497`) — inputs used everywhere do not break a chain;
 * 3. if more than MAX_BOXES boxes remain, consecutive ones (in topological order) share a box.
 *
 * Edges between boxes are drawn once, with no labels. Pure: runs in the drawing Web Worker, the
 * server and the tests.
 */
import { layoutBoxes, layoutGraph, NODE_HEIGHT, type Layout } from "./layout";
import type { GraphStructure, StructureNode } from "./structure";

export const FULL_DRAWING_MAX_NODES = 150;
export const MAX_BOXES = 300;
export const BOX_WIDTH = 150;

export interface SimplifiedBox {
  id: string;
  kind: "input" | "statement" | "chain" | "block";
  /** The first and last statement (or input) in the box, in topological order. */
  first: string;
  last: string;
  statements: number;
  nodes: number;
  /** Whether the graph's output is in this box. */
  output: boolean;
}

export interface SimplifiedGraph {
  boxes: SimplifiedBox[];
  /** Box ids each box takes inputs from, once per pair. */
  inputs: Record<string, string[]>;
}

export type Drawing = { kind: "full"; nodes: number; layout: Layout } | { kind: "simplified"; nodes: number; graph: SimplifiedGraph; layout: Layout };

/** The statement a node belongs to: `m.2` and `m` to `m`; an input to itself. */
function statementOf(n: StructureNode): string {
  if (n.op === "input") return n.id;
  const dot = n.id.indexOf(".");
  return dot < 0 ? n.id : n.id.slice(0, dot);
}

interface Unit {
  id: string;
  input: boolean;
  nodes: number;
  preds: Set<string>;
  consumers: Set<string>;
}

export function simplify(structure: GraphStructure): SimplifiedGraph {
  const byId = new Map(structure.nodes.map((n) => [n.id, n]));
  // 1. Statements (and inputs), in order of first appearance: a topological order.
  const units = new Map<string, Unit>();
  for (const n of structure.nodes) {
    const id = statementOf(n);
    let u = units.get(id);
    if (!u) units.set(id, (u = { id, input: n.op === "input", nodes: 0, preds: new Set(), consumers: new Set() }));
    u.nodes++;
    for (const from of n.inputs) {
      const input = byId.get(from);
      const p = input ? statementOf(input) : from;
      if (p === id) continue;
      u.preds.add(p);
      units.get(p)?.consumers.add(id);
    }
  }
  // 2. Chains: a statement joins the box of its only non-input predecessor when it is that one's only consumer.
  const boxOf = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const u of units.values()) {
    let box = u.id;
    if (!u.input) {
      const preds = [...u.preds].filter((p) => !units.get(p)?.input);
      const only = preds.length === 1 ? units.get(preds[0]!) : undefined;
      if (only && only.consumers.size === 1) box = boxOf.get(only.id)!;
    }
    boxOf.set(u.id, box);
    if (box === u.id) members.set(box, [u.id]);
    else members.get(box)!.push(u.id);
  }
  // 3. Too many boxes still: consecutive boxes share one.
  let groups = [...members.values()];
  let blocks = false;
  if (groups.length > MAX_BOXES) {
    const per = Math.ceil(groups.length / MAX_BOXES);
    const merged: string[][] = [];
    for (let i = 0; i < groups.length; i += per) merged.push(groups.slice(i, i + per).flat());
    groups = merged;
    blocks = true;
  }
  const outputUnit = byId.get(structure.output) ? statementOf(byId.get(structure.output)!) : null;
  const boxes: SimplifiedBox[] = [];
  const boxOfUnit = new Map<string, string>();
  for (const g of groups) {
    const first = g[0]!;
    const last = g.at(-1)!;
    const id = g.length === 1 ? first : `${first}…${last}`;
    for (const m of g) boxOfUnit.set(m, id);
    const single = units.get(first)!;
    boxes.push({
      id,
      kind: blocks && g.length > 1 ? "block" : g.length > 1 ? "chain" : single.input ? "input" : "statement",
      first,
      last,
      statements: g.length,
      nodes: g.reduce((k, m) => k + units.get(m)!.nodes, 0),
      output: outputUnit !== null && g.includes(outputUnit),
    });
  }
  const inputs: Record<string, string[]> = {};
  for (const b of boxes) inputs[b.id] = [];
  const seen = new Set<string>();
  for (const u of units.values()) {
    const to = boxOfUnit.get(u.id)!;
    for (const p of u.preds) {
      const from = boxOfUnit.get(p);
      const key = `${from}\u0000${to}`;
      if (from === undefined || from === to || seen.has(key)) continue;
      seen.add(key);
      inputs[to]!.push(from);
    }
  }
  return { boxes, inputs };
}

/** The drawing of a structure: every node, or the simplified boxes above FULL_DRAWING_MAX_NODES. */
export function drawingOf(structure: GraphStructure): Drawing {
  const nodes = structure.nodes.length;
  if (nodes <= FULL_DRAWING_MAX_NODES) return { kind: "full", nodes, layout: layoutGraph(structure) };
  const graph = simplify(structure);
  const layout = layoutBoxes(
    graph.boxes.map((b) => ({ id: b.id, inputs: graph.inputs[b.id]! })),
    { width: BOX_WIDTH, height: NODE_HEIGHT + 12 },
    { ranksep: 70, nodesep: 28 },
  );
  return { kind: "simplified", nodes, graph, layout };
}
