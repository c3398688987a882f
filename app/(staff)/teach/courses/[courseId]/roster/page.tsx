import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { rosterPage } from "@/lib/dal/staff";
import { courseIdSchema } from "@/lib/validations/ids";
import { AddMemberForm } from "./AddMemberForm";
import { CsvImport } from "./CsvImport";
import { MemberTable } from "./MemberTable";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.roster"))("title") };
}

/** The course's people, managed by its instructor (and site admins): add, change role, remove, import. */
export default async function RosterPage({ params }: { params: Promise<{ courseId: string }> }) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) notFound();
  const { courseId, selfId, code, members } = await rosterPage(parsed.data);
  const t = await getTranslations("authoring");
  return (
    <>
      <p>
        <Link href={`/teach/courses/${courseId}`}>← {t("common.backToCourse", { code })}</Link>
      </p>
      <h1>{t("roster.heading", { code })}</h1>
      <section className="card" aria-labelledby="add-heading">
        <h2 id="add-heading">{t("roster.add")}</h2>
        <AddMemberForm courseId={courseId} />
      </section>
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">{t("roster.members", { count: members.length })}</h2>
        <MemberTable courseId={courseId} selfId={selfId} members={members} />
      </section>
      <section className="card" aria-labelledby="import-heading">
        <h2 id="import-heading">{t("roster.import.heading")}</h2>
        <CsvImport courseId={courseId} />
      </section>
    </>
  );
}
