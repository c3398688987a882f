import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { AuditHistory } from "@/app/_components/review/AuditHistory";
import { MistakeName } from "@/app/_components/review/MistakeName";
import "@/app/_components/review/review.css";
import type { Locale } from "@/lib/grading";
import { staffSubmission } from "@/lib/dal/staff-review";
import { submissionIdSchema } from "@/lib/validations/ids";
import { GradingPart } from "./GradingPart";
import { SubmissionSummary } from "./SubmissionSummary";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("submission.metaTitle") };
}

/**
 * One submission as staff review it: each part once (answers beside references with verdicts, its
 * regrade threads and override), attempts, mistakes, audit. The student's own view of the problem is
 * not repeated here: it would show every part a second time.
 */
export default async function StaffSubmissionPage({ params }: { params: Promise<{ submissionId: string }> }) {
  const id = submissionIdSchema.safeParse((await params).submissionId);
  if (!id.success) notFound();
  const locale = (await getLocale()) as Locale;
  const tr = await getTranslations();
  const t = await getTranslations("review");
  const { data, next } = await staffSubmission(id.data, { locale, t: (key, p) => tr(key as never, p as never) });
  const s = data.submission;
  // One list of threads per shown part; the header counts the open ones among exactly these.
  const parts = data.view.parts.map((part) => ({ part, threads: data.threads.filter((r) => r.partId === part.id) }));
  const open = parts.flatMap((p) => p.threads).filter((r) => r.status === "OPEN");
  const specs = new Map(data.parts.map((p) => [p.id, p]));
  const answers = (s.answers ?? {}) as Record<string, unknown>;
  const fileName = `${data.slug}-${s.user.email.split("@")[0]}-attempt-${s.attempt}`;

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
      <SubmissionSummary data={data} next={next} open={open} />

      <details className="card statement">
        <summary>{tr("problem.statement")}</summary>
        <div className="prose" dangerouslySetInnerHTML={{ __html: data.statementHtml }} />
      </details>

      <h2>{t("submission.grading")}</h2>
      {parts.map(({ part, threads }, index) => (
        <GradingPart
          key={part.id}
          submissionId={s.id}
          index={index}
          part={part}
          promptHtml={specs.get(part.id)?.promptHtml ?? null}
          spec={specs.get(part.id)}
          answer={answers[part.id]}
          fileName={fileName}
          fields={data.fields.get(part.id) ?? []}
          text={data.texts.get(part.id)}
          threads={threads}
          rubric={data.rubric.get(part.id) ?? []}
        />
      ))}

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
