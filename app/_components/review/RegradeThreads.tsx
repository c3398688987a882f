/**
 * A part's regrade requests as a thread: the student's reason, the state, and the staff's answer
 * (with the new score when accepted). Shown to the student and to staff alike.
 */
import { useTranslations } from "next-intl";
import { LocalTime } from "@/app/_components/LocalTime";
import type { RegradeThread } from "@/lib/review/regrade";
import { percent } from "./percent";

export function RegradeThreads({ threads, children }: { threads: RegradeThread[]; children?: (thread: RegradeThread) => React.ReactNode }) {
  const t = useTranslations("review.regrade");
  if (threads.length === 0) return null;
  return (
    <ol className="regrade-threads">
      {threads.map((r) => (
        <li key={r.id} className={`regrade-thread ${r.status.toLowerCase()}`} data-testid={`regrade-thread-${r.id}`} data-status={r.status}>
          <p>
            <span className={`regrade-state ${r.status.toLowerCase()}`} data-testid="regrade-state">
              {t(`status.${r.status}`)}
            </span>{" "}
            <span className="muted small">
              {t("askedBy", { name: r.student })} · <LocalTime iso={r.createdAt.toISOString()} />
            </span>
          </p>
          <blockquote className="regrade-reason">{r.reason}</blockquote>
          {r.status !== "OPEN" ? (
            <div className="regrade-answer" data-testid="regrade-answer">
              <p className="muted small">
                {t("answeredBy", { name: r.responder ?? "—" })}
                {r.resolvedAt ? (
                  <>
                    {" "}
                    · <LocalTime iso={r.resolvedAt.toISOString()} />
                  </>
                ) : null}
                {r.newScore !== null ? <> · {t("newScore", { score: percent(r.newScore) })}</> : null}
              </p>
              <blockquote>{r.response}</blockquote>
            </div>
          ) : (
            children?.(r)
          )}
        </li>
      ))}
    </ol>
  );
}
