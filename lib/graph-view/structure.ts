/** The graph structure drawings are made from; computed in the graph language, which the grader uses too. */
import { type StructureResult, structureFromSource } from "@/lib/graph-lang/structure";

export { type GraphStructure, type StructureNode, type StructureResult, structureFromSource, structureOf } from "@/lib/graph-lang/structure";

/**
 * What a graph's text computes, as a string: its nodes (ids, operations, inputs, shapes, constants) and
 * output, without where they stand in the text. Two texts that differ only in comments, spacing or line
 * breaks have the same identity, so an edit of that kind does not make a checked graph a new one. Null
 * for a text that does not compile.
 */
export function graphIdentity(source: string, parsed: StructureResult = structureFromSource(source)): string | null {
  if (!parsed.ok) return null;
  const { nodes, output } = parsed.structure;
  return JSON.stringify({ output, nodes: nodes.map(({ line: _line, ...node }) => node) });
}
