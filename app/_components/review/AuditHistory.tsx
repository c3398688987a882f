/** A submission's audit log: who did what and when, with the state before and after. */
import { useTranslations } from "next-intl";
import { LocalTime } from "@/app/_components/LocalTime";
import type { AuditView } from "@/lib/review/submission-page";

const pct = (x: unknown) => (typeof x === "number" ? `${Math.round(x * 1000) / 10}%` : "—");

type Entry = Record<string, unknown> | null;

function compact(v: unknown): string {
  return v === null || v === undefined ? "—" : JSON.stringify(v, (_k, x) => (typeof x === "number" ? Number(x.toFixed(4)) : x));
}

export function AuditHistory({ entries }: { entries: AuditView[] }) {
  const t = useTranslations("review.audit");
  if (entries.length === 0) return <p className="muted">{t("empty")}</p>;
  const describe = (e: AuditView) => {
    const before = (e.before ?? null) as Entry;
    const after = (e.after ?? null) as Entry;
    const actor = e.actor ?? t("someone");
    const part = String(after?.partId ?? before?.partId ?? "—");
    switch (e.action) {
      case "submission.view":
        return t("view", { actor });
      case "submission.override":
        return t("override", { actor, part, from: pct(before?.partScore), to: pct(after?.partScore), scoreFrom: pct(before?.score), scoreTo: pct(after?.score) });
      case "regrade.request":
        return t("request", { actor, part });
      case "regrade.accept":
        return t("accept", { actor, part, from: pct(before?.partScore), to: pct(after?.partScore), scoreFrom: pct(before?.score), scoreTo: pct(after?.score) });
      case "regrade.decline":
        return t("decline", { actor, part });
      case "submission.regrade":
        return t("regrade", { actor, from: String(before?.version ?? "—"), to: String(after?.version ?? "—"), scoreFrom: pct(before?.score), scoreTo: pct(after?.score) });
      default:
        return t("other", { actor, action: e.action });
    }
  };
  return (
    <div className="table-wrap">
      <table data-testid="audit-history">
        <thead>
          <tr>
            <th scope="col">{t("when")}</th>
            <th scope="col">{t("what")}</th>
            <th scope="col">{t("before")}</th>
            <th scope="col">{t("after")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-action={e.action}>
              <td>
                <LocalTime iso={e.at.toISOString()} />
              </td>
              <td>{describe(e)}</td>
              <td>
                <code className="small">{compact(e.before)}</code>
              </td>
              <td>
                <code className="small">{compact(e.after)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
