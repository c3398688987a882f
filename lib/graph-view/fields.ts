/**
 * Which numbers a student enters on a drawn graph, derived from the structure and the fields a part
 * asks: the same rules the grader uses (no entries for constants or for edges from constants; a local
 * derivative only where it is elementwise). Pure; the editor, the table view and the tests share it.
 */
import { OPS, type OpName } from "@/lib/autograd";
import type { Field as FieldName } from "@/lib/grading";
import type { GraphStructure, StructureNode } from "./structure";

/** An edge has a local derivative per element exactly when its operation has an elementwise rule in the engine. */
function isElementwise(op: OpName): boolean {
  return OPS[op].kind === "elementwise";
}

export type NodeEntry = { value?: string; grad?: string; edges?: Record<string, { local?: string; downstream?: string }> };
export type AnnotationEntries = { nodes: Record<string, NodeEntry> };

export interface EntrySlot {
  node: string;
  field: FieldName;
  from: string | null;
}

export function fieldKey(node: string, field: FieldName, from: string | null): string {
  return `${node}|${field}|${from ?? ""}`;
}

/** Nodes by id, once per structure: slotsOf runs for every node, and a map per call made drawing quadratic. */
const indexes = new WeakMap<GraphStructure, ReadonlyMap<string, StructureNode>>();

function nodesById(structure: GraphStructure): ReadonlyMap<string, StructureNode> {
  let byId = indexes.get(structure);
  if (!byId) indexes.set(structure, (byId = new Map(structure.nodes.map((n) => [n.id, n]))));
  return byId;
}

/** The entry slots of one node, in the order the editor shows them. */
export function slotsOf(structure: GraphStructure, node: StructureNode, fields: readonly FieldName[]): EntrySlot[] {
  if (node.op === "const") return [];
  const byId = nodesById(structure);
  const slots: EntrySlot[] = [];
  if (fields.includes("value")) slots.push({ node: node.id, field: "value", from: null });
  if (fields.includes("grad")) slots.push({ node: node.id, field: "grad", from: null });
  const seen = new Set<string>();
  for (const from of node.inputs) {
    const input = byId.get(from);
    if (!input || input.op === "const" || seen.has(from)) continue;
    seen.add(from);
    const scalarEdge = node.shape.length === 0 && input.shape.length === 0;
    if (fields.includes("local") && (isElementwise(node.op) || scalarEdge)) slots.push({ node: node.id, field: "local", from });
    if (fields.includes("downstream")) slots.push({ node: node.id, field: "downstream", from });
  }
  return slots;
}

/** The nodes a part asks about (listed ones, or all but constants), in topological order. */
export function askedNodes(structure: GraphStructure, nodes?: readonly string[]): StructureNode[] {
  const wanted = nodes ? new Set(nodes) : null;
  return structure.nodes.filter((n) => n.op !== "const" && (wanted === null || wanted.has(n.id)));
}

/**
 * A stored answer as an answer box shows it. Students type text, but answers submitted another way
 * (the command line, the tests) may hold numbers and arrays: they read back as what one would type.
 */
export function answerText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || Array.isArray(v)) return JSON.stringify(v);
  return "";
}

export function entryOf(entries: AnnotationEntries | undefined, slot: EntrySlot): string {
  const n = entries?.nodes?.[slot.node] as Record<string, unknown> | undefined;
  if (!n) return "";
  if (slot.from === null) return answerText(slot.field === "value" ? n.value : n.grad);
  const e = (n.edges as Record<string, Record<string, unknown>> | undefined)?.[slot.from];
  return answerText(slot.field === "local" ? e?.local : e?.downstream);
}

export function withEntry(entries: AnnotationEntries | undefined, slot: EntrySlot, text: string): AnnotationEntries {
  const nodes = { ...(entries?.nodes ?? {}) };
  const node: NodeEntry = { ...(nodes[slot.node] ?? {}) };
  if (slot.from === null) {
    if (slot.field === "value") node.value = text;
    else node.grad = text;
  } else {
    const edges = { ...(node.edges ?? {}) };
    const edge = { ...(edges[slot.from] ?? {}) };
    if (slot.field === "local") edge.local = text;
    else edge.downstream = text;
    edges[slot.from] = edge;
    node.edges = edges;
  }
  nodes[slot.node] = node;
  return { nodes };
}
