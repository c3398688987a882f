import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { MistakeName } from "@/app/_components/review/MistakeName";
import "@/app/_components/review/review.css";
import { reviewQueue } from "@/lib/dal/staff-review";
import { assignmentIdSchema } from "@/lib/validations/ids";
import { firstValues, queueFiltersSchema, type QueueFilters } from "@/lib/validations/review";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("queue.metaTitle") };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The review queue: every student's counted attempt per problem, filtered by the URL's search parameters. */
export default async function ReviewQueuePage({ params, searchParams }: { params: Promise<{ assignmentId: string }>; searchParams: SearchParams }) {
  const id = assignmentIdSchema.safeParse((await params).assignmentId);
  if (!id.success) notFound();
  const raw = firstValues(await searchParams);
  const parsed = queueFiltersSchema.safeParse(raw);
  const filters: QueueFilters = parsed.success ? parsed.data : {};
  const loaded = await reviewQueue(id.data, filters, await getLocale());
  if (!loaded) notFound();
  const { queue, mayExport } = loaded;
  const t = await getTranslations("review");
  const { work } = queue;
  const value = (k: string) => raw[k] ?? "";

  return (
    <>
      <p>
        <Link href={`/teach/courses/${work.assignment.courseId}`}>← {t("queue.back", { course: `${work.assignment.course.code}: ${work.assignment.course.title}` })}</Link>
      </p>
      <h1>{t("queue.title", { assignment: work.assignment.title })}</h1>
      <p className="muted">
        {t("queue.due")} <LocalTime iso={work.assignment.dueAt.toISOString()} /> · {t(`submission.rule.${work.assignment.scoreRule}`)}
      </p>
      <nav className="course-links" aria-label={t("queue.tools")}>
        <ul>
          <li>
            <Link href={`/teach/assignments/${work.assignment.id}/analytics`}>{t("queue.analytics")}</Link>
          </li>
          <li>
            <Link href={`/teach/assignments/${work.assignment.id}/regrade`}>{t("queue.bulkRegrade")}</Link>
          </li>
          {mayExport ? (
            <li>
              <a href={`/api/assignments/${work.assignment.id}/submissions.csv`} download data-testid="submissions-csv">
                {t("queue.submissionsCsv")}
              </a>
            </li>
          ) : null}
        </ul>
      </nav>

      <section className="card" aria-label={t("queue.navigation")}>
        <p data-testid="queue-counts">
          {t("queue.counts", { ungraded: queue.counts.ungraded, requests: queue.counts.openRequests, submitted: queue.counts.submitted, total: queue.counts.students * work.problems.length })}
        </p>
        <p className="row-links">
          {queue.next.ungraded ? (
            <Link className="button" href={`/teach/submissions/${queue.next.ungraded}`} data-testid="next-ungraded">
              {t("queue.nextUngraded")} →
            </Link>
          ) : (
            <span className="muted">{t("queue.noneUngraded")}</span>
          )}
          {queue.next.request ? (
            <Link className="button secondary" href={`/teach/submissions/${queue.next.request}`} data-testid="next-request">
              {t("queue.nextRequest")} →
            </Link>
          ) : (
            <span className="muted">{t("queue.noneRequests")}</span>
          )}
        </p>
        <p className="muted small">{t("queue.definition")}</p>
      </section>

      <section className="card" aria-labelledby="filters-heading">
        <h2 id="filters-heading">{t("queue.filters")}</h2>
        {!parsed.success ? (
          <div className="alert error" role="alert" data-testid="filter-errors">
            <p>{t("queue.filtersIgnored")}</p>
            <ul>
              {parsed.error.issues.map((i, n) => (
                <li key={n}>{t.has(`errors.${i.message}`) ? t(`errors.${i.message}` as "errors.filter-score") : t("errors.bad-input")}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <form method="get" className="queue-filters" data-testid="queue-filters">
          <div>
            <label htmlFor="f-problem">{t("queue.problem")}</label>
            <select id="f-problem" name="problem" defaultValue={value("problem")}>
              <option value="">{t("queue.allProblems")}</option>
              {work.problems.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-student">{t("queue.student")}</label>
            <input id="f-student" name="student" type="text" defaultValue={value("student")} />
          </div>
          <div>
            <label htmlFor="f-min">{t("queue.minScore")}</label>
            <input id="f-min" className="narrow" name="min" type="text" inputMode="decimal" defaultValue={value("min")} />
          </div>
          <div>
            <label htmlFor="f-max">{t("queue.maxScore")}</label>
            <input id="f-max" className="narrow" name="max" type="text" inputMode="decimal" defaultValue={value("max")} />
          </div>
          <div>
            <label htmlFor="f-mistake">{t("queue.mistake")}</label>
            <select id="f-mistake" name="mistake" defaultValue={value("mistake")}>
              <option value="">{t("queue.any")}</option>
              {queue.mistakeCodes.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-late">{t("queue.late")}</label>
            <select id="f-late" name="late" defaultValue={value("late")}>
              <option value="">{t("queue.any")}</option>
              <option value="yes">{t("queue.lateYes")}</option>
              <option value="no">{t("queue.lateNo")}</option>
            </select>
          </div>
          <label className="checkbox">
            <input type="checkbox" name="requests" value="open" defaultChecked={value("requests") === "open"} /> {t("queue.requestsOnly")}
          </label>
          <label className="checkbox">
            <input type="checkbox" name="status" value="ungraded" defaultChecked={value("status") === "ungraded"} /> {t("queue.ungradedOnly")}
          </label>
          <div className="actions">
            <button type="submit" className="button">
              {t("queue.apply")}
            </button>{" "}
            <Link href={`/teach/assignments/${work.assignment.id}`}>{t("queue.clear")}</Link>
          </div>
        </form>
      </section>

      {queue.problems.map((p) => (
        <section key={p.id} className="card" aria-labelledby={`queue-${p.id}`} data-testid={`queue-problem-${p.slug}`}>
          <h2 id={`queue-${p.id}`}>
            {p.title} <span className="muted">· {t("queue.points", { points: p.points })}</span>
          </h2>
          <p className="muted small">{t("queue.shown", { shown: p.shown.length, total: p.rows.length })}</p>
          {p.shown.length === 0 ? (
            <p className="muted">{t("queue.noMatch")}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="queue-table">
                <thead>
                  <tr>
                    <th scope="col">{t("queue.col.student")}</th>
                    <th scope="col">{t("queue.col.attempt")}</th>
                    <th scope="col">{t("queue.col.score")}</th>
                    <th scope="col">{t("queue.col.late")}</th>
                    <th scope="col">{t("queue.col.mistakes")}</th>
                    <th scope="col">{t("queue.col.requests")}</th>
                    <th scope="col">{t("queue.col.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.shown.map((r) => (
                    <tr key={r.student.id} data-student={r.student.email} data-ungraded={r.ungraded ? "yes" : "no"}>
                      <th scope="row">
                        {r.counted ? <Link href={`/teach/submissions/${r.counted.id}`}>{r.student.name}</Link> : r.student.name}
                        <div className="muted small">{r.student.email}</div>
                      </th>
                      <td>{r.counted ? t("queue.attemptOf", { attempt: r.counted.attempt, attempts: r.attempts }) : "—"}</td>
                      <td data-testid="queue-score">
                        {r.counted ? pct(r.counted.score) : <span className="muted">{t("queue.noSubmission")}</span>}
                        {r.counted?.overriddenParts.length ? <div className="muted small">{t("queue.overridden", { parts: r.counted.overriddenParts.join(", ") })}</div> : null}
                      </td>
                      <td>{r.counted?.late ? <span className="badge warn">{t("queue.lateBadge", { percent: Math.round(r.counted.latePenalty * 100) })}</span> : ""}</td>
                      <td>
                        {r.mistakes.length ? (
                          <ul className="plain">
                            {r.mistakes.map((m) => (
                              <li key={m.code}>
                                <MistakeName code={m.code} /> {m.count > 1 ? `×${m.count}` : ""}
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                      <td>
                        {r.openRequests > 0 && r.requestSubmissionId ? (
                          <Link className="badge bad" href={`/teach/submissions/${r.requestSubmissionId}`}>
                            {t("queue.openRequests", { count: r.openRequests })}
                          </Link>
                        ) : null}
                      </td>
                      <td>
                        {!r.counted ? (
                          <span className="muted">{t("queue.status.none")}</span>
                        ) : r.ungraded ? (
                          <span className="badge warn">{t("queue.status.ungraded")}</span>
                        ) : (
                          <span className="badge good">{t("queue.status.reviewed")}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}
