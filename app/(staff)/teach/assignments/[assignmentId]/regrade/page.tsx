import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { BulkRegradeForm } from "@/app/_components/review/BulkRegradeForm";
import "@/app/_components/review/review.css";
import { bulkRegradePreview } from "@/lib/dal/staff-review";
import { assignmentIdSchema } from "@/lib/validations/ids";
import { versionMovesSchema } from "@/lib/validations/review";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("bulk.metaTitle") };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/**
 * Bulk regrade, and moving the assignment to another version of a problem: the preview (computed on
 * every visit, writing nothing) of what grading every submission again against the version the
 * assignment uses, or the one an instructor chose to move it to, would change; then the confirmation.
 */
export default async function BulkRegradePage({
  params,
  searchParams,
}: {
  params: Promise<{ assignmentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const id = assignmentIdSchema.safeParse((await params).assignmentId);
  if (!id.success) notFound();
  const query = await searchParams;
  const replaceOverrides = query.replace === "1";
  const moves = versionMovesSchema.safeParse(query.to);
  const preview = await bulkRegradePreview(id.data, { replaceOverrides, requestedMoves: moves.success ? moves.data : null, locale: await getLocale() });
  if (!preview) notFound();
  const { courseId, mayMove, work, plan, badMove } = preview;
  const t = await getTranslations("review");
  const titles = new Map(plan.problems.map((p) => [p.id, p.title]));
  const changed = plan.items.filter((i) => i.changed);
  const unchanged = plan.items.length - changed.length;
  const movedProblems = plan.problems.filter((p) => p.target.id !== p.pinned.id);

  return (
    <>
      <p>
        <Link href={`/teach/assignments/${id.data}`}>← {t("bulk.back", { assignment: work.assignment.title })}</Link>
      </p>
      <h1>{t("bulk.title", { assignment: work.assignment.title })}</h1>
      <p className="muted">{t("bulk.intro")}</p>
      {badMove ? (
        <p className="alert error" role="alert" data-testid="bulk-bad-move">
          {t("bulk.badMove")}
        </p>
      ) : null}

      <section className="card" aria-labelledby="bulk-problems">
        <h2 id="bulk-problems">{t("bulk.problems")}</h2>
        <form method="get" className="stack">
          <div className="table-wrap">
            <table data-testid="bulk-problems">
              <thead>
                <tr>
                  <th scope="col">{t("bulk.col.problem")}</th>
                  <th scope="col">{t("bulk.col.pinned")}</th>
                  <th scope="col">{t("bulk.col.target")}</th>
                  <th scope="col">{t("bulk.col.stale")}</th>
                  <th scope="col">{t("bulk.col.changed")}</th>
                  <th scope="col">{t("bulk.col.failed")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.problems.map((p) => (
                  <tr key={p.id} data-problem={p.id} data-moves={p.target.id !== p.pinned.id ? "1" : undefined}>
                    <th scope="row">{p.title}</th>
                    <td data-testid="bulk-pinned">{t("bulk.version", { version: p.pinned.version })}</td>
                    <td>
                      {mayMove && p.versions.length > 1 ? (
                        <>
                          <label className="visually-hidden" htmlFor={`to-${p.id}`}>
                            {t("bulk.targetFor", { problem: p.title })}
                          </label>
                          <select id={`to-${p.id}`} name="to" defaultValue={`${p.id}:${p.target.version}`} data-testid="bulk-target">
                            {[...p.versions].reverse().map((v) => (
                              <option key={v.id} value={`${p.id}:${v.version}`}>
                                {v.id === p.pinned.id ? t("bulk.versionInUse", { version: v.version }) : t("bulk.version", { version: v.version })}
                              </option>
                            ))}
                          </select>
                          {p.target.id !== p.pinned.id ? (
                            <div className="small">
                              <Link href={`/teach/courses/${courseId}/problems/${p.id}/compare?a=${p.pinned.version}&b=${p.target.version}`} data-testid="bulk-compare">
                                {t("bulk.compare", { from: p.pinned.version, to: p.target.version })}
                              </Link>
                            </div>
                          ) : null}
                        </>
                      ) : (
                        t("bulk.version", { version: p.target.version })
                      )}
                    </td>
                    <td>{p.stale}</td>
                    <td>{p.changed}</td>
                    <td>{p.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="queue-filters">
            <label className="checkbox">
              <input type="checkbox" name="replace" value="1" defaultChecked={replaceOverrides} data-testid="bulk-replace" /> {t("bulk.replaceOverrides")}
            </label>
            <button type="submit" className="button secondary">
              {t("bulk.updatePreview")}
            </button>
          </div>
          <p className="muted small">{replaceOverrides ? t("bulk.replacing") : t("bulk.keeping")}</p>
        </form>
        {movedProblems.length > 0 ? (
          <p className="alert warn" data-testid="bulk-moving">
            {t("bulk.moving", { count: movedProblems.length })}
          </p>
        ) : null}
      </section>

      {plan.items.length === 0 ? (
        movedProblems.length === 0 ? (
          <p className="alert ok" data-testid="bulk-nothing">
            {t("bulk.nothing")}
          </p>
        ) : (
          <p className="alert ok" data-testid="bulk-nothing-to-regrade">
            {t("bulk.moveNoSubmissions")}
          </p>
        )
      ) : (
        <section className="card" aria-labelledby="bulk-preview">
          <h2 id="bulk-preview">{t("bulk.preview")}</h2>
          {changed.length === 0 ? (
            <p data-testid="bulk-no-change">{t("bulk.noChange", { count: plan.items.length })}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="bulk-preview">
                <thead>
                  <tr>
                    <th scope="col">{t("bulk.col.student")}</th>
                    <th scope="col">{t("bulk.col.problem")}</th>
                    <th scope="col">{t("bulk.col.attempt")}</th>
                    <th scope="col">{t("bulk.col.part")}</th>
                    <th scope="col">{t("bulk.col.partChange")}</th>
                    <th scope="col">{t("bulk.col.scoreChange")}</th>
                  </tr>
                </thead>
                <tbody>
                  {changed.map((i) => (
                    <tr key={i.submissionId} data-student={i.student.email} data-submission={i.submissionId}>
                      <th scope="row">
                        {i.student.name}
                        <div className="muted small">{i.student.email}</div>
                      </th>
                      <td>
                        {titles.get(i.problemId)}
                        <div className="muted small">{t("bulk.fromVersion", { version: i.fromVersion.version })}</div>
                      </td>
                      <td>{i.attempt}</td>
                      <td>
                        <ul className="plain">
                          {i.parts.map((p) => (
                            <li key={p.partId}>
                              <code>{p.partId}</code>
                              {p.overridden ? <span className="badge warn">{t("bulk.overridden")}</span> : null}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        <ul className="plain">
                          {i.parts.map((p) => (
                            <li key={p.partId} data-testid={`bulk-part-${p.partId}`}>
                              {pct(p.before)} → {pct(p.after)}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td data-testid="bulk-score">
                        {pct(i.scoreBefore)} → {pct(i.scoreAfter)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {unchanged > 0 && changed.length > 0 ? <p className="muted small">{t("bulk.alsoMoved", { count: unchanged })}</p> : null}
          {plan.failures.length > 0 ? (
            <div className="alert error">
              <p>{t("bulk.failures", { count: plan.failures.length })}</p>
              <ul>
                {plan.failures.map((f) => (
                  <li key={f.submissionId}>
                    {f.student}: {f.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      )}
      {/* Outside the preview, so the confirmation's answer stays on screen once nothing is left to regrade. */}
      <BulkRegradeForm assignmentId={id.data} versions={plan.versions} replaceOverrides={replaceOverrides} count={plan.items.length} moves={movedProblems.length} />
    </>
  );
}
