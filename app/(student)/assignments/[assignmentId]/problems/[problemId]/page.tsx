import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ProblemWorkspace } from "@/app/_components/problem/ProblemWorkspace";
import { WorkedSolution } from "@/app/_components/problem/WorkedSolution";
import { RulesSummary } from "@/app/_components/problem/RulesSummary";
import { LocalTime } from "@/app/_components/LocalTime";
import { problemPage } from "@/lib/dal/student";
import type { Locale } from "@/lib/grading";
import { assignmentIdSchema } from "@/lib/validations/ids";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("problem"))("statement") };
}

const PROBLEM_ID = /^[a-z0-9]{8,40}$/;

export default async function ProblemPage({ params }: { params: Promise<{ assignmentId: string; problemId: string }> }) {
  const { assignmentId: rawAssignment, problemId } = await params;
  const assignmentId = assignmentIdSchema.safeParse(rawAssignment);
  if (!assignmentId.success || !PROBLEM_ID.test(problemId)) notFound();
  const locale = (await getLocale()) as Locale;
  const tr = await getTranslations();
  const data = await problemPage({
    assignmentId: assignmentId.data,
    problemId,
    locale,
    t: (key, p) => tr(key as never, p as never),
  });
  if ("notOpen" in data) return <p className="alert error">{tr.rich("assignment.notOpen", { date: () => <LocalTime iso={data.opensAt.toISOString()} /> })}</p>;
  const { assignment, problem } = data;
  const closedMessage = data.submit.allowed ? null : tr(`problem.refused.${data.submit.reason}`, { message: "" });
  return (
    <>
      <p>
        <Link href={`/assignments/${assignment.id}`}>← {assignment.title}</Link>
      </p>
      <h1>{data.title}</h1>
      <RulesSummary assignment={assignment} attempts={data.attempts} />
      <section className="card statement" aria-labelledby="statement-title">
        <h2 id="statement-title" className="visually-hidden">
          {tr("problem.statement")}
        </h2>
        <div className="prose" data-testid="statement" dangerouslySetInnerHTML={{ __html: data.statementHtml }} />
      </section>
      <ProblemWorkspace
        key={data.variantKey}
        variantKey={data.variantKey}
        assignmentId={assignment.id}
        problemId={problem.id}
        parts={data.parts}
        initialAnswers={data.draft.answers}
        draftSavedAt={data.draft.savedAt}
        last={data.last}
        canSubmit={data.mayWork && data.submit.allowed}
        closedMessage={data.mayWork ? closedMessage : null}
        attempts={data.attempts}
        practice={data.mayWork && assignment.practice}
        fileName={problem.slug}
      />
      {data.attempts.used > 0 ? (
        <p>
          <Link href={`/assignments/${assignment.id}/problems/${problem.id}/history`}>{tr("problem.history")}</Link>
        </p>
      ) : null}
      {data.solutionHtml ? (
        <section className="card" aria-labelledby="solution-title" data-testid="solution">
          <h2 id="solution-title">{tr("problem.solution")}</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: data.solutionHtml }} />
        </section>
      ) : null}
      {data.worked ? <WorkedSolution worked={data.worked} /> : null}
    </>
  );
}
