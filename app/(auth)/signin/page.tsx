import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { safeCallbackPath } from "@/lib/auth/paths";
import { OIDC_PROVIDER_ID, parseSignInSettings } from "@/lib/auth/sso-config";
import { getCurrentUser } from "@/lib/session";
import { SignInForm } from "./SignInForm";
import { SsoRedirect } from "./SsoRedirect";
import Link from "next/link";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("title") };
}

/** next-auth's error codes (and lib/auth/sso.ts's refusals) that get their own sentence; the rest share one. */
const OWN_MESSAGE = new Set(["SsoUnverifiedEmail", "SsoBadProfile", "AccessDenied"]);
const PROVIDER_ERRORS = new Set(["OAuthSignin", "OAuthCallback", "OAuthCreateAccount", "Callback", "OAuthAccountNotLinked"]);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callback = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  if (await getCurrentUser()) redirect(callback);
  const t = await getTranslations("signIn");
  const settings = parseSignInSettings();
  // The "Sign in with …" link lands here with sso=start (this page is public; a page of its own would not be).
  if (settings.oidc && params.sso === "start") {
    return <SsoRedirect providerId={OIDC_PROVIDER_ID} callbackUrl={callback} text={t("ssoRedirecting", { name: settings.oidc.name })} />;
  }
  const error = typeof params.error === "string" ? params.error : null;
  const errorKey = error === null ? null : OWN_MESSAGE.has(error) ? error : PROVIDER_ERRORS.has(error) ? "provider" : "other";
  return (
    <>
      <h1>{t("title")}</h1>
      {errorKey ? (
        <p className="alert error" role="alert" data-testid="sso-error" data-error={error}>
          {t(`ssoError.${errorKey}` as "ssoError.other")}
        </p>
      ) : null}
      {settings.oidc ? (
        <div className="stack">
          <Link className="button" data-testid="sso-link" href={`/signin?sso=start&callbackUrl=${encodeURIComponent(callback)}`}>
            {t("ssoButton", { name: settings.oidc.name })}
          </Link>
          {settings.passwordSignIn ? <p className="muted">{t("or")}</p> : <p className="muted">{t("passwordOff")}</p>}
        </div>
      ) : null}
      {settings.passwordSignIn ? <SignInForm callbackUrl={callback} /> : null}
    </>
  );
}
