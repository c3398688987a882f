import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AssignmentForm } from "@/app/_components/authoring/AssignmentForm";
import { newAssignmentPage } from "@/lib/dal/staff-assignments";
import { courseIdSchema } from "@/lib/validations/ids";
import { createAssignmentAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.assignment"))("newTitle") };
}

export default async function NewAssignmentPage({ params }: { params: Promise<{ courseId: string }> }) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) notFound();
  const { courseId, code, bank } = await newAssignmentPage(parsed.data);
  const t = await getTranslations("authoring");
  // Bound, not closed over: the course id travels with each call and the action checks it like any input.
  const save = createAssignmentAction.bind(null, courseId);
  return (
    <>
      <p>
        <Link href={`/teach/courses/${courseId}`}>← {t("common.backToCourse", { code })}</Link>
      </p>
      <h1>{t("assignment.newHeading", { code })}</h1>
      <section className="card">
        <AssignmentForm courseId={courseId} assignmentId={null} bank={bank} initial={null} save={save} />
      </section>
    </>
  );
}
