"use client";

/**
 * The computational graph drawn as SVG (layered, left to right), with what the student wrote on it:
 * forward values in red above each node, upstream gradients in blue below it, and per edge the local
 * derivative and the downstream gradient at its middle, as in the seed homework's figure. Feedback
 * marks each number ✓ / ↷ / ✗ / ? / ∅ (never colour alone), and each node's box says at a glance how its
 * numbers went (NODE_STATUS_STYLE: a wrong one red with a red tint, a carried one orange and rounded
 * with a dotted outline, a missing one dashed); GraphLegend shows the same styles. Nodes are a roving-tabindex group: Tab
 * into the drawing, arrow keys move between nodes, Enter opens the selected node's fields.
 *
 * The layout comes from the drawing Web Worker (useDrawing.ts) except for small graphs, and a graph
 * above FULL_DRAWING_MAX_NODES nodes is drawn simplified (lib/graph-view/drawing.ts) with a notice.
 */
import { useTranslations } from "next-intl";
import { forwardRef, useMemo, useRef, useState } from "react";
import type { FieldView, VerdictName } from "@/lib/assignments/view-types";
import type { Drawing, SimplifiedGraph } from "@/lib/graph-view/drawing";
import { entryOf, fieldKey, slotsOf, type AnnotationEntries } from "@/lib/graph-view/fields";
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from "@/lib/graph-view/layout";
import type { GraphStructure } from "@/lib/graph-view/structure";
import type { FieldName } from "@/lib/assignments/view-types";
import { useStructureDrawing } from "./useDrawing";

/**
 * The drawing's faces, named on the SVG itself so that a saved SVG or PNG renders Chinese labels and
 * messages wherever the viewer's system has any CJK face (the page's own stack, app/globals.css --font).
 */
const CJK_FACES = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"';
export const DRAWING_FONT = `system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", ${CJK_FACES}, sans-serif`;
const DRAWING_MONO = `ui-monospace, Menlo, Consolas, ${CJK_FACES}, monospace`;

export const VERDICT_MARK: Record<VerdictName, string> = { correct: "✓", carried: "↷", incorrect: "✗", invalid: "?", missing: "∅" };
const VERDICT_COLOR: Record<VerdictName, string> = { correct: "#166534", carried: "#c2410c", incorrect: "#b91c1c", invalid: "#6b21a8", missing: "#4a5160" };

/** How a node's numbers went, worst first: anything wrong or unreadable, then anything missing, then carried. */
export type NodeStatus = "incorrect" | "missing" | "carried" | "correct";
export const NODE_STATUSES: readonly NodeStatus[] = ["incorrect", "carried", "missing", "correct"];

interface BoxStyle {
  stroke: string;
  strokeWidth: number;
  fill: string;
  dash?: string;
  /** Corner radius; a carried node is a pill, so its shape differs from every other one. */
  rx: number;
}
const PLAIN_BOX: BoxStyle = { stroke: "#334155", strokeWidth: 1.5, fill: "#ffffff", rx: 8 };
export const NODE_STATUS_STYLE: Record<NodeStatus, BoxStyle> = {
  incorrect: { stroke: VERDICT_COLOR.incorrect, strokeWidth: 3, fill: "#fee2e2", rx: 8 },
  carried: { stroke: VERDICT_COLOR.carried, strokeWidth: 3, fill: "#ffedd5", dash: "1 5", rx: NODE_HEIGHT / 2 },
  missing: { stroke: VERDICT_COLOR.missing, strokeWidth: 2, fill: "#ffffff", dash: "7 4", rx: 8 },
  correct: { stroke: VERDICT_COLOR.correct, strokeWidth: 2.5, fill: "#f0fdf4", rx: 8 },
};

/** The status of a node from the feedback on its own numbers and on the edges into it; null without feedback. */
export function nodeStatus(node: string, feedback: Readonly<Record<string, FieldView>> | undefined): NodeStatus | null {
  const verdicts = Object.values(feedback ?? {})
    .filter((f) => f.node === node)
    .map((f) => f.verdict);
  if (verdicts.length === 0) return null;
  if (verdicts.some((v) => v === "incorrect" || v === "invalid")) return "incorrect";
  if (verdicts.includes("missing")) return "missing";
  if (verdicts.includes("carried")) return "carried";
  return "correct";
}

const LEGEND_MARKS: Record<NodeStatus, string> = { incorrect: "✗ ?", carried: "↷", missing: "∅", correct: "✓" };

