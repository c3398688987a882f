import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { safeCallbackPath, signInUrl } from "@/lib/auth/paths";
import { getCurrentUser } from "@/lib/session";
import { PasswordForm } from "./PasswordForm";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("password"))("title") };
}

export default async function PasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callback = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  const user = await getCurrentUser();
  if (!user) redirect(signInUrl("/password"));
  const t = await getTranslations("password");
  return (
    <>
      <h1>{t("title")}</h1>
      {user.mustChangePassword ? <p className="alert ok">{t("firstTime")}</p> : null}
      <p className="muted small">{t("endsSessions")}</p>
      <PasswordForm callbackUrl={callback} />
    </>
  );
}
