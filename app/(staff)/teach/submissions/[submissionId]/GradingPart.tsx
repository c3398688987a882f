import { useTranslations } from "next-intl";
import { AnnotatedGraph } from "@/app/_components/graph/AnnotatedGraph";
import type { PartSpecView } from "@/lib/assignments/view-types";
import type { AnnotationEntries } from "@/lib/graph-view/fields";
import { Table } from "@/app/_components/Table";
import { displayValue } from "@/lib/grading/format";
import { MistakeName } from "@/app/_components/review/MistakeName";
import { OverrideForm } from "@/app/_components/review/OverrideForm";
import { percent } from "@/app/_components/review/percent";
import { RegradeRespondForm } from "@/app/_components/review/RegradeRespondForm";
import { RegradeThreads } from "@/app/_components/review/RegradeThreads";
import { RubricPanel } from "@/app/_components/review/RubricPanel";
import type { RegradeThread, RubricItemView, StaffField, StaffSubmission } from "@/lib/dal/staff-review";

type Part = StaffSubmission["data"]["view"]["parts"][number];

/** Numbers to six significant digits (as the student's feedback shows references), text as typed. */
const shown = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(displayValue(v)));

/**
 * One part as staff grade it, the only place the part appears on the page: its prompt, an annotated
 * graph drawn as the student sees it (their numbers and the verdicts on the nodes, read-only), each
 * annotated field beside the reference with its verdict and named mistake (or, for formulas and graphs,
 * the student's text beside the reference's), the part's saved comments (rubric, applied with a click), its regrade threads, and the (folded)
 * override form.
 */
export function GradingPart({
  submissionId,
  index,
  part,
  promptHtml,
  fields,
  text,
  threads,
  rubric,
  spec,
  answer,
  fileName,
}: {
  submissionId: string;
  index: number;
  part: Part;
  promptHtml: string | null;
  spec?: PartSpecView;
  answer?: unknown;
  fileName: string;
  fields: StaffField[];
  text: { given: string | null; reference: string } | undefined;
  threads: RegradeThread[];
  rubric: RubricItemView[];
}) {
  const t = useTranslations("review");
  // The graph the student annotated: the reference graph, or their own as it was graded.
  const own = part.kind === "graph-annotation" ? part.structure : null;
  const structure = spec?.kind === "graph-annotation" ? (spec.graph === "reference" ? spec.structure : own) : null;
  const annotated =
    spec?.kind === "graph-annotation" && structure
      ? { structure, fields: spec.fields ?? [], nodes: spec.graph === "reference" ? spec.nodes : undefined }
      : null;
  return (
    <section className="card grading-part" data-testid={`grading-${part.id}`} aria-labelledby={`grading-${part.id}-title`}>
      <h3 id={`grading-${part.id}-title`}>
        {t("submission.partTitle", { n: index + 1, id: part.id })}{" "}
        <span className="muted" data-testid={`grading-score-${part.id}`}>
          · {t("submission.partScore", { score: percent(part.score), points: part.points })}
          {part.override ? ` · ${t("submission.overridden")}` : ""}
        </span>
      </h3>
      {promptHtml ? <div className="prose part-prompt" dangerouslySetInnerHTML={{ __html: promptHtml }} /> : null}
      {part.override ? <p className="muted small">{t("submission.overrideNote", { by: part.override.by ?? "—", comment: part.override.comment })}</p> : null}
      {annotated ? (
        <AnnotatedGraph
          partId={part.id}
          structure={annotated.structure}
          fields={annotated.fields}
          nodes={annotated.nodes}
          entries={(answer as AnnotationEntries | undefined) ?? { nodes: {} }}
          feedback={part.kind === "graph-annotation" ? part.fields : undefined}
          fileName={`${fileName}-${part.id}`}
          readOnly
        />
      ) : null}
      {fields.length > 0 ? <FieldsTable partId={part.id} fields={fields} /> : null}
      {text ? (
        <div className="text-compare" data-testid={`texts-${part.id}`}>
          <div>
            <h4>{t("fields.given")}</h4>
            {text.given !== null ? <pre>{text.given}</pre> : <p className="muted">{t("submission.noAnswer")}</p>}
          </div>
          <div>
            <h4>{t("fields.reference")}</h4>
            <pre>{text.reference}</pre>
          </div>
        </div>
      ) : null}
      {fields.length === 0 && text?.given !== null ? (
        <p className="muted">{"message" in part && part.message ? part.message : t("submission.noFields")}</p>
      ) : null}
      <RubricPanel submissionId={submissionId} partId={part.id} items={rubric} overridden={Boolean(part.override)} />
      <RegradeThreads threads={threads}>{(r) => <RegradeRespondForm submissionId={submissionId} requestId={r.id} points={part.points} />}</RegradeThreads>
      <OverrideForm submissionId={submissionId} partId={part.id} points={part.points} />
    </section>
  );
}

function FieldsTable({ partId, fields }: { partId: string; fields: StaffField[] }) {
  const t = useTranslations("review");
  const tr = useTranslations();
  const fieldName = (field: string) => tr(`problem.graph.${field}` as never);
  return (
    <Table
      className="staff-fields"
      testId={`fields-${partId}`}
      rows={fields}
      rowKey={(f) => `${f.node}|${f.field}|${f.from ?? ""}`}
      rowProps={(f) => ({ className: `verdict-${f.verdict}`, "data-verdict": f.verdict })}
      columns={[
        { header: t("fields.node"), rowHeader: true, cell: (f) => <code>{f.node}</code> },
        { header: t("fields.field"), cell: (f) => (f.from ? t("fields.edge", { field: fieldName(f.field), from: f.from }) : fieldName(f.field)) },
        { header: t("fields.given"), className: "mono", cell: (f) => shown(f.given) },
        { header: t("fields.reference"), className: "mono", cell: (f) => shown(f.expected) },
        { header: t("fields.verdict"), cell: (f) => tr(`problem.verdict.${f.verdict}` as never) },
        {
          header: t("fields.mistake"),
          cell: (f) =>
            f.diagnosis ? (
              <>
                <MistakeName code={f.diagnosis} />
                {f.detail ? <div className="muted small">{f.detail}</div> : null}
              </>
            ) : f.verdict !== "correct" && f.verdict !== "carried" ? (
              <span className="muted small">{f.message}</span>
            ) : null,
        },
      ]}
    />
  );
}
