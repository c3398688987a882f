import type { Metadata } from "next";
import { headers } from "next/headers";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { ltiAdminView } from "@/lib/lti/admin";
import { requireUser } from "@/lib/session";
import { DeletePlatformButton, EditPlatformForm, RegisterPlatformForm, RotateKeysButton } from "./LtiForms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ltiAdmin"))("title") };
}

/** LMS (LTI 1.3) registrations, for site admins: the URLs to give the LMS, the tool's keys, and the registered platforms. */
export default async function LtiAdminPage() {
  const user = await requireUser();
  const h = await headers();
  const view = await ltiAdminView(user, `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}/`);
  if (!view) forbidden();
  const t = await getTranslations("ltiAdmin");
  const urls: [string, string, string][] = [
    ["login", t("urls.login"), view.urls.loginUrl],
    ["launch", t("urls.launch"), view.urls.launchUrl],
    ["deep-linking", t("urls.deepLinking"), view.urls.deepLinkingUrl],
    ["jwks", t("urls.jwks"), view.urls.jwksUrl],
  ];
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>

      <section className="card" aria-labelledby="lti-urls">
        <h2 id="lti-urls">{t("urls.title")}</h2>
        <dl data-testid="tool-urls">
          {urls.map(([key, label, url]) => (
            <div key={key}>
              <dt>{label}</dt>
              <dd>
                <code data-testid={`url-${key}`}>{url}</code>
              </dd>
            </div>
          ))}
          <div>
            <dt>{t("keys.current")}</dt>
            <dd>
              {view.keyIds.map((kid) => (
                <code key={kid} data-testid="kid" style={{ marginRight: "0.5rem" }}>
                  {kid}
                </code>
              ))}
            </dd>
          </div>
        </dl>
        <RotateKeysButton />
      </section>

      <section aria-labelledby="lti-registrations">
        <h2 id="lti-registrations">{t("registrations")}</h2>
        {view.platforms.length === 0 ? <p className="muted">{t("none")}</p> : null}
        {view.platforms.map((p) => (
          <article key={p.id} className="card" data-testid="registration" data-issuer={p.issuer}>
            <h3>
              {p.issuer} <span className="muted">({p.clientId})</span>
            </h3>
            <dl>
              <dt>{t("fields.authUrl")}</dt>
              <dd>
                <code>{p.authUrl}</code>
              </dd>
              <dt>{t("fields.tokenUrl")}</dt>
              <dd>
                <code>{p.tokenUrl}</code>
              </dd>
              <dt>{t("fields.jwksUrl")}</dt>
              <dd>
                <code>{p.jwksUrl}</code>
              </dd>
              <dt>{t("created")}</dt>
              <dd>
                <LocalTime iso={p.createdAt.toISOString()} />
              </dd>
            </dl>
            <EditPlatformForm id={p.id} deploymentIds={p.deploymentIds} lmsOrigins={p.lmsOrigins} />
            <DeletePlatformButton id={p.id} issuer={p.issuer} />
          </article>
        ))}
      </section>

      <section className="card" aria-labelledby="lti-register">
        <h2 id="lti-register">{t("register")}</h2>
        <RegisterPlatformForm />
      </section>
    </>
  );
}
