import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { ProblemWorkspace } from "@/app/_components/problem/ProblemWorkspace";
import { AuditHistory } from "@/app/_components/review/AuditHistory";
import { MistakeName } from "@/app/_components/review/MistakeName";
import { OverrideForm } from "@/app/_components/review/OverrideForm";
import { RegradeRespondForm } from "@/app/_components/review/RegradeRespondForm";
import { RegradeThreads } from "@/app/_components/review/RegradeThreads";
import "@/app/_components/review/review.css";
import type { Locale } from "@/lib/grading";
import { staffSubmission } from "@/lib/dal/staff-review";
import { submissionIdSchema } from "@/lib/validations/ids";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("submission.metaTitle") };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
/** Numbers to six significant digits (as the student's feedback shows references), text as typed. */
const shown = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v, (_k, x) => (typeof x === "number" ? Number(x.toPrecision(6)) : x));

/** One submission as staff review it: answers beside references, attempts, mistakes, overrides, regrades, audit. */
export default async function StaffSubmissionPage({ params }: { params: Promise<{ submissionId: string }> }) {
  const id = submissionIdSchema.safeParse((await params).submissionId);
  if (!id.success) notFound();
  const locale = (await getLocale()) as Locale;
  const tr = await getTranslations();
  const t = await getTranslations("review");
  const { data, next } = await staffSubmission(id.data, { locale, t: (key, p) => tr(key as never, p as never) });
  const s = data.submission;
  const { ungraded: nextUngraded, request: nextRequest } = next;
  const openCount = data.threads.filter((r) => r.status === "OPEN").length;

  return (
    <>
      <p>
        <Link href={`/teach/assignments/${s.assignment.id}?problem=${s.problemId}`}>← {t("submission.backToQueue", { assignment: s.assignment.title })}</Link>
      </p>
      <h1>{data.title}</h1>
      <p className="muted" data-testid="submission-meta">
        {t("submission.meta", { student: s.user.name, email: s.user.email, attempt: s.attempt, attempts: data.attempts.length })} ·{" "}
        <LocalTime iso={s.createdAt.toISOString()} />
        {s.late ? ` · ${t("submission.late", { percent: Math.round(s.latePenalty * 100) })}` : ""}
      </p>
      <section className="card review-summary" aria-label={t("submission.summary")}>
        <p data-testid="staff-score">
          <strong>{t("submission.score", { score: pct(s.score) })}</strong> · {t("submission.autoScore", { score: pct(data.autoScore) })}
          {data.problemPoints !== null ? ` · ${t("submission.points", { earned: Math.round(s.score * data.problemPoints * 100) / 100, points: data.problemPoints })}` : ""}
        </p>
        <p className="muted small">
          {t("submission.version", { graded: data.version.graded, pinned: data.version.pinned, latest: data.version.latest })} · {t(`submission.rule.${data.scoreRule}`)}
        </p>
        <nav aria-label={t("submission.attempts")} className="attempt-switcher" data-testid="attempt-switcher">
          <span>{t("submission.attempts")}:</span>
          <ul>
            {data.attempts.map((a) => (
              <li key={a.id}>
                {a.id === s.id ? (
                  <strong aria-current="page">{t("submission.attemptLink", { attempt: a.attempt, score: pct(a.score) })}</strong>
                ) : (
                  <Link href={`/teach/submissions/${a.id}`}>{t("submission.attemptLink", { attempt: a.attempt, score: pct(a.score) })}</Link>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <p className="row-links">
          {nextUngraded ? (
            <Link href={`/teach/submissions/${nextUngraded}`} data-testid="next-ungraded">
              {t("queue.nextUngraded")} →
            </Link>
          ) : (
            <span className="muted">{t("queue.noneUngraded")}</span>
          )}
          {nextRequest ? (
            <Link href={`/teach/submissions/${nextRequest}`} data-testid="next-request">
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

      <details className="card statement">
        <summary>{tr("problem.statement")}</summary>
        <div className="prose" dangerouslySetInnerHTML={{ __html: data.statementHtml }} />
      </details>

      <ProblemWorkspace
        assignmentId={s.assignment.id}
        problemId={s.problemId}
        parts={data.parts}
        initialAnswers={s.answers as Record<string, unknown>}
        draftSavedAt={null}
        last={data.view}
        canSubmit={false}
        closedMessage={null}
        attempts={{ used: s.attempt, max: s.assignment.maxAttempts }}
        practice={false}
        fileName={`${data.slug}-${s.user.email.split("@")[0]}-attempt-${s.attempt}`}
        readOnly
      />

      <h2>{t("submission.grading")}</h2>
      {data.view.parts.map((part, index) => {
        const fields = data.fields.get(part.id) ?? [];
        const threads = data.threads.filter((r) => r.partId === part.id);
        return (
          <section key={part.id} className="card grading-part" data-testid={`grading-${part.id}`} aria-labelledby={`grading-${part.id}-title`}>
            <h3 id={`grading-${part.id}-title`}>
              {t("submission.partTitle", { n: index + 1, id: part.id })}{" "}
              <span className="muted" data-testid={`grading-score-${part.id}`}>
                · {t("submission.partScore", { score: pct(part.score), points: part.points })}
                {part.override ? ` · ${t("submission.overridden")}` : ""}
              </span>
            </h3>
            {part.override ? (
              <p className="muted small">{t("submission.overrideNote", { by: part.override.by ?? "—", comment: part.override.comment })}</p>
            ) : null}
            {fields.length > 0 ? (
              <div className="table-wrap">
                <table className="staff-fields" data-testid={`fields-${part.id}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t("fields.node")}</th>
                      <th scope="col">{t("fields.field")}</th>
                      <th scope="col">{t("fields.given")}</th>
                      <th scope="col">{t("fields.reference")}</th>
                      <th scope="col">{t("fields.verdict")}</th>
                      <th scope="col">{t("fields.mistake")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {fields.map((f) => (
                      <tr key={`${f.node}|${f.field}|${f.from ?? ""}`} className={`verdict-${f.verdict}`} data-verdict={f.verdict}>
                        <th scope="row">
                          <code>{f.node}</code>
                        </th>
                        <td>{f.from ? t("fields.edge", { field: tr(`problem.graph.${f.field}` as never), from: f.from }) : tr(`problem.graph.${f.field}` as never)}</td>
                        <td className="mono">{shown(f.given)}</td>
                        <td className="mono">{shown(f.expected)}</td>
                        <td>{tr(`problem.verdict.${f.verdict}` as never)}</td>
                        <td>
                          {f.diagnosis ? (
                            <>
                              <MistakeName code={f.diagnosis} />
                              {f.detail ? <div className="muted small">{f.detail}</div> : null}
                            </>
                          ) : f.verdict !== "correct" && f.verdict !== "carried" ? (
                            <span className="muted small">{f.message}</span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {data.texts.has(part.id) ? (
              <div className="text-compare" data-testid={`texts-${part.id}`}>
                <div>
                  <h4>{t("fields.given")}</h4>
                  {data.texts.get(part.id)!.given !== null ? <pre>{data.texts.get(part.id)!.given}</pre> : <p className="muted">{t("submission.noAnswer")}</p>}
                </div>
                <div>
                  <h4>{t("fields.reference")}</h4>
                  <pre>{data.texts.get(part.id)!.reference}</pre>
                </div>
              </div>
            ) : null}
            {fields.length === 0 && data.texts.get(part.id)?.given !== null ? (
              <p className="muted">{"message" in part && part.message ? part.message : t("submission.noFields")}</p>
            ) : null}
            <RegradeThreads threads={threads}>
              {(r) => <RegradeRespondForm submissionId={s.id} requestId={r.id} points={part.points} />}
            </RegradeThreads>
            <OverrideForm submissionId={s.id} partId={part.id} points={part.points} />
          </section>
        );
      })}

      <section className="card" aria-labelledby="mistakes-heading">
        <h2 id="mistakes-heading">{t("submission.mistakes")}</h2>
        {data.mistakes.length === 0 ? (
          <p className="muted">{t("submission.noMistakes")}</p>
        ) : (
          <ul data-testid="named-mistakes">
            {data.mistakes.map((m, i) => (
              <li key={i}>
                <MistakeName code={m.diagnosis!} /> — {t("submission.mistakeAt", { part: m.partId, node: m.node, field: m.field })}
                {m.detail ? <div className="muted small">{m.detail}</div> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t("audit.title")}</h2>
        <AuditHistory entries={data.audit} />
      </section>
    </>
  );
}
