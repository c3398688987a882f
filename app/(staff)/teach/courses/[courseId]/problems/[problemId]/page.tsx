import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { ProblemEditor } from "@/app/_components/authoring/ProblemEditor";
import { can } from "@/lib/authz";
import { problemForEditor } from "@/lib/authoring/problems";
import { getDb } from "@/lib/db/client";
import { requirePermission } from "@/lib/guards";
import { courseIdSchema } from "@/lib/validations/ids";
import { previewProblemAction, saveProblemAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.editor"))("title") };
}

/** A problem of the shared bank in the editor: TAs preview, the course's instructor saves new versions. */
export default async function ProblemEditorPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string; problemId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await params;
  const course = courseIdSchema.safeParse(raw.courseId);
  const problem = courseIdSchema.safeParse(raw.problemId);
  if (!course.success || !problem.success) notFound();
  const { user, courseId, role } = await requirePermission("problem.preview", { courseId: course.data });
  const db = getDb();
  const data = await problemForEditor(db, courseId, problem.data);
  if (!data) notFound();
  const t = await getTranslations("authoring");
  const canSave = can(user, "problem.edit", { role, isOwner: false });
  const saved = (await searchParams).saved;
  const problemId = data.id;
  const actions = {
    preview: async (input: { source: string; seeds: string[] }) => {
      "use server";
      return previewProblemAction(courseId, input);
    },
    save: async (source: string) => {
      "use server";
      return saveProblemAction(courseId, problemId, source);
    },
  };
  return (
    <>
      <p>
        <Link href={`/teach/courses/${courseId}/problems`}>← {t("problems.heading")}</Link>
      </p>
      <h1>
        {data.title} <span className="muted mono small">{data.slug}</span>
      </h1>
      {saved === "created" ? (
        <p className="alert ok" role="status" data-testid="saved-banner">
          {t("editor.saved.created", { version: data.latest.version })}
        </p>
      ) : null}
      <p className="shared-note" data-testid="shared-note">
        {data.otherCourses ? t("editor.sharedWithOthers", { count: data.otherCourses }) : t("editor.shared")}
      </p>
      <section className="card" aria-labelledby="usage-heading" data-testid="problem-usage">
        <h2 id="usage-heading">{t("editor.usage")}</h2>
        {data.usedBy.length ? (
          <p>
            {t("editor.usedBy")}{" "}
            {data.usedBy.map((a, i) => (
              <span key={a.assignmentId}>
                {i ? ", " : ""}
                <Link href={`/teach/assignments/${a.assignmentId}/edit`}>{a.title}</Link>
              </span>
            ))}
          </p>
        ) : (
          <p className="muted">{t("editor.notUsed")}</p>
        )}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("editor.version")}</th>
                <th scope="col">{t("editor.savedAt")}</th>
                <th scope="col">{t("editor.submissionsHere")}</th>
              </tr>
            </thead>
            <tbody>
              {[...data.versions].reverse().map((v) => (
                <tr key={v.id} data-testid="problem-version" data-version={v.version}>
                  <td>
                    {t("problems.versionValue", { version: v.version })}
                    {v.version === data.latest.version ? <span className="muted"> ({t("editor.current")})</span> : null}
                  </td>
                  <td>
                    <LocalTime iso={v.createdAt.toISOString()} />
                  </td>
                  <td>{v.submissionsHere}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <a href={`/api/courses/${courseId}/problems/${data.id}/export`} download={`${data.slug}.yaml`}>
            {t("problems.exportFile", { file: `${data.slug}.yaml` })}
          </a>
        </p>
      </section>
      <ProblemEditor key={data.id} courseId={courseId} problemId={data.id} initialSource={data.latest.source} canSave={canSave} actions={actions} />
    </>
  );
}
