/** Messages between the page and the drawing Web Worker (drawing.worker.ts). */
import { drawingOf, type Drawing } from "@/lib/graph-view/drawing";
import type { GraphMessage } from "@/lib/graph-lang/messages";
import type { GraphStructure } from "@/lib/graph-view/structure";

export type DrawingRequest = { id: number; source: string } | { id: number; structure: GraphStructure };

export type DrawingResponse =
  /** `structure` is null for a simplified drawing of a parsed source: the page does not need its thousands of nodes. */
  | { id: number; ok: true; structure: GraphStructure | null; drawing: Drawing }
  | { id: number; ok: false; error: { message: string; line: number | null; column: number | null; ref?: GraphMessage } };

/** The answer for a parsed source: its drawing, and its structure only when drawn node by node. */
export function answerFor(id: number, structure: GraphStructure): DrawingResponse {
  const drawing = drawingOf(structure);
  return { id, ok: true, structure: drawing.kind === "full" ? structure : null, drawing };
}
