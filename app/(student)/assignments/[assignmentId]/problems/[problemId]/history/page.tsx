import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { pointsNumber } from "@/app/_components/problem/Feedback";
import { attemptHistory, historyPageSchema } from "@/lib/dal/student";
import { assignmentIdSchema } from "@/lib/validations/ids";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("problem"))("history") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The student's attempts at one problem, newest first, a page at a time (the URL's `page`). */
export default async function HistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ assignmentId: string; problemId: string }>;
  searchParams: SearchParams;
}) {
  const { assignmentId: raw, problemId } = await params;
  const assignmentId = assignmentIdSchema.safeParse(raw);
  if (!assignmentId.success || !/^[a-z0-9]{8,40}$/.test(problemId)) notFound();
  const {
    attempts,
    page,
    points: possible,
  } = await attemptHistory({ assignmentId: assignmentId.data, problemId, page: historyPageSchema.parse((await searchParams).page) });
  const t = await getTranslations();
  const points = (score: number) => `${pointsNumber(score * possible)} / ${pointsNumber(possible)}`;
  const pageHref = (n: number) => `/assignments/${assignmentId.data}/problems/${problemId}/history${n > 1 ? `?page=${n}` : ""}`;
  return (
    <>
      <p>
        <Link href={`/assignments/${assignmentId.data}/problems/${problemId}`}>← {t("problem.statement")}</Link>
      </p>
      <h1>{t("problem.history")}</h1>
      <div className="table-wrap">
        <table data-testid="history">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("assignment.points")}</th>
              <th scope="col">{t("problem.historySubmitted")}</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id} data-attempt={a.attempt}>
                <td>
                  <Link href={`/submissions/${a.id}`}>{t("problem.result", { attempt: a.attempt, score: points(a.score) })}</Link>
                  {a.late ? ` ${t("problem.resultLate", { percent: Math.round(a.latePenalty * 100) })}` : ""}
                </td>
                <td data-testid="history-score">{points(a.score)}</td>
                <td>
                  <LocalTime iso={a.createdAt.toISOString()} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.pages > 1 ? (
        <nav className="row-links" aria-label={t("problem.historyPages")} data-testid="history-pages">
          {page.page > 1 ? (
            <Link href={pageHref(page.page - 1)} rel="prev">
              {t("problem.historyNewer")}
            </Link>
          ) : null}
          <span>{t("problem.historyPage", { page: page.page, pages: page.pages, total: page.total })}</span>
          {page.page < page.pages ? (
            <Link href={pageHref(page.page + 1)} rel="next">
              {t("problem.historyOlder")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
