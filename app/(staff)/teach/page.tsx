import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { Table } from "@/app/_components/Table";
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
            <Table
              rows={course.assignments}
              rowKey={(a) => a.id}
              rowProps={() => ({ "data-testid": "teaching-assignment" })}
              columns={[
                { header: t("title_col"), cell: (a) => a.title },
                { header: t("opens"), headerClassName: "hide-narrow", className: "hide-narrow", cell: (a) => <LocalTime iso={a.opensAt.toISOString()} /> },
                { header: t("due"), cell: (a) => <LocalTime iso={a.dueAt.toISOString()} relative /> },
                { header: t("problems"), cell: (a) => a.problemCount },
                { header: t("submissions"), cell: (a) => a.submissionCount },
              ]}
            />
          )}
        </section>
      ))}
    </>
  );
}
