/**
 * The drawing Web Worker: parsing a graph the student is typing, and laying out a graph, both of
 * which take hundreds of milliseconds at thousands of nodes and would freeze the tab on its main
 * thread. Answers each request with its id; the page keeps only the latest answer.
 */
import { drawingOf } from "@/lib/graph-view/drawing";
import { structureFromSource, type GraphStructure } from "@/lib/graph-view/structure";
import { answerFor, type DrawingRequest, type DrawingResponse } from "./drawing-protocol";

const scope = self as unknown as { onmessage: ((e: MessageEvent<DrawingRequest>) => void) | null; postMessage: (m: DrawingResponse) => void };

scope.onmessage = (e) => {
  const request = e.data;
  let response: DrawingResponse;
  try {
    if ("source" in request) {
      const parsed = structureFromSource(request.source);
      response = parsed.ok ? answerFor(request.id, parsed.structure) : { id: request.id, ok: false, error: parsed.error };
    } else {
      const structure: GraphStructure = request.structure;
      response = { id: request.id, ok: true, structure, drawing: drawingOf(structure) };
    }
  } catch (err) {
    response = { id: request.id, ok: false, error: { message: err instanceof Error ? err.message : String(err), line: null, column: null } };
  }
  scope.postMessage(response);
};
