import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { navigationFor } from "@/lib/dal/shell";
import type { CurrentUser } from "@/lib/session";
import { LocaleSwitcher } from "./LocaleSwitcher";
import { NavLink } from "./NavLink";

/** The frame of every signed-in page: who is signed in, where they can go, the language. */
export async function AppShell({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  const t = await getTranslations();
  const { studies, teaches } = await navigationFor(user);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="site-header">
        <Link className="brand" href="/">
          {t("app.name")}
        </Link>
        <nav className="site-nav" aria-label={t("nav.main")}>
          <ul>
            {studies || !teaches ? (
              <li>
                <NavLink href="/dashboard">{t("nav.dashboard")}</NavLink>
              </li>
            ) : null}
            {teaches ? (
              <li>
                <NavLink href="/teach">{t("nav.teaching")}</NavLink>
              </li>
            ) : null}
            {user.isSiteAdmin ? (
              <li>
                <NavLink href="/accounts">{t("nav.accounts")}</NavLink>
              </li>
            ) : null}
            {user.isSiteAdmin ? (
              <li>
                <NavLink href="/lti">{t("nav.lti")}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="user-box">
          <span data-testid="signed-in-as">{t("nav.signedInAs", { name: user.name })}</span>
          <LocaleSwitcher />
          <Link href="/password">{t("nav.password")}</Link>
          <Link href="/signout">{t("nav.signOut")}</Link>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
