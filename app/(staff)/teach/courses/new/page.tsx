import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireCourseCreator } from "@/lib/dal/staff";
import { CourseForm } from "@/app/(staff)/teach/courses/CourseForm";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.newCourse"))("title") };
}

export default async function NewCoursePage() {
  await requireCourseCreator();
  const t = await getTranslations("authoring");
  return (
    <>
      <p>
        <Link href="/teach">← {t("common.backToTeaching")}</Link>
      </p>
      <h1>{t("newCourse.title")}</h1>
      <p className="muted">{t("newCourse.intro")}</p>
      <section className="card">
        <CourseForm mode="create" initial={{ code: "", title: "", term: "" }} />
      </section>
    </>
  );
}
