import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { studentDashboard } from "@/lib/dal/student";
import type { Locale } from "@/lib/grading";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard"))("title") };
}

function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export default async function DashboardPage() {
  const courses = await studentDashboard((await getLocale()) as Locale);
  const t = await getTranslations("dashboard");
  return (
    <>
      <h1>{t("title")}</h1>
      {courses.length === 0 ? <p>{t("empty")}</p> : null}
      <p>
        <Link href="/join">{t("join")}</Link>
      </p>
      {courses.map((course) => (
        <section className="card" key={course.id} aria-labelledby={`course-${course.id}`} data-testid="student-course">
          <h2 id={`course-${course.id}`}>
            {course.code}: {course.title} {course.term ? <span className="muted">({course.term})</span> : null}
          </h2>
          {course.assignments.length === 0 ? (
            <p className="muted">{t("noAssignments")}</p>
          ) : (
            <div className="table-wrap">
              <table className="stacked">
                <thead>
                  <tr>
                    <th scope="col">{t("assignment")}</th>
                    <th scope="col">{t("due")}</th>
                    <th scope="col">{t("points")}</th>
                    <th scope="col">{t("status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {course.assignments.map((a) => (
                    <tr key={a.id} data-testid="student-assignment">
                      <td data-label={t("assignment")}>
                        <Link href={`/assignments/${a.id}`}>{a.title}</Link>
                        <div className="muted">{t("problemCount", { count: a.problemCount })}</div>
                        {a.problems.length ? (
                          <ul className="problem-statuses">
                            {a.problems.map((p, i) => (
                              <li key={p.id}>
                                <Link href={`/assignments/${a.id}/problems/${p.id}`}>
                                  {i + 1}. {p.title}
                                </Link>{" "}
                                <span className={`status ${p.status}`}>{t(`statusLabel.${p.status}`)}</span>
                              </li>
                            ))}
                          </ul>
                        ) : null}
                        {!a.open ? (
                          <div className="muted">
                            {t("opens")}: <LocalTime iso={a.opensAt.toISOString()} />
                          </div>
                        ) : null}
                      </td>
                      <td data-label={t("due")}>
                        <LocalTime iso={a.dueAt.toISOString()} relative />
                      </td>
                      <td data-label={t("points")}>{t("pointsValue", { earned: formatPoints(a.pointsEarned), possible: formatPoints(a.pointsPossible) })}</td>
                      <td data-label={t("status")}>
                        <span className={`status ${a.status}`}>{t(`statusLabel.${a.status}`)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}
