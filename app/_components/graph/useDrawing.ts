"use client";

/**
 * Parsing and laying out graphs off the main thread, in the drawing Web Worker, so typing stays
 * responsive however large the graph: at most one request per hook is in flight, and while it runs
 * only the newest input waits (older ones are dropped). A graph of up to SYNC_LAYOUT_MAX_NODES nodes
 * is laid out at once on the page (a few milliseconds), so small drawings appear with the page as
 * before. Where Web Workers are missing, the same work runs on the page.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { drawingOf, type Drawing } from "@/lib/graph-view/drawing";
import { structureFromSource, type GraphStructure } from "@/lib/graph-view/structure";
import { answerFor, type DrawingRequest, type DrawingResponse } from "./drawing-protocol";

export const SYNC_LAYOUT_MAX_NODES = 40;

type Body = { source: string } | { structure: GraphStructure };

let worker: Worker | null | undefined;
const waiting = new Map<number, (r: DrawingResponse) => void>();
let nextId = 1;

function computeHere(request: DrawingRequest): DrawingResponse {
  if ("structure" in request) return { id: request.id, ok: true, structure: request.structure, drawing: drawingOf(request.structure) };
  const parsed = structureFromSource(request.source);
  return parsed.ok ? answerFor(request.id, parsed.structure) : { id: request.id, ok: false, error: parsed.error };
}

function drawingWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL("./drawing.worker.ts", import.meta.url));
    worker.onmessage = (e: MessageEvent<DrawingResponse>) => {
      const done = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      done?.(e.data);
    };
  } catch {
    worker = null;
  }
  return worker;
}

function requestDrawing(body: Body): Promise<DrawingResponse> {
  const request = { id: nextId++, ...body };
  const w = drawingWorker();
  if (w === null) return new Promise((resolve) => setTimeout(() => resolve(computeHere(request)), 0));
  return new Promise((resolve) => {
    waiting.set(request.id, resolve);
    w.postMessage(request);
  });
}

/** The worker's latest answer for `body` (null: nothing to draw), requested `delayMs` after it last changed. */
function useWorkerDrawing(body: Body | null, delayMs: number): { response: DrawingResponse | null; forBody: Body | null; pending: boolean } {
  const [answer, setAnswer] = useState<{ response: DrawingResponse; forBody: Body } | null>(null);
  const [pending, setPending] = useState(body !== null);
  const flight = useRef<{ busy: boolean; next: Body | null; alive: boolean }>({ busy: false, next: null, alive: true });

  useEffect(() => {
    const f = flight.current;
    f.alive = true;
    return () => {
      f.alive = false;
    };
  }, []);

  useEffect(() => {
    const f = flight.current;
    if (body === null) {
      f.next = null;
      // The drawing is an external system (a worker): clearing and marking it pending follow the body it is asked for.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setAnswer(null);
      setPending(false);
      return;
    }
    setPending(true);
    const submit = (b: Body) => {
      if (f.busy) {
        f.next = b;
        return;
      }
      f.busy = true;
      void requestDrawing(b).then((r) => {
        f.busy = false;
        if (!f.alive) return;
        const next = f.next;
        f.next = null;
        if (next) submit(next);
        else {
          setAnswer({ response: r, forBody: b });
          setPending(false);
        }
      });
    };
    const timer = setTimeout(() => submit(body), delayMs);
    return () => clearTimeout(timer);
  }, [body, delayMs]);

  return { response: answer?.response ?? null, forBody: answer?.forBody ?? null, pending };
}

/** A graph the student is typing: its structure and drawing, or the first error, worked out in the worker. */
export function useSourceDrawing(source: string, delayMs = 200) {
  const body = useMemo(() => (source.trim() ? { source } : null), [source]);
  return useWorkerDrawing(body, delayMs);
}

/** The drawing of a known structure: at once when small, else from the worker (null until it answers). */
export function useStructureDrawing(structure: GraphStructure, enabled = true): Drawing | null {
  const small = structure.nodes.length <= SYNC_LAYOUT_MAX_NODES;
  const here = useMemo(() => (enabled && small ? drawingOf(structure) : null), [structure, small, enabled]);
  const body = useMemo(() => (enabled && !small ? { structure } : null), [structure, small, enabled]);
  const { response, forBody } = useWorkerDrawing(body, 0);
  // Only a drawing of this very structure: one of the previous structure would name other nodes.
  return here ?? (response?.ok && forBody === body ? response.drawing : null);
}
