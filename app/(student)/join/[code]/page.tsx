import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { inviteCourse } from "@/lib/dal/student";
import { JoinForm } from "@/app/(student)/join/JoinForm";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.join"))("title") };
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** An invite link: names the course, then joins on confirmation (a link alone changes nothing). */
export default async function InvitePage({ params }: { params: Promise<{ code: string }> }) {
  const code = safeDecode((await params).code);
  const course = await inviteCourse(code);
  const t = await getTranslations("authoring");
  if (!course) {
    return (
      <>
        <h1>{t("join.title")}</h1>
        <section className="card">
          <p className="alert error" role="alert" data-testid="join-error">
            {t("errors.joinCodeUnknown")}
          </p>
          <p>
            <Link href="/join">{t("join.typeCode")}</Link>
          </p>
        </section>
      </>
    );
  }
  return (
    <>
      <h1>{t("join.inviteTitle", { course: `${course.code}: ${course.title}` })}</h1>
      <section className="card">
        <p>{t("join.inviteIntro", { course: `${course.code}: ${course.title}`, term: course.term || "—" })}</p>
        <JoinForm fixedCode={code} />
      </section>
    </>
  );
}
