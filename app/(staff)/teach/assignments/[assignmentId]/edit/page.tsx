import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AssignmentForm } from "@/app/_components/authoring/AssignmentForm";
import { editAssignmentPage } from "@/lib/dal/staff-assignments";
import { assignmentIdSchema } from "@/lib/validations/ids";
import { updateAssignmentAction } from "./actions";
import { AssignmentLifecycle } from "./AssignmentLifecycle";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.assignment"))("editTitle") };
}

export default async function EditAssignmentPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const parsed = assignmentIdSchema.safeParse((await params).assignmentId);
  if (!parsed.success) notFound();
  const { courseId, code, values, archived, bank, mayManage } = await editAssignmentPage(parsed.data);
  const t = await getTranslations("authoring");
  const assignmentId = parsed.data;
  // Bound, not closed over: the assignment id travels with each call and the action checks it like any input.
  const save = updateAssignmentAction.bind(null, assignmentId);
  return (
    <>
      <p>
        <Link href={`/teach/courses/${courseId}`}>← {t("common.backToCourse", { code })}</Link>
      </p>
      <h1>{t("assignment.editHeading", { title: values.title })}</h1>
      <section className="card">
        <AssignmentForm courseId={courseId} assignmentId={assignmentId} bank={bank} initial={values} save={save} />
      </section>
      {mayManage ? (
        <AssignmentLifecycle
          assignmentId={assignmentId}
          courseId={courseId}
          title={values.title}
          archived={archived}
          submissions={values.problems.reduce((n, p) => n + p.submissions, 0)}
        />
      ) : null}
    </>
  );
}
