import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { courseSettingsPage } from "@/lib/dal/staff";
import { courseIdSchema } from "@/lib/validations/ids";
import { CourseForm } from "@/app/(staff)/teach/courses/CourseForm";
import { JoiningPanel } from "./JoiningPanel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.settings"))("title") };
}

export default async function CourseSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) notFound();
  const { courseId, course } = await courseSettingsPage(parsed.data);
  const t = await getTranslations("authoring");
  const created = (await searchParams).created === "1";
  return (
    <>
      <p>
        <Link href={`/teach/courses/${courseId}`}>← {t("common.backToCourse", { code: course.code })}</Link>
      </p>
      <h1>{t("settings.heading", { code: course.code, title: course.title })}</h1>
      {created ? (
        <p className="alert ok" role="status">
          {t("settings.created")}
        </p>
      ) : null}
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t("settings.details")}</h2>
        <CourseForm mode="edit" courseId={courseId} initial={{ code: course.code, title: course.title, term: course.term }} />
      </section>
      <section className="card" aria-labelledby="joining-heading">
        <h2 id="joining-heading">{t("settings.joining")}</h2>
        <JoiningPanel courseId={courseId} joinCode={course.joinCode} />
      </section>
    </>
  );
}
