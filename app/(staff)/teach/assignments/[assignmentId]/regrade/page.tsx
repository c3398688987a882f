import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { BulkRegradeForm } from "@/app/_components/review/BulkRegradeForm";
import { percent } from "@/app/_components/review/percent";
import "@/app/_components/review/review.css";
import { Table } from "@/app/_components/Table";
import { bulkRegradePreview } from "@/lib/dal/staff-review";
import { assignmentIdSchema } from "@/lib/validations/ids";
import { versionMovesSchema } from "@/lib/validations/review";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("bulk.metaTitle") };
}

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
          <Table
            testId="bulk-problems"
            rows={plan.problems}
            rowKey={(p) => p.id}
            rowProps={(p) => ({ "data-problem": p.id, "data-moves": p.target.id !== p.pinned.id ? "1" : undefined })}
            columns={[
              { header: t("bulk.col.problem"), rowHeader: true, cell: (p) => p.title },
              { header: t("bulk.col.pinned"), testId: "bulk-pinned", cell: (p) => t("bulk.version", { version: p.pinned.version }) },
              {
                header: t("bulk.col.target"),
                cell: (p) =>
                  mayMove && p.versions.length > 1 ? (
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
                          <Link
                            href={`/teach/courses/${courseId}/problems/${p.id}/compare?a=${p.pinned.version}&b=${p.target.version}`}
                            data-testid="bulk-compare"
                          >
                            {t("bulk.compare", { from: p.pinned.version, to: p.target.version })}
                          </Link>
                        </div>
                      ) : null}
                    </>
                  ) : (
                    t("bulk.version", { version: p.target.version })
                  ),
              },
              { header: t("bulk.col.stale"), cell: (p) => p.stale },
              { header: t("bulk.col.changed"), cell: (p) => p.changed },
              { header: t("bulk.col.failed"), cell: (p) => p.failed },
            ]}
          />
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
            <Table
              testId="bulk-preview"
              rows={changed}
              rowKey={(i) => i.submissionId}
              rowProps={(i) => ({ "data-student": i.student.email, "data-submission": i.submissionId })}
              columns={[
                {
                  header: t("bulk.col.student"),
                  rowHeader: true,
                  cell: (i) => (
                    <>
                      {i.student.name}
                      <div className="muted small">{i.student.email}</div>
                    </>
                  ),
                },
                {
                  header: t("bulk.col.problem"),
                  cell: (i) => (
                    <>
                      {titles.get(i.problemId)}
                      <div className="muted small">{t("bulk.fromVersion", { version: i.fromVersion.version })}</div>
                    </>
                  ),
                },
                { header: t("bulk.col.attempt"), cell: (i) => i.attempt },
                {
                  header: t("bulk.col.part"),
                  cell: (i) => (
                    <ul className="plain">
                      {i.parts.map((p) => (
                        <li key={p.partId}>
                          <code>{p.partId}</code>
                          {p.overridden ? <span className="badge warn">{t("bulk.overridden")}</span> : null}
                        </li>
                      ))}
                    </ul>
                  ),
                },
                {
                  header: t("bulk.col.partChange"),
                  cell: (i) => (
                    <ul className="plain">
                      {i.parts.map((p) => (
                        <li key={p.partId} data-testid={`bulk-part-${p.partId}`}>
                          {percent(p.before)} → {percent(p.after)}
                        </li>
                      ))}
                    </ul>
                  ),
                },
                {
                  header: t("bulk.col.scoreChange"),
                  testId: "bulk-score",
                  cell: (i) => (
                    <>
                      {percent(i.scoreBefore)} → {percent(i.scoreAfter)}
                    </>
                  ),
                },
              ]}
            />
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
      <BulkRegradeForm
        assignmentId={id.data}
        versions={plan.versions}
        replaceOverrides={replaceOverrides}
        count={plan.items.length}
        moves={movedProblems.length}
      />
    </>
  );
}
