import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { Table } from "@/app/_components/Table";
import { deepLinkPickerPage } from "@/lib/dal/lti-deep-linking";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ltiDeepLinking"))("title") };
}

/**
 * LTI deep linking: the assignments staff may add to the LMS course they came from. The form posts
 * to /api/lti/deep-link/[id], which answers with the signed response for the LMS.
 */
export default async function DeepLinkPickerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const picker = await deepLinkPickerPage(id.slice(0, 64));
  const t = await getTranslations("ltiDeepLinking");
  if (picker.status !== "ok") {
    return (
      <>
        <h1>{t("refused")}</h1>
        <p data-testid="deep-link-refused" data-reason={picker.status}>
          {picker.status === "gone" ? t("gone") : t("notYours")}
        </p>
      </>
    );
  }
  const { lmsTitle, acceptMultiple, choices } = picker;
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{acceptMultiple ? t("introMultiple", { lms: lmsTitle }) : t("intro", { lms: lmsTitle })}</p>
      <form method="post" action={`/api/lti/deep-link/${picker.id}`} className="card" data-testid="deep-link-picker">
        {choices.length === 0 ? (
          <p className="muted">{t("noAssignments")}</p>
        ) : (
          <Table
            testId="deep-link-choices"
            rows={choices}
            rowKey={(a) => a.id}
            columns={[
              ...(acceptMultiple
                ? [
                    {
                      header: <span className="visually-hidden">{t("pick")}</span>,
                      cell: (a: (typeof choices)[number]) => <input type="checkbox" name="assignment" value={a.id} aria-label={`${t("pick")}: ${a.title}`} />,
                    },
                  ]
                : []),
              { header: t("assignment"), cell: (a) => a.title },
              { header: t("points"), cell: (a) => a.points },
              { header: t("due"), cell: (a) => <LocalTime iso={a.dueAt.toISOString()} /> },
              ...(acceptMultiple
                ? []
                : [
                    {
                      header: <span className="visually-hidden">{t("add", { lms: lmsTitle })}</span>,
                      cell: (a: (typeof choices)[number]) => (
                        <button className="button" type="submit" name="assignment" value={a.id} aria-label={`${t("add", { lms: lmsTitle })}: ${a.title}`}>
                          {t("add", { lms: lmsTitle })}
                        </button>
                      ),
                    },
                  ]),
            ]}
          />
        )}
        <p className="row-links">
          {acceptMultiple && choices.length > 0 ? (
            <button className="button" type="submit">
              {t("addPicked", { lms: lmsTitle })}
            </button>
          ) : null}
          <button className="button secondary" type="submit" name="cancel" value="1" formNoValidate>
            {t("cancel")}
          </button>
        </p>
      </form>
    </>
  );
}
