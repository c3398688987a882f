/** Messages between the page and the drawing Web Worker (drawing.worker.ts). */
import type { Drawing } from "@/lib/graph-view/drawing";
import type { GraphStructure } from "@/lib/graph-view/structure";

export type DrawingRequest = { id: number; source: string } | { id: number; structure: GraphStructure };

export type DrawingResponse =
  | { id: number; ok: true; structure: GraphStructure; drawing: Drawing }
  | { id: number; ok: false; error: { message: string; line: number | null; column: number | null } };
