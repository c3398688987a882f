import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { ProblemEditor } from "@/app/_components/authoring/ProblemEditor";
import { Table } from "@/app/_components/Table";
import { problemEditorPage } from "@/lib/dal/staff-problems";
import { courseIdSchema, problemIdSchema } from "@/lib/validations/ids";
import { previewProblemAction, saveProblemAction } from "@/app/(staff)/teach/courses/[courseId]/problems/actions";
import { AddToAssignment } from "./AddToAssignment";
import { ForkProblem, ProblemLifecycle } from "./ProblemActions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.editor"))("title") };
}

/**
 * A problem of the bank in the editor, seen from one course: who owns it, where it came from, where
 * this course uses it and on which version, its versions (compared side by side), and what this
 * person may do: preview (staff), save new versions, archive or delete (the owning course's
 * instructors; site admins for the built-in bank), fork into this course (its instructors), add it
 * to an assignment of any course they teach as instructor.
 */
export default async function ProblemEditorPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string; problemId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await params;
  const course = courseIdSchema.safeParse(raw.courseId);
  const problem = problemIdSchema.safeParse(raw.problemId);
  if (!course.success || !problem.success) notFound();
  const page = await problemEditorPage(course.data, problem.data, await getLocale());
  if (!page) notFound();
  const { courseId, code, data, canSave, canArchive, canFork, duplicate, suggested, addTo } = page;
  const t = await getTranslations("authoring");
  const saved = (await searchParams).saved;
  const problemId = data.id;
  // Bound, not closed over: the ids travel with each call and the actions check them like any input.
  const actions = { preview: previewProblemAction.bind(null, courseId), save: saveProblemAction.bind(null, courseId, problemId) };
  const ownerNote =
    data.owner.kind === "course" && data.owner.here
      ? data.otherCourses
        ? t("editor.ownedHereShared", { count: data.otherCourses })
        : t("editor.ownedHere")
      : data.owner.kind === "course"
        ? t("editor.ownedElsewhere", { code: data.owner.code })
        : canSave
          ? t("editor.ownedByBankAdmin")
          : t("editor.ownedByBank");
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
      <p className={canSave ? "shared-note" : "owner-note"} data-testid="shared-note" data-owner={data.owner.kind === "course" ? data.owner.code : ""}>
        {ownerNote}
      </p>
      {data.forkedFrom ? (
        <p data-testid="forked-from">
          <Link href={`/teach/courses/${courseId}/problems/${data.forkedFrom.problemId}`}>
            {t("editor.forkedFrom", { slug: data.forkedFrom.slug, version: data.forkedFrom.version })}
          </Link>
        </p>
      ) : null}
      {data.archived ? (
        <p className="alert warn" data-testid="problem-archived">
          {t("editor.archived")}
        </p>
      ) : null}
      <section className="card" aria-labelledby="usage-heading" data-testid="problem-usage">
        <h2 id="usage-heading">{t("editor.usage")}</h2>
        {data.usedBy.length ? (
          <p>
            {t("editor.usedBy")}{" "}
            {data.usedBy.map((a, i) => (
              <span key={a.assignmentId} data-testid="used-by" data-version={a.version}>
                {i ? ", " : ""}
                <Link href={`/teach/assignments/${a.assignmentId}/edit`}>{t("editor.usedByVersion", { title: a.title, version: a.version })}</Link>
              </span>
            ))}
          </p>
        ) : (
          <p className="muted">{t("editor.notUsed")}</p>
        )}
        <Table
          rows={[...data.versions].reverse()}
          rowKey={(v) => v.id}
          rowProps={(v) => ({ "data-testid": "problem-version", "data-version": v.version })}
          columns={[
            {
              header: t("editor.version"),
              cell: (v) => (
                <>
                  {t("problems.versionValue", { version: v.version })}
                  {v.version === data.latest.version ? <span className="muted"> ({t("editor.current")})</span> : null}
                </>
              ),
            },
            { header: t("editor.savedAt"), cell: (v) => <LocalTime iso={v.createdAt.toISOString()} /> },
            { header: t("editor.submissionsHere"), cell: (v) => v.submissionsHere },
            { header: t("editor.pinnedHere"), cell: (v) => data.usedBy.filter((a) => a.version === v.version).length || "" },
            {
              header: t("editor.compare"),
              cell: (v) =>
                v.version > 1 ? (
                  <Link href={`/teach/courses/${courseId}/problems/${data.id}/compare?a=${v.version - 1}&b=${v.version}`} data-testid="compare-previous">
                    {t("editor.compareWithPrevious", { version: v.version - 1 })}
                  </Link>
                ) : null,
            },
          ]}
        />
        <p>
          <a href={`/api/courses/${courseId}/problems/${data.id}/export`} download={`${data.slug}.yaml`}>
            {t("problems.exportFile", { file: `${data.slug}.yaml` })}
          </a>
        </p>
      </section>
      {addTo.assignments.length || addTo.mayCreateHere ? (
        <AddToAssignment
          courseId={courseId}
          courseCode={code}
          problemId={data.id}
          version={data.latest.version}
          archived={data.archived}
          assignments={addTo.assignments}
          points={addTo.points}
          mayCreateHere={addTo.mayCreateHere}
        />
      ) : null}
      {canFork ? (
        <ForkProblem
          key={data.latest.version}
          courseId={courseId}
          courseCode={code}
          problemId={data.id}
          versions={data.versions.map((v) => v.version)}
          suggested={suggested}
          duplicate={duplicate}
        />
      ) : null}
      {canArchive ? <ProblemLifecycle courseId={courseId} problemId={data.id} slug={data.slug} archived={data.archived} deletable={data.deletable} /> : null}
      <ProblemEditor key={data.id} courseId={courseId} problemId={data.id} initialSource={data.latest.source} canSave={canSave} actions={actions} />
    </>
  );
}
