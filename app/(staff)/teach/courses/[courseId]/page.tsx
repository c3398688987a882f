import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { getDb } from "@/lib/db/client";
import { requirePermission } from "@/lib/guards";
import { courseIdSchema } from "@/lib/validations/ids";
import { notFound } from "next/navigation";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("teach"))("course") };
}

export default async function TeachCoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) notFound();
  const { courseId } = await requirePermission("roster.view", { courseId: parsed.data });
  const t = await getTranslations();
  const course = await getDb().course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      code: true,
      title: true,
      term: true,
      assignments: { orderBy: { dueAt: "asc" }, select: { id: true, title: true, dueAt: true, _count: { select: { submissions: true } } } },
      memberships: {
        orderBy: [{ role: "desc" }, { user: { name: "asc" } }],
        select: { role: true, user: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  return (
    <>
      <h1>{t("teach.courseTitle", { code: course.code, title: course.title })}</h1>
      <section className="card" aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">{t("teach.assignments")}</h2>
        {course.assignments.length === 0 ? (
          <p className="muted">{t("teach.noAssignments")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("teach.title_col")}</th>
                  <th scope="col">{t("teach.due")}</th>
                  <th scope="col">{t("teach.submissions")}</th>
                </tr>
              </thead>
              <tbody>
                {course.assignments.map((a) => (
                  <tr key={a.id}>
                    <td>{a.title}</td>
                    <td>
                      <LocalTime iso={a.dueAt.toISOString()} relative />
                    </td>
                    <td>{a._count.submissions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="roster-heading">
        <h2 id="roster-heading">{t("teach.roster")}</h2>
        <div className="table-wrap">
          <table data-testid="roster">
            <thead>
              <tr>
                <th scope="col">{t("teach.name")}</th>
                <th scope="col">{t("teach.email")}</th>
                <th scope="col">{t("teach.memberRole")}</th>
              </tr>
            </thead>
            <tbody>
              {course.memberships.map((m) => (
                <tr key={m.user.id}>
                  <td>{m.user.name}</td>
                  <td>{m.user.email}</td>
                  <td>{t(`roles.${m.role}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
