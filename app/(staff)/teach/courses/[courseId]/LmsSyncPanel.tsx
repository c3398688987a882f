"use client";

/**
 * "LMS grade sync" on a course linked to an LMS: what grade passback has delivered, has waiting and is
 * failing on (with each failing score's last error), "Sync now" for the course's staff, and "Sync
 * roster from the LMS" for its instructors. The server checks who may do either.
 */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { LocalTime } from "@/app/_components/LocalTime";
import { Table } from "@/app/_components/Table";
import { syncGradesNowAction, syncRosterAction } from "./lms-actions";

type Failure = { id: string; student: string; assignment: string; attempts: number; nextAttemptAt: string; lastError: string };

export function LmsSyncPanel(props: { courseId: string; delivered: number; pending: number; failing: number; failures: Failure[]; canSyncRoster: boolean }) {
  const t = useTranslations("lmsSync");
  const router = useRouter();
  const [busy, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);

  function run(action: () => Promise<string>) {
    setMessage(null);
    start(async () => {
      try {
        setMessage(await action());
      } catch {
        setMessage(t("error.generic"));
      }
      router.refresh();
    });
  }

  const syncGrades = () =>
    run(async () => {
      const r = await syncGradesNowAction(props.courseId);
      return r.ok ? t("gradesResult", { delivered: r.delivered, failed: r.failed }) : t(`error.${r.error}`);
    });
  const syncRoster = () =>
    run(async () => {
      const r = await syncRosterAction(props.courseId);
      if (r.ok) return t("rosterResult", { ...r.counts });
      return r.error === "service-failed" ? t("error.service-failed", { detail: r.detail ?? "" }) : t(`error.${r.error}`);
    });

  return (
    <section className="card" aria-labelledby="lms-sync-heading" data-testid="lms-sync">
      <h2 id="lms-sync-heading">{t("title")}</h2>
      <p>
        <span data-testid="lms-delivered">{t("delivered", { count: props.delivered })}</span>
        {" · "}
        <span data-testid="lms-pending">{t("pending", { count: props.pending })}</span>
        {" · "}
        <span data-testid="lms-failing">{t("failing", { count: props.failing })}</span>
      </p>
      {props.failures.length > 0 ? (
        <Table
          testId="lms-failures"
          caption={t("failuresCaption")}
          rows={props.failures}
          rowKey={(f) => f.id}
          columns={[
            { header: t("student"), cell: (f) => f.student },
            { header: t("assignment"), cell: (f) => f.assignment },
            { header: t("attempts"), cell: (f) => f.attempts },
            { header: t("nextTry"), cell: (f) => <LocalTime iso={f.nextAttemptAt} relative /> },
            { header: t("lastError"), cell: (f) => <code className="lms-error">{f.lastError}</code> },
          ]}
        />
      ) : null}
      <div className="actions-row">
        <button type="button" onClick={syncGrades} disabled={busy} data-testid="lms-sync-now">
          {t("syncNow")}
        </button>
        {props.canSyncRoster ? (
          <button type="button" onClick={syncRoster} disabled={busy} data-testid="lms-sync-roster">
            {t("syncRoster")}
          </button>
        ) : null}
      </div>
      <p role="status" aria-live="polite" data-testid="lms-sync-result">
        {busy ? t("working") : message}
      </p>
    </section>
  );
}
