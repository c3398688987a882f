import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** Rendered with status 403 whenever lib/authz.ts says no (via forbidden()). */
export default async function Forbidden() {
  const t = await getTranslations("errors");
  return (
    <main id="main" className="auth-wrap">
      <div className="auth-card" data-testid="forbidden">
        <h1>{t("forbiddenTitle")}</h1>
        <p>{t("forbiddenBody")}</p>
        <Link href="/">{t("backHome")}</Link>
      </div>
    </main>
  );
}
