"use client";

/**
 * The class heatmap drawn on the reference graph: each field tinted by the share of students who got
 * it wrong, with the percentage written in place (never colour alone), and the same numbers as a table.
 */
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { Table } from "@/app/_components/Table";
import type { FieldName } from "@/lib/assignments/view-types";
import type { HeatCell } from "@/lib/analytics/stats";
import { withEntry, type AnnotationEntries } from "@/lib/graph-view/fields";
import type { GraphStructure } from "@/lib/graph-view/structure";
import { GraphCanvas } from "@/app/_components/graph/GraphCanvas";

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function HeatmapGraph({
  partId,
  structure,
  fields,
  asked,
  cells,
}: {
  partId: string;
  structure: GraphStructure;
  fields: FieldName[];
  asked: string[];
  cells: HeatCell[];
}) {
  const t = useTranslations("review.analytics");
  const tg = useTranslations("problem.graph");
  const heat = useMemo(() => Object.fromEntries(cells.map((c) => [c.key, c.share])), [cells]);
  const entries = useMemo(() => {
    let e: AnnotationEntries = { nodes: {} };
    for (const c of cells) e = withEntry(e, { node: c.node, field: c.field, from: c.from }, pct(c.share));
    return e;
  }, [cells]);
  const askedSet = useMemo(() => new Set(asked), [asked]);
  const sorted = [...cells].sort((a, b) => b.share - a.share || a.key.localeCompare(b.key));
  return (
    <div className="heatmap" data-testid={`heatmap-${partId}`}>
      <p className="heatmap-legend muted small">
        <span className="swatch" style={{ background: "linear-gradient(90deg, rgba(220,38,38,0.12), rgba(220,38,38,0.8))" }} aria-hidden="true" />{" "}
        {t("heatLegend")}
      </p>
      <div className="graph-scroll">
        <GraphCanvas structure={structure} fields={fields} asked={askedSet} entries={entries} heat={heat} label={t("heatLabel", { part: partId })} />
      </div>
      <details>
        <summary>{t("asTable")}</summary>
        <Table
          wrap={false}
          testId={`heat-table-${partId}`}
          rows={sorted}
          rowKey={(c) => c.key}
          rowProps={(c) => ({ "data-key": c.key })}
          columns={[
            { header: t("node"), rowHeader: true, cell: (c) => <code>{c.node}</code> },
            { header: t("field"), cell: (c) => (c.from ? `${tg(c.field)} ${tg("edge", { from: c.from })}` : tg(c.field)) },
            { header: t("wrong"), cell: (c) => t("wrongOf", { wrong: c.wrong, total: c.total }) },
            { header: t("share"), cell: (c) => pct(c.share) },
          ]}
        />
      </details>
    </div>
  );
}
