/** A submission's audit log: who did what and when, with the state before and after. */
import { useTranslations } from "next-intl";
import { LocalTime } from "@/app/_components/LocalTime";
import { Table } from "@/app/_components/Table";
import { percent } from "./percent";
import type { AuditView } from "@/lib/review/submission-page";

const pct = (x: unknown) => (typeof x === "number" ? percent(x) : "—");

type Entry = Record<string, unknown> | null;

/** A stored id or version as text; anything else (absent, or not a plain value) as a dash. */
const plain = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "—");

function compact(v: unknown): string {
  return v === null || v === undefined ? "—" : JSON.stringify(v, (_k: string, x: unknown) => (typeof x === "number" ? Number(x.toFixed(4)) : x));
}

export function AuditHistory({ entries }: { entries: AuditView[] }) {
  const t = useTranslations("review.audit");
  if (entries.length === 0) return <p className="muted">{t("empty")}</p>;
  const describe = (e: AuditView) => {
    const before = (e.before ?? null) as Entry;
    const after = (e.after ?? null) as Entry;
    const actor = e.actor ?? t("someone");
    const part = plain(after?.partId ?? before?.partId);
    switch (e.action) {
      case "submission.view":
        return t("view", { actor });
      case "submission.override":
        return t("override", {
          actor,
          part,
          from: pct(before?.partScore),
          to: pct(after?.partScore),
          scoreFrom: pct(before?.score),
          scoreTo: pct(after?.score),
        });
      case "regrade.request":
        return t("request", { actor, part });
      case "regrade.accept":
        return t("accept", { actor, part, from: pct(before?.partScore), to: pct(after?.partScore), scoreFrom: pct(before?.score), scoreTo: pct(after?.score) });
      case "regrade.decline":
        return t("decline", { actor, part });
      case "submission.regrade":
        return t("regrade", { actor, from: plain(before?.version), to: plain(after?.version), scoreFrom: pct(before?.score), scoreTo: pct(after?.score) });
      default:
        return t("other", { actor, action: e.action });
    }
  };
  return (
    <Table
      testId="audit-history"
      rows={entries}
      rowKey={(e) => e.id}
      rowProps={(e) => ({ "data-action": e.action })}
      columns={[
        { header: t("when"), cell: (e) => <LocalTime iso={e.at.toISOString()} /> },
        { header: t("what"), cell: (e) => describe(e) },
        { header: t("before"), cell: (e) => <code className="small">{compact(e.before)}</code> },
        { header: t("after"), cell: (e) => <code className="small">{compact(e.after)}</code> },
      ]}
    />
  );
}
