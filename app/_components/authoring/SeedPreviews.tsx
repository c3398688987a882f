"use client";

/**
 * The editor's preview of one seed or two side by side: the seed inputs, then per seed its statement,
 * parameters, graph and reference answers.
 */
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import type { PartPreview, ProblemPreview, SeedPreview } from "@/lib/authoring/preview";
import { GraphCanvas } from "@/app/_components/graph/GraphCanvas";
import { Table } from "@/app/_components/Table";
import { isSeed } from "./editor-input";

const GRAPH_FIELDS = ["value", "grad"] as const;

export function SeedPreviews({
  preview,
  seedA,
  setSeedA,
  seedB,
  setSeedB,
  compare,
  setCompare,
}: {
  preview: ProblemPreview | null;
  seedA: string;
  setSeedA: (v: string) => void;
  seedB: string;
  setSeedB: (v: string) => void;
  compare: boolean;
  setCompare: (v: boolean) => void;
}) {
  const t = useTranslations("authoring.editor");
  return (
    <section className="card" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t("preview")}</h2>
      <div className="seed-bar">
        <SeedInput id="seed-a" label={t("seedA")} value={seedA} onChange={setSeedA} />
        {compare ? <SeedInput id="seed-b" label={t("seedB")} value={seedB} onChange={setSeedB} /> : null}
        <label className="choice">
          <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} />
          {t("compare")}
        </label>
      </div>
      {preview && preview.seeds.length ? (
        <div className="seeds">
          {preview.seeds.map((s, k) => (
            <SeedColumn key={k} which={k === 0 ? "a" : "b"} seed={s} />
          ))}
        </div>
      ) : (
        <p className="muted">{t("noPreview")}</p>
      )}
    </section>
  );
}

function SeedInput({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  const t = useTranslations("authoring.editor");
  const step = (delta: number) => {
    const n = Number(value);
    onChange(Number.isInteger(n) ? String(Math.max(0, n + delta)) : "0");
  };
  const bad = value.trim() !== "" && !isSeed(value);
  return (
    <div className="seed-input">
      <div>
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="text"
          inputMode="numeric"
          value={value}
          maxLength={15}
          aria-invalid={bad ? true : undefined}
          aria-describedby={bad ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {bad ? (
          <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>
            {t("seedNotInteger", { value: value.trim() })}
          </p>
        ) : null}
      </div>
      <button type="button" className="button secondary small" onClick={() => step(-1)} aria-label={t("previousSeed", { label })}>
        −
      </button>
      <button type="button" className="button secondary small" onClick={() => step(1)} aria-label={t("nextSeed", { label })}>
        +
      </button>
    </div>
  );
}

function SeedColumn({ which, seed }: { which: "a" | "b"; seed: SeedPreview }) {
  const t = useTranslations("authoring.editor");
  const asked = useMemo(() => (seed.ok ? new Set(seed.structure.nodes.filter((n) => n.op !== "const").map((n) => n.id)) : new Set<string>()), [seed]);
  if (!seed.ok) {
    return (
      <div className="seed-column" data-testid={`seed-${which}`}>
        <h3>{t("seedHeading", { seed: seed.seed })}</h3>
        <p className="alert error">{seed.message}</p>
      </div>
    );
  }
  return (
    <div className="seed-column" data-testid={`seed-${which}`}>
      <h3>{t("seedHeading", { seed: seed.seed })}</h3>
      {seed.draw > 1 ? <p className="hint">{t("redrawn", { draw: seed.draw })}</p> : null}
      <h4>{t("statement")}</h4>
      <div className="prose" dangerouslySetInnerHTML={{ __html: seed.statementHtml }} />
      <h4>{t("parameters")}</h4>
      {seed.parameters.length ? (
        <Table
          wrap={false}
          className="params"
          testId={`params-${which}`}
          rows={seed.parameters}
          rowKey={(p) => p.name}
          columns={[{ rowHeader: true, cell: (p) => p.name }, { cell: (p) => p.value }]}
        />
      ) : (
        <p className="muted">{t("noParameters")}</p>
      )}
      <h4>{t("graph")}</h4>
      <p className="hint">{t("graphLegend")}</p>
      <div className="graph-scroll">
        <GraphCanvas structure={seed.structure} fields={GRAPH_FIELDS} asked={asked} entries={seed.entries} label={t("graphLabel", { seed: seed.seed })} />
      </div>
      <h4>{t("answers")}</h4>
      <ol className="answers" data-testid={`answers-${which}`}>
        {seed.parts.map((p) => (
          <li key={p.id} data-part={p.id}>
            <strong>{t("partHeading", { id: p.id, kind: p.kind, points: p.points })}</strong>
            <div className="prose small" dangerouslySetInnerHTML={{ __html: p.promptHtml }} />
            {p.fields ? (
              <FieldsTable fields={p.fields} count={Number(p.answer)} />
            ) : (
              <div className="reference" data-testid={`answer-${which}-${p.id}`}>
                {p.answer}
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** An annotation part's reference fields (the preview lists at most 500 of `count`), built only when opened. */
function FieldsTable({ fields, count }: { fields: NonNullable<PartPreview["fields"]>; count: number }) {
  const t = useTranslations("authoring.editor");
  const fieldName = useTranslations("problem.graph");
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t("annotationFields", { count })}</summary>
      {open ? (
        <Table
          wrap={false}
          className="params"
          rows={fields}
          rowKey={(f) => `${f.node}|${f.field}|${f.from ?? ""}`}
          columns={[
            { rowHeader: true, cell: (f) => (f.from ? `${f.node} → ${f.from}` : f.node) },
            { cell: (f) => fieldName(f.field as "value") },
            { cell: (f) => f.value },
          ]}
        />
      ) : null}
      {open && count > fields.length ? <p className="hint">{t("moreFields", { count: count - fields.length })}</p> : null}
    </details>
  );
}
