import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { attemptHistory } from "@/lib/dal/student";
import { assignmentIdSchema } from "@/lib/validations/ids";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("problem"))("history") };
}

export default async function HistoryPage({ params }: { params: Promise<{ assignmentId: string; problemId: string }> }) {
  const { assignmentId: raw, problemId } = await params;
  const assignmentId = assignmentIdSchema.safeParse(raw);
  if (!assignmentId.success || !/^[a-z0-9]{8,40}$/.test(problemId)) notFound();
  const attempts = await attemptHistory({ assignmentId: assignmentId.data, problemId });
  const t = await getTranslations();
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
              <th scope="col">{t("assignment.due")}</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link href={`/submissions/${a.id}`}>{t("problem.result", { attempt: a.attempt, score: `${Math.round(a.score * 1000) / 10}%` })}</Link>
                  {a.late ? ` ${t("problem.resultLate", { percent: Math.round(a.latePenalty * 100) })}` : ""}
                </td>
                <td>{Math.round(a.score * 1000) / 10}%</td>
                <td>
                  <LocalTime iso={a.createdAt.toISOString()} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
