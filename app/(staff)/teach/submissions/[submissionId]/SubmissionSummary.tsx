import Link from "next/link";
import { useTranslations } from "next-intl";
import { percent } from "@/app/_components/review/percent";
import type { RegradeThread, StaffSubmission } from "@/lib/dal/staff-review";
import { QueueKeys } from "./QueueKeys";

/**
 * The submission's score and version, its other attempts, where the queue goes next, and the open
 * regrade requests: `open` is the list the parts below show, so the count cannot disagree with them.
 */
export function SubmissionSummary({ data, next, open }: StaffSubmission & { open: RegradeThread[] }) {
  const t = useTranslations("review");
  const s = data.submission;
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
          <span className="muted">{t("submission.noOtherUngraded")}</span>
        )}
        {next.request ? (
          <Link href={`/teach/submissions/${next.request}`} data-testid="next-request">
            {t("queue.nextRequest")} →
          </Link>
        ) : (
          <span className="muted">{t("submission.noOtherRequests")}</span>
        )}
      </p>
      <QueueKeys previous={data.neighbours.previous} next={data.neighbours.next} />
      {open.length > 0 ? (
        <p className="alert error" data-testid="open-requests">
          {t("submission.openRequests", { count: open.length })} <a href={`#regrade-thread-${open[0]!.id}`}>{t("submission.openRequestsLink")}</a>
        </p>
      ) : null}
    </section>
  );
}
