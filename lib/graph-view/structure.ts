/** The graph structure drawings are made from; computed in the graph language, which the grader uses too. */
export { type GraphStructure, type StructureNode, type StructureResult, structureFromSource, structureOf } from "@/lib/graph-lang/structure";
