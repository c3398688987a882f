import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { problemBank, type ProblemBankRow } from "@/lib/dal/staff-problems";
import { courseIdSchema } from "@/lib/validations/ids";
import { Table } from "@/app/_components/Table";
import { UploadProblem } from "./UploadProblem";
import "@/app/_components/authoring/authoring.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.problems"))("title") };
}

/**
 * The shared problem bank, seen from one course: who owns each problem, where this course uses it
 * (and on which version), and how much it has been submitted here. Archived problems on request.
 */
export default async function ProblemsPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = courseIdSchema.safeParse((await params).courseId);
  if (!parsed.success) notFound();
  const showArchived = (await searchParams).archived === "1";
  const { courseId, code, mayCreate, bank } = await problemBank(parsed.data, { showArchived, locale: await getLocale() });
  const t = await getTranslations("authoring");
  const ownerText = (owner: ProblemBankRow["owner"]) => (owner.kind === "bank" ? t("problems.ownerBank") : owner.here ? t("problems.ownerHere") : owner.code);
  return (
    <>
      <p>
        <Link href={`/teach/courses/${courseId}`}>← {t("common.backToCourse", { code })}</Link>
      </p>
      <h1>{t("problems.heading")}</h1>
      <p className="shared-note">{t("problems.shared")}</p>
      {mayCreate ? (
        <section className="card" aria-labelledby="add-problem-heading">
          <h2 id="add-problem-heading">{t("problems.add")}</h2>
          <p>
            <Link className="button" href={`/teach/courses/${courseId}/problems/new`}>
              {t("problems.new")}
            </Link>
          </p>
          <UploadProblem courseId={courseId} />
        </section>
      ) : (
        <p className="muted">{t("problems.previewOnly")}</p>
      )}
      <section className="card" aria-labelledby="bank-heading">
        <h2 id="bank-heading">{t("problems.bank", { count: bank.length })}</h2>
        <p>
          <Link href={`/teach/courses/${courseId}/problems${showArchived ? "" : "?archived=1"}`} data-testid="toggle-archived">
            {showArchived ? t("problems.hideArchived") : t("problems.showArchived")}
          </Link>
        </p>
        <Table
          testId="problem-bank"
          rows={bank}
          rowKey={(p) => p.id}
          rowProps={(p) => ({ "data-testid": "bank-problem", "data-slug": p.slug, "data-owner": p.owner.kind === "course" ? p.owner.code : "" })}
          columns={[
            {
              header: t("problems.problem"),
              cell: (p) => (
                <>
                  <strong>{p.title}</strong> {p.archived ? <span className="badge">{t("problems.archivedBadge")}</span> : null}
                  <div className="hint mono">{p.slug}</div>
                  {p.forkedFrom ? <div className="hint">{t("problems.forkedFrom", { slug: p.forkedFrom.slug, version: p.forkedFrom.version })}</div> : null}
                </>
              ),
            },
            { header: t("problems.owner"), testId: "problem-owner", cell: (p) => ownerText(p.owner) },
            { header: t("problems.topic"), cell: (p) => p.topic },
            { header: t("problems.version"), cell: (p) => t("problems.versionValue", { version: p.latest }) },
            {
              header: t("problems.usedBy"),
              cell: (p) =>
                p.usedBy.length ? (
                  <ul className="plain-list">
                    {p.usedBy.map((a) => (
                      <li key={a.assignmentId}>{t("problems.usedByVersion", { title: a.title, version: a.version })}</li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">{t("problems.unused")}</span>
                ),
            },
            {
              header: t("problems.submissions"),
              cell: (p) => {
                const used = p.versions.filter((v) => v.submissionsHere > 0);
                return used.length ? (
                  used.map((v) => t("problems.versionCount", { version: v.version, count: v.submissionsHere })).join(" · ")
                ) : (
                  <span className="muted">0</span>
                );
              },
            },
            {
              header: <span className="visually-hidden">{t("problems.actions")}</span>,
              className: "row-links",
              cell: (p) => (
                <>
                  <Link href={`/teach/courses/${courseId}/problems/${p.id}`}>{p.mayEdit ? t("problems.edit") : t("problems.open")}</Link>
                  <a href={`/api/courses/${courseId}/problems/${p.id}/export`} download={`${p.slug}.yaml`}>
                    {t("problems.export")}
                  </a>
                </>
              ),
            },
          ]}
        />
      </section>
    </>
  );
}
