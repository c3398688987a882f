import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { RulesSummary } from "@/app/_components/problem/RulesSummary";
import { assignmentPage } from "@/lib/dal/student";
import type { Locale } from "@/lib/grading";
import { assignmentIdSchema } from "@/lib/validations/ids";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard"))("assignment") };
}

export default async function AssignmentPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const id = assignmentIdSchema.safeParse((await params).assignmentId);
  if (!id.success) notFound();
  const locale = (await getLocale()) as Locale;
  const data = await assignmentPage({ assignmentId: id.data, locale });
  const t = await getTranslations();
  return (
    <>
      <p>
        <Link href="/dashboard">← {t("assignment.back")}</Link>
      </p>
      <h1>{data.assignment.title}</h1>
      <p className="muted">
        {data.course.code}: {data.course.title}
      </p>
      {data.assignment.description ? <p>{data.assignment.description}</p> : null}
      <RulesSummary assignment={data.assignment} />
      {data.problems === null ? (
        <p className="alert error">{t.rich("assignment.notOpen", { date: () => <LocalTime iso={data.assignment.opensAt.toISOString()} /> })}</p>
      ) : data.problems.length === 0 ? (
        <p className="muted">{t("assignment.noProblems")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stacked">
            <thead>
              <tr>
                <th scope="col">{t("assignment.problem")}</th>
                <th scope="col">{t("assignment.points")}</th>
                <th scope="col">{t("assignment.attempts")}</th>
                <th scope="col">{t("assignment.status")}</th>
              </tr>
            </thead>
            <tbody>
              {data.problems.map((p, i) => (
                <tr key={p.id} data-testid="assignment-problem">
                  <td data-label={t("assignment.problem")}>
                    <Link href={`/assignments/${data.assignment.id}/problems/${p.id}`}>
                      {i + 1}. {p.title}
                    </Link>
                  </td>
                  <td data-label={t("assignment.points")}>
                    {p.score === null ? "—" : Math.round(p.score * p.points * 100) / 100} / {p.points}
                  </td>
                  <td data-label={t("assignment.attempts")}>{t("assignment.attemptsUsed", { used: p.attemptsUsed })}</td>
                  <td data-label={t("assignment.status")}>
                    <span className={`status ${p.status}`}>{t(`dashboard.statusLabel.${p.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">
        {t("assignment.due")}: <LocalTime iso={data.assignment.dueAt.toISOString()} relative />
      </p>
    </>
  );
}
