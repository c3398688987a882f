import Link from "next/link";
import { useTranslations } from "next-intl";
import { percent } from "@/app/_components/review/percent";
import type { StaffSubmission } from "@/lib/dal/staff-review";

/** The submission's score and version, its other attempts, where the queue goes next, and open regrade requests. */
export function SubmissionSummary({ data, next }: StaffSubmission) {
  const t = useTranslations("review");
  const s = data.submission;
  const openCount = data.threads.filter((r) => r.status === "OPEN").length;
  return (
    <section className="card review-summary" aria-label={t("submission.summary")}>
      <p data-testid="staff-score">
        <strong>{t("submission.score", { score: percent(s.score) })}</strong> · {t("submission.autoScore", { score: percent(data.autoScore) })}
        {data.problemPoints !== null
          ? ` · ${t("submission.points", { earned: Math.round(s.score * data.problemPoints * 100) / 100, points: data.problemPoints })}`
          : ""}
      </p>
      <p className="muted small">
        {t("submission.version", { graded: data.version.graded, pinned: data.version.pinned, latest: data.version.latest })} ·{" "}
        {t(`submission.rule.${data.scoreRule}`)}
      </p>
      <nav aria-label={t("submission.attempts")} className="attempt-switcher" data-testid="attempt-switcher">
        <span>{t("submission.attempts")}:</span>
        <ul>
          {data.attempts.map((a) => (
            <li key={a.id}>
              {a.id === s.id ? (
                <strong aria-current="page">{t("submission.attemptLink", { attempt: a.attempt, score: percent(a.score) })}</strong>
              ) : (
                <Link href={`/teach/submissions/${a.id}`}>{t("submission.attemptLink", { attempt: a.attempt, score: percent(a.score) })}</Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <p className="row-links">
        {next.ungraded ? (
          <Link href={`/teach/submissions/${next.ungraded}`} data-testid="next-ungraded">
            {t("queue.nextUngraded")} →
          </Link>
        ) : (
          <span className="muted">{t("queue.noneUngraded")}</span>
        )}
        {next.request ? (
          <Link href={`/teach/submissions/${next.request}`} data-testid="next-request">
            {t("queue.nextRequest")} →
          </Link>
        ) : (
          <span className="muted">{t("queue.noneRequests")}</span>
        )}
      </p>
      {openCount > 0 ? (
        <p className="alert error" data-testid="open-requests">
          {t("submission.openRequests", { count: openCount })}
        </p>
      ) : null}
    </section>
  );
}
