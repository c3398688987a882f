import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <main id="main" className="auth-wrap">
      <div className="auth-card" data-testid="not-found">
        <h1>{t("notFoundTitle")}</h1>
        <p>{t("notFoundBody")}</p>
        <Link href="/">{t("backHome")}</Link>
      </div>
    </main>
  );
}
