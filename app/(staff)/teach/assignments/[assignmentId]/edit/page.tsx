import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AssignmentForm } from "@/app/_components/authoring/AssignmentForm";
import { assignmentFormValues, bankChoices } from "@/lib/authoring/assignments";
import { getDb } from "@/lib/db/client";
import { requirePermission } from "@/lib/guards";
import { assignmentIdSchema } from "@/lib/validations/ids";
import { updateAssignmentAction } from "./actions";
import { AssignmentLifecycle } from "./AssignmentLifecycle";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.assignment"))("editTitle") };
}

export default async function EditAssignmentPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const parsed = assignmentIdSchema.safeParse((await params).assignmentId);
  if (!parsed.success) notFound();
  const { courseId, allows } = await requirePermission("assignment.manage", { assignmentId: parsed.data });
  const t = await getTranslations("authoring");
  const db = getDb();
  const { values, archived } = await assignmentFormValues(db, parsed.data);
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { code: true } });
  const assignmentId = parsed.data;
  // Bound, not closed over: the assignment id travels with each call and the action checks it like any input.
  const save = updateAssignmentAction.bind(null, assignmentId);
  const mayManage = allows("assignment.archive") && allows("assignment.duplicate");
  const bank = await bankChoices(
    db,
    values.problems.map((p) => p.problemId),
  );
  return (
    <>
      <p>
        <Link href={`/teach/courses/${courseId}`}>← {t("common.backToCourse", { code: course.code })}</Link>
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