/** The key to the drawing, drawn with the very styles the nodes use. */
export function GraphLegend() {
  const t = useTranslations("problem.graph");
  return (
    <div className="graph-legend muted small" data-testid="graph-legend">
      <span>{t("legend")}</span>
      <ul>
        {NODE_STATUSES.map((status) => {
          const st = NODE_STATUS_STYLE[status];
          return (
            <li key={status} data-status={status}>
              <svg width={34} height={20} viewBox="0 0 34 20" aria-hidden="true">
                <rect
                  x={2}
                  y={2}
                  width={30}
                  height={16}
                  rx={Math.min(st.rx, 8)}
                  fill={st.fill}
                  stroke={st.stroke}
                  strokeWidth={st.strokeWidth}
                  strokeDasharray={st.dash}
                  strokeLinecap="round"
                />
              </svg>
              <span style={{ color: VERDICT_COLOR[status], fontWeight: 700 }}>{LEGEND_MARKS[status]}</span> {t(`status.${status}`)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
const VALUE_COLOR = "#b91c1c";
const GRAD_COLOR = "#1d4ed8";
const LOCAL_COLOR = "#6b21a8";

function clip(text: string, max = 12): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface GraphCanvasProps {
  structure: GraphStructure;
  fields: readonly FieldName[];
  /** Ids of the nodes the part asks about (others are drawn but carry no numbers). */
  asked: ReadonlySet<string>;
  entries?: AnnotationEntries;
  feedback?: Readonly<Record<string, FieldView>>;
  /** Share of students wrong per field key (staff analytics heatmap), 0..1. */
  heat?: Readonly<Record<string, number>>;
  selected?: string | null;
  onSelect?: (id: string) => void;
  onActivate?: (id: string) => void;
  label: string;
  /** The drawing when the caller already has it (the graph editor's worker answers with both); else it is made here. */
  drawing?: Drawing | null;
}

function NumberLabel({
  x,
  y,
  text,
  color,
  verdict,
  anchor = "middle",
}: {
  x: number;
  y: number;
  text: string;
  color: string;
  verdict?: VerdictName;
  anchor?: "middle" | "start" | "end";
}) {
  if (!text && !verdict) return null;
  return (
    <text x={x} y={y} textAnchor={anchor} fontSize={12} fontFamily={DRAWING_MONO}>
      {text ? <tspan fill={color}>{clip(text)}</tspan> : null}
      {verdict ? (
        <tspan fill={VERDICT_COLOR[verdict]} fontWeight={700} dx={text ? 3 : 0}>
          {VERDICT_MARK[verdict]}
        </tspan>
      ) : null}
    </text>
  );
}

/**
 * Which side of a − or ÷ an edge is: "+" and "−" on the edges into a subtraction, the numerator and
 * denominator on those into a division, written just before the arrowhead.
 */
function PortLabel({ op, index, points }: { op: string; index: number; points: readonly { x: number; y: number }[] }) {
  const t = useTranslations("problem.graph");
  if ((op !== "sub" && op !== "div") || index > 1 || points.length < 2) return null;
  const end = points.at(-1)!;
  const before = points.at(-2)!;
  const len = Math.hypot(end.x - before.x, end.y - before.y) || 1;
  const back = Math.min(18, len / 2);
  const x = end.x - ((end.x - before.x) / len) * back;
  const y = end.y - ((end.y - before.y) / len) * back;
  const text = op === "sub" ? (index === 0 ? "+" : "−") : index === 0 ? t("portNumerator") : t("portDenominator");
  return (
    <text
      x={x}
      y={y - 5}
      textAnchor="middle"
      fontSize={12}
      fontWeight={700}
      fill="#334155"
      stroke="#ffffff"
      strokeWidth={3}
      paintOrder="stroke"
      data-port={index}
    >
      {text}
    </text>
  );
}

const MIN_ZOOM = 0.5;
const MAX_ZOOM = 3;
const ZOOM_STEP = 1.25;

function heatColor(share: number): string {
  // white → red as more of the class gets it wrong
  const a = Math.max(0, Math.min(1, share));
  return `rgba(220, 38, 38, ${0.12 + 0.68 * a})`;
}

export const GraphCanvas = forwardRef<SVGSVGElement, GraphCanvasProps>(function GraphCanvas(props, ref) {
  const t = useTranslations("problem.graph");
  const made = useStructureDrawing(props.structure, props.drawing === undefined);
  const drawing = props.drawing === undefined ? made : props.drawing;
  if (drawing === null) {
    return (
      <p className="muted small" data-testid="drawing-pending" role="status">
        {t("drawingPending")}
      </p>
    );
  }
  if (drawing.kind === "simplified")
    return <SimplifiedCanvas ref={ref} graph={drawing.graph} layout={drawing.layout} nodes={drawing.nodes} label={props.label} />;
  return <FullCanvas ref={ref} {...props} layout={drawing.layout} />;
});

/** A large graph: one box per statement or chain, edges once, no numbers (drawing.ts). */
const SimplifiedCanvas = forwardRef<SVGSVGElement, { graph: SimplifiedGraph; layout: Layout; nodes: number; label: string }>(function SimplifiedCanvas(
  { graph, layout, nodes, label },
  ref,
) {
  const t = useTranslations("problem.graph");
  return (
    <div className="simplified-graph" data-testid="graph-simplified" data-nodes={nodes} data-boxes={graph.boxes.length}>
      <p className="hint" role="note">
        {t("simplified", { nodes, boxes: graph.boxes.length })}
      </p>
      <svg
        ref={ref}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        style={{ maxWidth: "100%", height: "auto", minWidth: Math.min(layout.width, 640) }}
        role="img"
        aria-label={label}
        xmlns="http://www.w3.org/2000/svg"
        fontFamily={DRAWING_FONT}
      >
        <defs>
          <marker id="arrow-simplified" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#475569" />
          </marker>
        </defs>
        <rect x={0} y={0} width={layout.width} height={layout.height} fill="#ffffff" />
        {layout.edges.map((e) => (
          <path
            key={`${e.from}->${e.to}`}
            d={e.points.map((p, i) => `${i ? "L" : "M"} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(" ")}
            fill="none"
            stroke="#475569"
            strokeWidth={1.5}
            markerEnd="url(#arrow-simplified)"
          />
        ))}
        {graph.boxes.map((b) => {
          const box = layout.nodes[b.id]!;
          const x = box.x - box.width / 2;
          const y = box.y - box.height / 2;
          const name = b.statements === 1 ? b.first : `${b.first} … ${b.last}`;
          return (
            <g key={b.id} data-box={b.id}>
              <rect
                x={x}
                y={y}
                width={box.width}
                height={box.height}
                rx={8}
                fill={b.kind === "input" ? "#eef2f7" : "#ffffff"}
                stroke={b.output ? "#1d4ed8" : "#334155"}
                strokeWidth={b.output ? 2.5 : 1.5}
                strokeDasharray={b.kind === "chain" || b.kind === "block" ? "6 3" : undefined}
              />
              <text x={box.x} y={box.y - 2} textAnchor="middle" fontSize={13} fill="#16181d" fontWeight={600}>
                {clip(name, 20)}
              </text>
              {b.kind !== "input" ? (
                <text x={box.x} y={box.y + 14} textAnchor="middle" fontSize={10} fill="#4a5160">
                  {t("boxNodes", { count: b.nodes })}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </div>
  );
});

/** Every node, with the numbers of the asked fields on nodes and edges. */
const FullCanvas = forwardRef<SVGSVGElement, GraphCanvasProps & { layout: Layout }>(function FullCanvas(
  { structure, fields, asked, entries, feedback, heat, selected = null, onSelect, onActivate, label, layout },
  ref,
) {
  const t = useTranslations("problem.graph");
  const tv = useTranslations("problem.verdict");
  const nodeRefs = useRef(new Map<string, SVGGElement>());
  const order = useMemo(() => structure.nodes.map((n) => n.id), [structure]);
  const byId = useMemo(() => new Map(structure.nodes.map((n, i) => [n.id, { node: n, index: i }])), [structure]);
  const focusable = selected ?? structure.nodes.find((n) => asked.has(n.id))?.id ?? order[0];
  const [zoom, setZoom] = useState(1);
  const pinch = useRef({ pointers: new Map<number, { x: number; y: number }>(), start: 0, zoom: 1 });
  const zoomTo = (z: number) => setZoom(Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(z * 100) / 100)));
  const spread = () => {
    const [a, b] = [...pinch.current.pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };

  function move(from: string, delta: number) {
    const i = byId.get(from)?.index ?? 0;
    const next = order[Math.max(0, Math.min(order.length - 1, i + delta))]!;
    onSelect?.(next);
    nodeRefs.current.get(next)?.focus();
  }

  const textFor = (node: string, field: FieldName, from: string | null) => {
    const key = fieldKey(node, field, from);
    const fb = feedback?.[key];
    const typed = entries ? entryOf(entries, { node, field, from }) : "";
    const shown = typed || (fb?.given !== undefined && fb.given !== null ? String(typeof fb.given === "number" ? fb.given : JSON.stringify(fb.given)) : "");
    return { text: shown, verdict: fb?.verdict, heat: heat?.[key] };
  };

  return (
    <>
      <div className="graph-zoom" role="group" aria-label={t("zoom")}>
        <button type="button" aria-label={t("zoomOut")} onClick={() => zoomTo(zoom / ZOOM_STEP)} disabled={zoom <= MIN_ZOOM}>
          −
        </button>
        <button type="button" aria-label={t("zoomReset")} onClick={() => zoomTo(1)} data-zoom={zoom}>
          {Math.round(zoom * 100)}%
        </button>
        <button type="button" aria-label={t("zoomIn")} onClick={() => zoomTo(zoom * ZOOM_STEP)} disabled={zoom >= MAX_ZOOM}>
          +
        </button>
      </div>
      <svg
        ref={ref}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        // Drawn at its own size times the zoom (the scroll box pans it), so text is never shrunk below 12 px;
        // one finger pans, two pinch (the browser's pinch is left to the handlers below).
        style={{ display: "block", width: layout.width * zoom, height: layout.height * zoom, touchAction: "pan-x pan-y" }}
        onPointerDown={(ev) => {
          if (ev.pointerType !== "touch") return;
          pinch.current.pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
          if (pinch.current.pointers.size === 2) pinch.current = { ...pinch.current, start: spread(), zoom };
        }}
        onPointerMove={(ev) => {
          const p = pinch.current;
          if (!p.pointers.has(ev.pointerId)) return;
          p.pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
          if (p.pointers.size === 2 && p.start > 0) zoomTo((p.zoom * spread()) / p.start);
        }}
        onPointerUp={(ev) => pinch.current.pointers.delete(ev.pointerId)}
        onPointerCancel={(ev) => pinch.current.pointers.delete(ev.pointerId)}
        role="group"
        aria-label={label}
        xmlns="http://www.w3.org/2000/svg"
        fontFamily={DRAWING_FONT}
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#475569" />
          </marker>
        </defs>
        <rect x={0} y={0} width={layout.width} height={layout.height} fill="#ffffff" />
        {layout.edges.map((e) => {
          const d = e.points.map((p, i) => `${i ? "L" : "M"} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(" ");
          const node = byId.get(e.to)!.node;
          const slots = asked.has(e.to) ? slotsOf(structure, node, fields).filter((s) => s.from === e.from) : [];
          const down = slots.find((s) => s.field === "downstream");
          const local = slots.find((s) => s.field === "local");
          const dt = down && textFor(e.to, "downstream", e.from);
          const lt = local && textFor(e.to, "local", e.from);
          return (
            <g key={`${e.from}->${e.to}#${e.index}`} data-edge={`${e.from}->${e.to}`}>
              <path d={d} fill="none" stroke="#475569" strokeWidth={1.5} markerEnd="url(#arrow)" />
              <PortLabel op={node.op} index={e.index} points={e.points} />
              {dt ? (
                <>
                  {dt.heat !== undefined ? <rect x={e.mid.x - 30} y={e.mid.y - 20} width={60} height={16} rx={4} fill={heatColor(dt.heat)} /> : null}
                  <NumberLabel x={e.mid.x} y={e.mid.y - 7} text={dt.text} color={GRAD_COLOR} verdict={dt.verdict} />
                </>
              ) : null}
              {lt ? (
                <>
                  {lt.heat !== undefined ? <rect x={e.mid.x - 30} y={e.mid.y + 4} width={60} height={16} rx={4} fill={heatColor(lt.heat)} /> : null}
                  <NumberLabel x={e.mid.x} y={e.mid.y + 16} text={lt.text ? `∂ ${lt.text}` : ""} color={LOCAL_COLOR} verdict={lt.verdict} />
                </>
              ) : null}
            </g>
          );
        })}
        {structure.nodes.map((n) => {
          const box = layout.nodes[n.id]!;
          const isAsked = asked.has(n.id);
          const isSelected = selected === n.id;
          const x = box.x - NODE_WIDTH / 2;
          const y = box.y - NODE_HEIGHT / 2;
          const status = isAsked ? nodeStatus(n.id, feedback) : null;
          const look = status === null ? { ...PLAIN_BOX, fill: n.op === "input" ? "#eef2f7" : PLAIN_BOX.fill } : NODE_STATUS_STYLE[status];
          const value = isAsked && fields.includes("value") ? textFor(n.id, "value", null) : null;
          const grad = isAsked && fields.includes("grad") ? textFor(n.id, "grad", null) : null;
          // What the box shows, said in words: its id and operation, and each number with its verdict.
          const said = (name: string, shown: { text: string; verdict?: VerdictName } | null) =>
            shown?.text || shown?.verdict ? [`${name} ${shown.text}`.trim(), shown.verdict ? `(${tv(shown.verdict)})` : ""].filter(Boolean).join(" ") : "";
          const aria = [t("nodeLabel", { node: n.id, op: n.op === "input" ? n.id : n.label }), said(t("value"), value), said(t("grad"), grad)]
            .filter(Boolean)
            .join(", ");
          // The node: a button (its box, id and operation: the words it shows are the start of its name)
          // and, beside it, its numbers, which the button's name says in words.
          return (
            <g key={n.id} data-node={n.id} data-status={status ?? undefined}>
              <g
                className="node-button"
                ref={(el) => {
                  if (el) nodeRefs.current.set(n.id, el);
                  else nodeRefs.current.delete(n.id);
                }}
                role={onSelect ? "button" : undefined}
                tabIndex={onSelect ? (n.id === focusable ? 0 : -1) : undefined}
                aria-label={aria}
                aria-pressed={onSelect ? isSelected : undefined}
                style={{ cursor: onSelect ? "pointer" : "default", outline: "none" }}
                onClick={() => onSelect?.(n.id)}
                onKeyDown={(ev) => {
                  if (!onSelect) return;
                  if (ev.key === "ArrowRight" || ev.key === "ArrowDown") {
                    ev.preventDefault();
                    move(n.id, 1);
                  } else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") {
                    ev.preventDefault();
                    move(n.id, -1);
                  } else if (ev.key === "Home") {
                    ev.preventDefault();
                    move(order[0]!, 0);
                  } else if (ev.key === "End") {
                    ev.preventDefault();
                    move(order.at(-1)!, 0);
                  } else if (ev.key === "Enter" || ev.key === " ") {
                    ev.preventDefault();
                    onSelect(n.id);
                    onActivate?.(n.id);
                  }
                }}
                onFocus={() => onSelect?.(n.id)}
              >
                {value?.heat !== undefined ? <rect x={x} y={y - 24} width={NODE_WIDTH} height={18} rx={4} fill={heatColor(value.heat)} /> : null}
                {grad?.heat !== undefined ? <rect x={x} y={y + NODE_HEIGHT + 4} width={NODE_WIDTH} height={18} rx={4} fill={heatColor(grad.heat)} /> : null}
                {isSelected ? (
                  <rect
                    className="selection-ring"
                    data-export="omit"
                    x={x - 6}
                    y={y - 6}
                    width={NODE_WIDTH + 12}
                    height={NODE_HEIGHT + 12}
                    rx={look.rx + 5}
                    fill="none"
                    stroke="#f59e0b"
                    strokeWidth={3}
                  />
                ) : null}
                <rect
                  className="node-box"
                  x={x}
                  y={y}
                  width={NODE_WIDTH}
                  height={NODE_HEIGHT}
                  rx={look.rx}
                  fill={look.fill}
                  stroke={n.op === "const" ? "#94a3b8" : look.stroke}
                  strokeWidth={look.strokeWidth}
                  strokeDasharray={n.op === "const" ? "4 3" : look.dash}
                  strokeLinecap="round"
                />
                {n.op !== "input" && n.op !== "const" ? (
                  <text x={x + 5} y={y + 13} fontSize={12} fill="#4a5160">
                    {n.id}
                  </text>
                ) : null}
                <text
                  x={box.x}
                  y={box.y + 8}
                  textAnchor="middle"
                  fontSize={n.label.length > 6 ? 12 : 15}
                  fill="#16181d"
                  fontWeight={n.op === "input" ? 600 : 500}
                >
                  {n.label}
                </text>
              </g>
              {/* The numbers are in the button's name already: read twice they would be noise. */}
              <g aria-hidden="true">
                {value ? <NumberLabel x={box.x} y={y - 10} text={value.text} color={VALUE_COLOR} verdict={value.verdict} /> : null}
                {grad ? <NumberLabel x={box.x} y={y + NODE_HEIGHT + 17} text={grad.text} color={GRAD_COLOR} verdict={grad.verdict} /> : null}
              </g>
            </g>
          );
        })}
      </svg>
    </>
  );
});
