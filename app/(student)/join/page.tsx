import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/session";
import { JoinForm } from "./JoinForm";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.join"))("title") };
}

export default async function JoinPage() {
  await requireUser();
  const t = await getTranslations("authoring.join");
  return (
    <>
      <h1>{t("title")}</h1>
      <section className="card">
        <p>{t("intro")}</p>
        <JoinForm />
      </section>
    </>
  );
}
