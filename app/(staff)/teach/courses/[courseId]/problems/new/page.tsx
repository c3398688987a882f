import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ProblemEditor } from "@/app/_components/authoring/ProblemEditor";
import { NEW_PROBLEM_TEMPLATE } from "@/lib/authoring/template";
import { requireProblemCreator } from "@/lib/dal/staff-problems";
import { courseIdSchema } from "@/lib/validations/ids";
import { previewProblemAction, saveProblemAction } from "@/app/(staff)/teach/courses/[courseId]/problems/actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.editor"))("newTitle") };
}

/** A new problem of this course (in the bank every course sees), starting from a small valid file. Only instructors make problems. */
export default async function NewProblemPage({ params }: { params: Promise<{ courseId: string }> }) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) notFound();
  const { courseId } = await requireProblemCreator(parsed.data);
  const t = await getTranslations("authoring");
  // Bound, not closed over: the ids travel with each call and the actions check them like any input.
  const actions = { preview: previewProblemAction.bind(null, courseId), save: saveProblemAction.bind(null, courseId, null) };
  return (
    <>
      <p>
        <Link href={`/teach/courses/${courseId}/problems`}>← {t("problems.heading")}</Link>
      </p>
      <h1>{t("editor.newTitle")}</h1>
      <p className="shared-note" data-testid="shared-note">
        {t("editor.newShared")}
      </p>
      <ProblemEditor courseId={courseId} problemId={null} initialSource={NEW_PROBLEM_TEMPLATE} canSave actions={actions} />
    </>
  );
}
