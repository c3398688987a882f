import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { teachingOverview } from "@/lib/dal/staff";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teach"))("title") };
}

export default async function TeachPage() {
  const { courses, mayCreate } = await teachingOverview();
  const t = await getTranslations("teach");
  const authoring = await getTranslations("authoring.newCourse");
  return (
    <>
      <h1>{t("title")}</h1>
      {mayCreate ? (
        <p>
          <Link className="button secondary" href="/teach/courses/new">
            {authoring("link")}
          </Link>
        </p>
      ) : null}
      {courses.length === 0 ? <p>{t("empty")}</p> : null}
      {courses.map((course) => (
        <section className="card" key={course.id} aria-labelledby={`course-${course.id}`} data-testid="teaching-course">
          <h2 id={`course-${course.id}`}>
            <Link href={`/teach/courses/${course.id}`}>{t("courseTitle", { code: course.code, title: course.title })}</Link>
          </h2>
          <p className="muted">
            {t(`role.${course.role}`)} · {t("students", { count: course.studentCount })}
          </p>
          {course.assignments.length === 0 ? (
            <p className="muted">{t("noAssignments")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("title_col")}</th>
                    <th scope="col" className="hide-narrow">{t("opens")}</th>
                    <th scope="col">{t("due")}</th>
                    <th scope="col">{t("problems")}</th>
                    <th scope="col">{t("submissions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {course.assignments.map((a) => (
                    <tr key={a.id} data-testid="teaching-assignment">
                      <td>{a.title}</td>
                      <td className="hide-narrow">
                        <LocalTime iso={a.opensAt.toISOString()} />
                      </td>
                      <td>
                        <LocalTime iso={a.dueAt.toISOString()} relative />
                      </td>
                      <td>{a.problemCount}</td>
                      <td>{a.submissionCount}</td>
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
