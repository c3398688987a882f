import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { canCreateCourse } from "@/lib/authz";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/session";
import { CourseForm } from "../CourseForm";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.newCourse"))("title") };
}

export default async function NewCoursePage() {
  const user = await requireUser();
  if (!(await canCreateCourse(getDb(), user))) forbidden();
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
