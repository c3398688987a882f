"use client";

/**
 * A graph-annotation part: the drawing, the selected node's fields beside it, an equivalent table
 * view (every field in one keyboard-friendly grid), and export of the drawing as SVG or PNG.
 */
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import type { FieldName, FieldView } from "@/lib/assignments/view-types";
import { askedNodes, entryOf, fieldKey, slotsOf, withEntry, type AnnotationEntries, type EntrySlot } from "@/lib/graph-view/fields";
import type { GraphStructure } from "@/lib/graph-view/structure";
import { AnswerField } from "@/app/_components/problem/AnswerField";
import { GraphCanvas, GraphLegend } from "./GraphCanvas";
import { downloadPng, downloadSvg } from "./export";

export function feedbackMap(fields: readonly FieldView[] | undefined): Record<string, FieldView> {
  const out: Record<string, FieldView> = {};
  for (const f of fields ?? []) out[fieldKey(f.node, f.field, f.from)] = f;
  return out;
}

export function AnnotatedGraph({
  partId,
  structure,
  fields,
  nodes,
  entries,
  onChange,
  feedback,
  readOnly = false,
  fileName,
}: {
  partId: string;
  structure: GraphStructure;
  fields: readonly FieldName[];
  nodes?: readonly string[];
  entries?: AnnotationEntries;
  onChange?: (entries: AnnotationEntries) => void;
  feedback?: readonly FieldView[];
  readOnly?: boolean;
  fileName: string;
}) {
  const t = useTranslations("problem.graph");
  const asked = useMemo(() => askedNodes(structure, nodes), [structure, nodes]);
  const askedIds = useMemo(() => new Set(asked.map((n) => n.id)), [asked]);
  const fb = useMemo(() => feedbackMap(feedback), [feedback]);
  const [selected, setSelected] = useState<string | null>(asked[0]?.id ?? null);
  const [view, setView] = useState<"drawing" | "table">("drawing");
  const svgRef = useRef<SVGSVGElement>(null);
  const firstInput = useRef<HTMLInputElement | null>(null);
  const selectedNode = structure.nodes.find((n) => n.id === selected && askedIds.has(n.id));
  // The node after the selected one, in the order the part asks them: the node editor's last stop
  // leads on to it, so that Tab goes from one node's numbers to the next's.
  const nextNode = selectedNode ? asked[asked.findIndex((n) => n.id === selectedNode.id) + 1] : undefined;
  const [focusFirst, setFocusFirst] = useState(0);
  useEffect(() => {
    if (focusFirst) firstInput.current?.focus();
  }, [focusFirst]);
  // The table's columns: a node's own numbers, then its input edges' numbers nested in one column.
  const nodeFields = (["value", "grad"] as const).filter((f) => fields.includes(f));
  const edgeFields = (["local", "downstream"] as const).filter((f) => fields.includes(f));

  const labelOf = (slot: EntrySlot) => {
    const name = t(slot.field);
    return slot.from === null ? name : `${name} ${t("edge", { from: slot.from })}`;
  };
  const set = (slot: EntrySlot, text: string) => onChange?.(withEntry(entries, slot, text));
  /**
   * One number's box, in the node editor ("field-…" test ids, its label shown) or the table view
   * ("table-…", its label for screen readers only: the column header says it).
   */
  const slotField = (slot: EntrySlot, where: "field" | "table", first = false) => {
    const key = fieldKey(slot.node, slot.field, slot.from);
    return (
      <AnswerField
        key={key}
        compact
        inTable={where === "table"}
        label={labelOf(slot)}
        value={entryOf(entries, slot)}
        onChange={(text) => set(slot, text)}
        disabled={readOnly}
        feedback={fb[key]}
        testId={`${where}-${slot.node}-${slot.field}${slot.from ? `-${slot.from}` : ""}`}
        inputRef={first ? firstInput : undefined}
      />
    );
  };

  return (
    <div className="annotated-graph" data-part={partId}>
      <div className="graph-toolbar" role="toolbar" aria-label={t("view")}>
        <div className="segmented">
          <button type="button" className={view === "drawing" ? "active" : ""} aria-pressed={view === "drawing"} onClick={() => setView("drawing")}>
            {t("drawing")}
          </button>
          <button type="button" className={view === "table" ? "active" : ""} aria-pressed={view === "table"} onClick={() => setView("table")}>
            {t("table")}
          </button>
        </div>
        <button type="button" className="link-button" onClick={() => svgRef.current && downloadSvg(svgRef.current, `${fileName}.svg`)}>
          {t("exportSvg")}
        </button>
        <button type="button" className="link-button" onClick={() => svgRef.current && void downloadPng(svgRef.current, `${fileName}.png`)}>
          {t("exportPng")}
        </button>
      </div>
      <GraphLegend />
      <div className="graph-layout">
        <div className="graph-scroll" hidden={view !== "drawing"}>
          <GraphCanvas
            ref={svgRef}
            structure={structure}
            fields={fields}
            asked={askedIds}
            entries={entries}
            feedback={fb}
            selected={selected}
            onSelect={setSelected}
            onActivate={() => firstInput.current?.focus()}
            label={t("graphOf", { count: structure.nodes.length })}
          />
        </div>
        {view === "drawing" ? (
          <div className="node-editor" aria-live="polite">
            {selectedNode ? (
              <fieldset>
                <legend>{t("fieldsFor", { node: selectedNode.id })}</legend>
                <p className="muted small">
                  {t("op")}: <code>{selectedNode.op === "input" ? "input" : selectedNode.label}</code>
                  {selectedNode.inputs.length ? <> · {t("inputsOf", { inputs: selectedNode.inputs.join(", ") })}</> : null}
                </p>
                {slotsOf(structure, selectedNode, fields).map((slot, i) => slotField(slot, "field", i === 0))}
                {nextNode ? (
                  <button
                    type="button"
                    className="link-button next-node"
                    onClick={() => {
                      setSelected(nextNode.id);
                      setFocusFirst((n) => n + 1);
                    }}
                  >
                    {t("nextNode", { node: nextNode.id })}
                  </button>
                ) : null}
              </fieldset>
            ) : (
              <p className="muted">{t("selectHint")}</p>
            )}
          </div>
        ) : null}
      </div>
      {view === "table" ? (
        <div className="table-wrap">
          <table className="graph-table" data-testid={`graph-table-${partId}`}>
            <caption className="visually-hidden">{t("graphOf", { count: structure.nodes.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("node")}</th>
                <th scope="col">{t("op")}</th>
                {nodeFields.map((f) => (
                  <th scope="col" key={f}>
                    {t(f)}
                  </th>
                ))}
                {edgeFields.length ? (
                  <th scope="col">{t(edgeFields.length === 2 ? "edgesBoth" : edgeFields[0] === "local" ? "edgesLocal" : "edgesDownstream")}</th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {asked.map((node) => {
                const slots = slotsOf(structure, node, fields);
                const edges = [...new Set(slots.flatMap((s) => (s.from === null ? [] : [s.from])))];
                return (
                  <tr key={node.id}>
                    <th scope="row">{node.id}</th>
                    <td>
                      <code>{node.op === "input" ? "input" : node.label}</code>
                      {node.inputs.length ? <div className="muted small">{node.inputs.join(", ")}</div> : null}
                    </td>
                    {nodeFields.map((f) => {
                      const slot = slots.find((s) => s.field === f && s.from === null);
                      return <td key={f}>{slot ? slotField(slot, "table") : null}</td>;
                    })}
                    {edgeFields.length ? (
                      <td>
                        {edges.map((from) => (
                          <div className="graph-table-edge" key={from}>
                            <span className="graph-table-edge-from">{t("edge", { from })}</span>
                            {slots.filter((s) => s.from === from).map((slot) => slotField(slot, "table"))}
                          </div>
                        ))}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
