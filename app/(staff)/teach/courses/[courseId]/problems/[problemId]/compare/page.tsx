import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/_components/LocalTime";
import { problemComparison } from "@/lib/dal/staff-problems";
import { courseIdSchema, problemIdSchema } from "@/lib/validations/ids";
import { withContext } from "@/lib/authoring/version-diff";
import "@/app/_components/authoring/authoring.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("authoring.compare"))("title") };
}

/** Two versions of a problem's file side by side (`?a=1&b=2`), for the staff of any course that sees the bank. */
export default async function CompareVersionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string; problemId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await params;
  const course = courseIdSchema.safeParse(raw.courseId);
  const problem = problemIdSchema.safeParse(raw.problemId);
  if (!course.success || !problem.success) notFound();
  const search = await searchParams;
  const comparison = await problemComparison(course.data, problem.data, search);
  if (!comparison) notFound();
  const { courseId, data } = comparison;
  const everyLine = search.all === "1";
  const t = await getTranslations("authoring.compare");
  const back = `/teach/courses/${courseId}/problems/${problem.data}`;
  const here = `${back}/compare?a=${data.a.version}&b=${data.b.version}`;
  const rows = everyLine ? data.diff.rows : withContext(data.diff.rows);
  const picker = (name: "a" | "b", value: number, label: string) => (
    <div>
      <label htmlFor={`compare-${name}`}>{label}</label>
      <select id={`compare-${name}`} name={name} defaultValue={value}>
        {data.versions.map((v) => (
          <option key={v} value={v}>
            {t("versionOption", { version: v })}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <p>
        <Link href={back}>← {t("back", { slug: data.slug })}</Link>
      </p>
      <h1>{t("heading", { title: data.title, a: data.a.version, b: data.b.version })}</h1>
      <form method="get" className="inline-form card">
        {picker("a", data.a.version, t("from"))}
        {picker("b", data.b.version, t("to"))}
        <button type="submit" className="button secondary">
          {t("button")}
        </button>
      </form>
      <p role="status" data-testid="compare-summary">
        {data.diff.identical ? t("identical") : t("summary", { added: data.diff.added, removed: data.diff.removed })}
      </p>
      <p>
        <Link href={everyLine ? here : `${here}&all=1`}>{everyLine ? t("changesOnly") : t("everyLine")}</Link>
      </p>
      <div className="table-wrap card">
        <table className="diff" data-testid="version-diff">
          <caption className="visually-hidden">{t("caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("line")}</th>
              <td>
                <strong>{t("versionHeading", { version: data.a.version })}</strong> · <LocalTime iso={data.a.createdAt.toISOString()} />
              </td>
              <th scope="col">{t("line")}</th>
              <td>
                <strong>{t("versionHeading", { version: data.b.version })}</strong> · <LocalTime iso={data.b.createdAt.toISOString()} />
              </td>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) =>
              row.kind === "skip" ? (
                <tr key={i} className="skip" data-kind="skip">
                  <td colSpan={4} className="muted">
                    {t("skipped", { lines: row.lines })}
                  </td>
                </tr>
              ) : (
                <tr key={i} className={row.kind} data-kind={row.kind}>
                  <th scope="row">{row.left?.line ?? ""}</th>
                  <td className="left">{row.left?.text ?? ""}</td>
                  <th scope="row">{row.right?.line ?? ""}</th>
                  <td className="right">{row.right?.text ?? ""}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
