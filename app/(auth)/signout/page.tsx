import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getCurrentUser } from "@/lib/session";
import { SignOutForm } from "./SignOutForm";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signOut"))("title") };
}

export default async function SignOutPage() {
  if (!(await getCurrentUser())) redirect("/signin");
  const t = await getTranslations("signOut");
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("question")}</p>
      <SignOutForm />
    </>
  );
}
