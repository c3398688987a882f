import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { HeatmapGraph } from "@/app/_components/review/HeatmapGraph";
import { MistakeName } from "@/app/_components/review/MistakeName";
import { ScoreChart } from "@/app/_components/review/ScoreChart";
import "@/app/_components/review/review.css";
import { MIN_FLAG_COUNT } from "@/lib/analytics/stats";
import { assignmentAnalytics } from "@/lib/dal/staff-review";
import { assignmentIdSchema } from "@/lib/validations/ids";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("analytics.metaTitle") };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

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
            {p.submitted > 0 ? ` · ${t("meanSd", { mean: pct(p.mean), sd: pct(p.sd) })}` : ""}
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
                <table data-testid={`mistakes-${p.slug}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t("mistake")}</th>
                      <th scope="col">{t("occurrences")}</th>
                      <th scope="col">{t("studentsWith")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.mistakes.map((m) => (
                      <tr key={m.code}>
                        <th scope="row">
                          <MistakeName code={m.code} />
                        </th>
                        <td>{m.occurrences}</td>
                        <td>{m.students}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}

              <h3>{t("variants")}</h3>
              <p className="muted small">{t("variantsNote", { min: MIN_FLAG_COUNT })}</p>
              <div className="table-wrap">
                <table data-testid={`variants-${p.slug}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t("parameters")}</th>
                      <th scope="col">{t("students")}</th>
                      <th scope="col">{t("mean")}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t("flag")}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.variants.map((v) => (
                      <tr key={v.key} data-flagged={v.flagged ? "yes" : "no"}>
                        <th scope="row" className="mono small">
                          {v.label || "—"}
                        </th>
                        <td>{v.count}</td>
                        <td>{pct(v.mean)}</td>
                        <td>{v.flagged ? <span className="badge bad">{t("muchLower")}</span> : null}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>

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
