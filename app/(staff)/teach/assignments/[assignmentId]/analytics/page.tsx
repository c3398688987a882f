import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { HeatmapGraph } from "@/app/_components/review/HeatmapGraph";
import { MistakeName } from "@/app/_components/review/MistakeName";
import { ScoreChart } from "@/app/_components/review/ScoreChart";
import { percent } from "@/app/_components/review/percent";
import "@/app/_components/review/review.css";
import { Table } from "@/app/_components/Table";
import { MIN_FLAG_COUNT } from "@/lib/analytics/stats";
import { assignmentAnalytics } from "@/lib/dal/staff-review";
import { assignmentIdSchema } from "@/lib/validations/ids";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("analytics.metaTitle") };
}

/** Where the class goes wrong, per problem, over each student's counted attempt. */
export default async function AnalyticsPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const id = assignmentIdSchema.safeParse((await params).assignmentId);
  if (!id.success) notFound();
  const data = await assignmentAnalytics(id.data, await getLocale());
  if (!data) notFound();
  const t = await getTranslations("review.analytics");
  const { work } = data;

  return (
    <>
      <p>
        <Link href={`/teach/assignments/${work.assignment.id}`}>← {t("back", { assignment: work.assignment.title })}</Link>
      </p>
      <h1>{t("title", { assignment: work.assignment.title })}</h1>
      <p className="muted">{t("intro")}</p>
      {data.problems.map((p) => (
        <section key={p.id} className="card" aria-labelledby={`an-${p.id}`} data-testid={`analytics-${p.slug}`}>
          <h2 id={`an-${p.id}`}>{p.title}</h2>
          <p data-testid="analytics-summary">
            {t("summary", { submitted: p.submitted, students: p.students })}
            {p.submitted > 0 ? ` · ${t("meanSd", { mean: percent(p.mean), sd: percent(p.sd) })}` : ""}
          </p>
          {p.submitted === 0 ? (
            <p className="muted">{t("noSubmissions")}</p>
          ) : (
            <>
              <h3>{t("distribution")}</h3>
              <ScoreChart bins={p.distribution} id={`dist-${p.slug}`} />

              <h3>{t("mistakes")}</h3>
              {p.mistakes.length === 0 ? (
                <p className="muted">{t("noMistakes")}</p>
              ) : (
                <Table
                  wrap={false}
                  testId={`mistakes-${p.slug}`}
                  rows={p.mistakes}
                  rowKey={(m) => m.code}
                  columns={[
                    { header: t("mistake"), rowHeader: true, cell: (m) => <MistakeName code={m.code} /> },
                    { header: t("occurrences"), cell: (m) => m.occurrences },
                    { header: t("studentsWith"), cell: (m) => m.students },
                  ]}
                />
              )}

              <h3>{t("variants")}</h3>
              <p className="muted small">{t("variantsNote", { min: MIN_FLAG_COUNT })}</p>
              <Table
                testId={`variants-${p.slug}`}
                rows={p.variants}
                rowKey={(v) => v.key}
                rowProps={(v) => ({ "data-flagged": v.flagged ? "yes" : "no" })}
                columns={[
                  { header: t("parameters"), rowHeader: true, className: "mono small", cell: (v) => v.label || "—" },
                  { header: t("students"), cell: (v) => v.count },
                  { header: t("mean"), cell: (v) => percent(v.mean) },
                  {
                    header: <span className="visually-hidden">{t("flag")}</span>,
                    cell: (v) => (v.flagged ? <span className="badge bad">{t("muchLower")}</span> : null),
                  },
                ]}
              />

              {p.heatmaps.map((h) => (
                <div key={h.partId}>
                  <h3>{t("heatmap", { part: h.partId })}</h3>
                  <p className="muted small">{t("heatmapNote", { count: h.submissions })}</p>
                  <HeatmapGraph partId={h.partId} structure={h.structure} fields={h.fields} asked={h.asked} cells={h.cells} />
                </div>
              ))}
            </>
          )}
        </section>
      ))}
    </>
  );
}
