import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { Table } from "@/app/_components/Table";
import { listAccounts } from "@/lib/accounts/admin";
import { requireUser } from "@/lib/session";
import { RevokeSessionsButton } from "./RevokeSessionsButton";
import { SsoLinks } from "./SsoLinks";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accounts"))("title") };
}

/** Every account, for site admins: find one by name or email, and end all of its sessions. */
export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const list = await listAccounts(user, (await searchParams).q);
  if (!list) forbidden();
  const t = await getTranslations("accounts");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <form method="get" role="search" className="card" style={{ display: "flex", gap: "0.5rem", alignItems: "end", flexWrap: "wrap" }}>
        <div>
          <label htmlFor="accounts-q">{t("search")}</label>
          <input id="accounts-q" name="q" type="search" defaultValue={list.query} maxLength={254} style={{ minWidth: "18rem" }} />
        </div>
        <button className="button secondary" type="submit">
          {t("find")}
        </button>
      </form>
      <p className="muted" data-testid="accounts-count">
        {list.total > list.rows.length ? t("showing", { shown: list.rows.length, total: list.total }) : t("count", { count: list.total })}
      </p>
      {list.rows.length > 0 ? (
        <Table
          testId="accounts"
          rows={list.rows}
          rowKey={(a) => a.id}
          rowProps={(a) => ({ "data-testid": "account", "data-email": a.email })}
          columns={[
            {
              header: t("name"),
              cell: (a) => (
                <>
                  {a.name}
                  {a.isSiteAdmin ? <span className="muted"> ({t("siteAdmin")})</span> : null}
                  {a.id === user.id ? <span className="muted"> ({t("you")})</span> : null}
                </>
              ),
            },
            { header: t("email"), cell: (a) => a.email },
            { header: t("courses"), cell: (a) => a.courses },
            { header: t("created"), headerClassName: "hide-narrow", className: "hide-narrow", cell: (a) => <LocalTime iso={a.createdAt.toISOString()} /> },
            {
              header: t("sso"),
              cell: (a) => (
                <SsoLinks
                  name={a.name}
                  hasPassword={a.hasPassword}
                  links={a.ssoLinks.map((l) => ({ id: l.id, issuer: l.issuer, subject: l.subject, email: l.email, createdAt: l.createdAt.toISOString() }))}
                />
              ),
            },
            { header: t("sessions"), cell: (a) => <RevokeSessionsButton userId={a.id} name={a.name} self={a.id === user.id} /> },
          ]}
        />
      ) : null}
    </>
  );
}
