import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ProblemWorkspace } from "@/app/_components/problem/ProblemWorkspace";
import { WorkedSolution } from "@/app/_components/problem/WorkedSolution";
import { RegradeRequestForm } from "@/app/_components/review/RegradeRequestForm";
import { RegradeThreads } from "@/app/_components/review/RegradeThreads";
import { RubricComments } from "@/app/_components/review/RubricComments";
import "@/app/_components/review/review.css";
import { submissionPage } from "@/lib/dal/student";
import type { Locale } from "@/lib/grading";
import { submissionIdSchema } from "@/lib/validations/ids";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("problem"))("history") };
}

/** One attempt, read-only: the answers as submitted and the feedback they got. */
export default async function SubmissionPage({ params }: { params: Promise<{ submissionId: string }> }) {
  const id = submissionIdSchema.safeParse((await params).submissionId);
  if (!id.success) notFound();
  const locale = (await getLocale()) as Locale;
  const tr = await getTranslations();
  const data = await submissionPage({
    submissionId: id.data,
    locale,
    t: (key, p) => tr(key as never, p as never),
  });
  const { submission, threads } = data;
  const mayAsk = data.mayAskRegrade;
  const tr2 = await getTranslations("review.regrade");
  return (
    <>
      <p>
        <Link href={`/assignments/${submission.assignment.id}/problems/${submission.problemId}/history`}>← {tr("problem.history")}</Link>
      </p>
      <h1>{data.title}</h1>
      <p className="muted">
        {submission.assignment.title} · {submission.authorName}
      </p>
      <section className="card statement">
        <div className="prose" dangerouslySetInnerHTML={{ __html: data.statementHtml }} />
      </section>
      <ProblemWorkspace
        assignmentId={submission.assignment.id}
        problemId={submission.problemId}
        parts={data.parts}
        initialAnswers={submission.answers}
        draftSavedAt={null}
        last={data.view}
        canSubmit={false}
        closedMessage={null}
        attempts={{ used: submission.attempt, max: submission.assignment.maxAttempts }}
        practice={false}
        fileName={`${data.slug}-attempt-${submission.attempt}`}
        readOnly
      />
      <RubricComments parts={data.view.parts} />
      {mayAsk || threads.length > 0 ? (
        <section className="card" aria-labelledby="regrade-heading" data-testid="regrades">
          <h2 id="regrade-heading">{tr2("title")}</h2>
          <p className="muted small">{tr2(mayAsk ? "intro" : "introStaff")}</p>
          {data.view.parts.map((part, index) => {
            const mine = threads.filter((r) => r.partId === part.id);
            const open = mine.some((r) => r.status === "OPEN");
            if (!mayAsk && mine.length === 0) return null;
            return (
              <div key={part.id} className="regrade-part" data-testid={`regrade-part-${part.id}`}>
                <h3>{tr("problem.part", { n: index + 1 })}</h3>
                <RegradeThreads threads={mine} />
                {mayAsk && !open ? <RegradeRequestForm submissionId={submission.id} partId={part.id} /> : null}
                {mayAsk && open ? <p className="muted small">{tr2("waiting")}</p> : null}
              </div>
            );
          })}
        </section>
      ) : null}
      {data.solutionHtml ? (
        <section className="card" data-testid="solution">
          <h2>{tr("problem.solution")}</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: data.solutionHtml }} />
        </section>
      ) : null}
      {data.worked ? <WorkedSolution worked={data.worked} /> : null}
    </>
  );
}
