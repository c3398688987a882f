import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import "@/app/_components/review/review.css";
import { queuePageSchema, reviewQueue } from "@/lib/dal/staff-review";
import { assignmentIdSchema } from "@/lib/validations/ids";
import { firstValues, queueFiltersSchema, type QueueFilters } from "@/lib/validations/review";
import { QueueFilterForm } from "./QueueFilterForm";
import { QueueProblemTable, type QueueOrder } from "./QueueProblemTable";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("queue.metaTitle") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The review queue: every student's counted attempt per problem, filtered by the URL's search parameters, a page at a time. */
export default async function ReviewQueuePage({ params, searchParams }: { params: Promise<{ assignmentId: string }>; searchParams: SearchParams }) {
  const id = assignmentIdSchema.safeParse((await params).assignmentId);
  if (!id.success) notFound();
  const raw = firstValues(await searchParams);
  const parsed = queueFiltersSchema.safeParse(raw);
  const filters: QueueFilters = parsed.success ? parsed.data : {};
  const loaded = await reviewQueue(id.data, filters, await getLocale(), queuePageSchema.parse(raw.page));
  if (!loaded) notFound();
  const { queue, mayExport } = loaded;
  const t = await getTranslations("review");
  const { work } = queue;
  // The same filters on another page.
  const pageHref = (page: number) => `/teach/assignments/${work.assignment.id}?${new URLSearchParams({ ...raw, page: String(page) }).toString()}`;
  // The same filters in another order, from its first page.
  const sortHref = ({ column, dir }: QueueOrder) => {
    const query = new URLSearchParams({ ...raw, sort: column, dir });
    query.delete("page");
    return `/teach/assignments/${work.assignment.id}?${query.toString()}`;
  };

  return (
    <>
      <p>
        <Link href={`/teach/courses/${work.assignment.courseId}`}>
          ← {t("queue.back", { course: `${work.assignment.course.code}: ${work.assignment.course.title}` })}
        </Link>
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
          {t("queue.counts", {
            ungraded: queue.counts.ungraded,
            requests: queue.counts.openRequests,
            submitted: queue.counts.submitted,
            total: queue.counts.students * work.problems.length,
          })}
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

      <QueueFilterForm
        assignmentId={work.assignment.id}
        values={raw}
        issues={parsed.success ? null : parsed.error.issues}
        problems={work.problems}
        mistakeCodes={queue.mistakeCodes}
        order={{ sort: filters.sort, dir: filters.dir }}
      />

      {queue.problems.map((p) => (
        <QueueProblemTable key={p.id} problem={p} order={queue.sort} sortHref={sortHref} />
      ))}

      {queue.page.pages > 1 ? (
        <nav className="row-links" aria-label={t("queue.pageNav")} data-testid="queue-pages">
          {queue.page.page > 1 ? <Link href={pageHref(queue.page.page - 1)}>{t("queue.previousPage")}</Link> : null}
          <span>{t("queue.pages", { page: queue.page.page, pages: queue.page.pages })}</span>
          {queue.page.page < queue.page.pages ? <Link href={pageHref(queue.page.page + 1)}>{t("queue.nextPage")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
