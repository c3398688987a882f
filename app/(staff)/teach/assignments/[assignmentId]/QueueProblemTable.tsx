import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { LocalTime } from "@/app/_components/LocalTime";
import { Table } from "@/app/_components/Table";
import { MistakeName } from "@/app/_components/review/MistakeName";
import { percent } from "@/app/_components/review/percent";
import type { QueueProblem, QueueRow } from "@/lib/dal/staff-review";
import type { QueueSort } from "@/lib/validations/review";

export type QueueOrder = { column: QueueSort; dir: "asc" | "desc" };

/** A mistake the problem's file defines, by its message (the code as a detail); the grader's own codes by their name. */
export function QueueMistake({ code, message }: { code: string; message: string | null }) {
  if (message === null) return <MistakeName code={code} />;
  return (
    <span className="mistake" data-mistake={code} title={code}>
      {message} <code className="small muted">{code}</code>
    </span>
  );
}

/**
 * One problem of the review queue: the students on this page whose counted attempt passes the filters,
 * under headers that order the whole class (`sortHref` gives the address of an order).
 */
export function QueueProblemTable({ problem: p, order, sortHref }: { problem: QueueProblem; order: QueueOrder; sortHref: (o: QueueOrder) => string }) {
  const t = useTranslations("review");
  // A header orders by its column; on the column already chosen it turns the direction around.
  const sortable = (column: QueueSort, label: string): { header: ReactNode; ariaSort: "ascending" | "descending" | "none" } => {
    const active = order.column === column;
    const dir = active && order.dir === "asc" ? "desc" : "asc";
    return {
      ariaSort: active ? (order.dir === "asc" ? "ascending" : "descending") : "none",
      header: (
        <Link href={sortHref({ column, dir })} className="sort-link" data-testid={`sort-${column}`}>
          {label}
          <span aria-hidden="true">{active ? (order.dir === "asc" ? " ▲" : " ▼") : " ↕"}</span>
        </Link>
      ),
    };
  };
  return (
    <section className="card" aria-labelledby={`queue-${p.id}`} data-testid={`queue-problem-${p.slug}`}>
      <h2 id={`queue-${p.id}`}>
        {p.title} <span className="muted">· {t("queue.points", { points: p.points })}</span>
      </h2>
      <p className="muted small">{t("queue.shown", { shown: p.matched, total: p.rows.length })}</p>
      {p.shown.length === 0 ? (
        <p className="muted">{t("queue.noMatch")}</p>
      ) : (
        <Table<QueueRow>
          testId="queue-table"
          rows={p.shown}
          rowKey={(r) => r.student.id}
          rowProps={(r) => ({ "data-student": r.student.email, "data-ungraded": r.ungraded ? "yes" : "no" })}
          columns={[
            {
              ...sortable("student", t("queue.col.student")),
              rowHeader: true,
              cell: (r) => (
                <>
                  {r.counted ? <Link href={`/teach/submissions/${r.counted.id}`}>{r.student.name}</Link> : r.student.name}
                  <div className="muted small">{r.student.email}</div>
                </>
              ),
            },
            { header: t("queue.col.attempt"), cell: (r) => (r.counted ? t("queue.attemptOf", { attempt: r.counted.attempt, attempts: r.attempts }) : "—") },
            {
              ...sortable("score", t("queue.col.score")),
              testId: "queue-score",
              cell: (r) => (
                <>
                  {r.counted ? percent(r.counted.score) : <span className="muted">{t("queue.noSubmission")}</span>}
                  {r.counted?.overriddenParts.length ? (
                    <div className="muted small">{t("queue.overridden", { parts: r.counted.overriddenParts.join(", ") })}</div>
                  ) : null}
                </>
              ),
            },
            {
              ...sortable("submitted", t("queue.col.submitted")),
              testId: "queue-submitted",
              cell: (r) => (r.counted ? <LocalTime iso={r.counted.createdAt.toISOString()} /> : ""),
            },
            {
              header: t("queue.col.late"),
              cell: (r) =>
                r.counted?.late ? <span className="badge warn">{t("queue.lateBadge", { percent: Math.round(r.counted.latePenalty * 100) })}</span> : "",
            },
            {
              header: t("queue.col.mistakes"),
              cell: (r) =>
                r.mistakes.length ? (
                  <ul className="plain">
                    {r.mistakes.map((m) => (
                      <li key={m.code}>
                        <QueueMistake code={m.code} message={m.message} /> {m.count > 1 ? `×${m.count}` : ""}
                      </li>
                    ))}
                  </ul>
                ) : null,
            },
            {
              header: t("queue.col.requests"),
              cell: (r) =>
                r.openRequests > 0 && r.requestSubmissionId ? (
                  <Link className="badge bad" href={`/teach/submissions/${r.requestSubmissionId}`}>
                    {t("queue.openRequests", { count: r.openRequests })}
                  </Link>
                ) : null,
            },
            {
              ...sortable("status", t("queue.col.status")),
              cell: (r) =>
                !r.counted ? (
                  <span className="muted">{t("queue.status.none")}</span>
                ) : r.ungraded ? (
                  <span className="badge warn">{t("queue.status.ungraded")}</span>
                ) : (
                  <span className="badge good">{t("queue.status.reviewed")}</span>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}
