import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { Table } from "@/app/_components/Table";
import { lmsSyncViewOf } from "@/lib/dal/lms-sync";
import { teachCourse } from "@/lib/dal/staff";
import { courseIdSchema } from "@/lib/validations/ids";
import "@/app/_components/authoring/authoring.css";
import { LmsSyncPanel } from "./LmsSyncPanel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teach"))("course") };
}

/** A course as its staff see it: where to review, manage and author, by what their role allows. Archived assignments on request. */
export default async function TeachCoursePage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) notFound();
  const showArchived = (await searchParams).archived === "1";
  const { courseId, allows: allowed, course } = await teachCourse(parsed.data, { showArchived });
  const t = await getTranslations();
  const lms = await lmsSyncViewOf(courseId);
  return (
    <>
      <h1>{t("teach.courseTitle", { code: course.code, title: course.title })}</h1>
      <nav aria-label={t("teach.course")} className="course-links">
        <ul>
          {allowed("roster.manage") ? (
            <li>
              <Link href={`/teach/courses/${courseId}/roster`}>{t("teach.links.roster")}</Link>
            </li>
          ) : null}
          {allowed("course.edit") ? (
            <li>
              <Link href={`/teach/courses/${courseId}/settings`}>{t("teach.links.settings")}</Link>
            </li>
          ) : null}
          {allowed("problem.preview") ? (
            <li>
              <Link href={`/teach/courses/${courseId}/problems`}>{t("teach.links.problems")}</Link>
            </li>
          ) : null}
          {allowed("course.edit") ? (
            <li>
              <Link href={`/teach/courses/${courseId}/assignments/new`}>{t("teach.links.newAssignment")}</Link>
            </li>
          ) : null}
          {allowed("grades.export") ? (
            <li>
              <a href={`/api/courses/${courseId}/gradebook.csv`} download>
                {t("teach.links.gradebook")}
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
      <section className="card" aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">{t("teach.assignments")}</h2>
        <p>
          <Link href={`/teach/courses/${courseId}${showArchived ? "" : "?archived=1"}`} data-testid="toggle-archived-assignments">
            {showArchived ? t("teach.hideArchived") : t("teach.showArchived")}
          </Link>
        </p>
        {course.assignments.length === 0 ? (
          <p className="muted">{t("teach.noAssignments")}</p>
        ) : (
          <Table
            testId="course-assignments"
            rows={course.assignments}
            rowKey={(a) => a.id}
            rowProps={(a) => ({ "data-archived": a.archivedAt ? "1" : undefined })}
            columns={[
              {
                header: t("teach.title_col"),
                cell: (a) => (
                  <>
                    {a.title} {a.archivedAt ? <span className="badge">{t("teach.archived")}</span> : null}
                  </>
                ),
              },
              { header: t("teach.due"), cell: (a) => <LocalTime iso={a.dueAt.toISOString()} relative /> },
              { header: t("teach.problems"), cell: (a) => a._count.problems },
              { header: t("teach.submissions"), cell: (a) => a._count.submissions },
              {
                header: <span className="visually-hidden">{t("teach.links.actions")}</span>,
                className: "row-links",
                cell: (a) => (
                  <>
                    <Link href={`/teach/assignments/${a.id}`}>{t("teach.links.review")}</Link>
                    <Link href={`/teach/assignments/${a.id}/analytics`}>{t("teach.links.analytics")}</Link>
                    {allowed("course.edit") ? <Link href={`/teach/assignments/${a.id}/edit`}>{t("teach.links.edit")}</Link> : null}
                  </>
                ),
              },
            ]}
          />
        )}
      </section>
      {lms ? (
        <LmsSyncPanel
          courseId={courseId}
          delivered={lms.delivered}
          pending={lms.pending}
          failing={lms.failing}
          failures={lms.failingRows.map((f) => ({ ...f, nextAttemptAt: f.nextAttemptAt.toISOString() }))}
          canSyncRoster={lms.rosterService && allowed("roster.manage")}
        />
      ) : null}
      <section className="card" aria-labelledby="roster-heading">
        <h2 id="roster-heading">{t("teach.roster")}</h2>
        <Table
          testId="roster"
          rows={course.memberships}
          rowKey={(m) => m.user.id}
          columns={[
            { header: t("teach.name"), cell: (m) => m.user.name },
            { header: t("teach.email"), cell: (m) => m.user.email },
            { header: t("teach.memberRole"), cell: (m) => t(`roles.${m.role}`) },
          ]}
        />
      </section>
    </>
  );
}
