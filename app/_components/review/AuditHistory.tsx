/** A submission's audit log: who did what and when, and each field it changed as "field: old → new". */
import { useTranslations } from "next-intl";
import { LocalTime } from "@/app/_components/LocalTime";
import { Table } from "@/app/_components/Table";
import { percent } from "./percent";
import type { AuditChange, AuditView } from "@/lib/review/submission-page";

const pct = (x: unknown) => (typeof x === "number" ? percent(x) : "—");

type Entry = Record<string, unknown> | null;

/** A stored id or version as text; anything else (absent, or not a plain value) as a dash. */
const plain = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "—");

/** Scores (stored as fractions) as percentages, other numbers to four decimals, text as written. */
function shownValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "number") return /score$/i.test(field) ? percent(v) : String(Number(v.toFixed(4)));
  return typeof v === "string" ? v : JSON.stringify(v);
}

// Stored ids (request, version, problem) say nothing a reader can use; the description names the part.
const readable = (c: AuditChange) => !/Id$/.test(c.field);

function Changes({ changes }: { changes: AuditChange[] }) {
  const t = useTranslations("review.audit");
  const shown = changes.filter(readable);
  if (shown.length === 0) return <span className="muted">—</span>;
  const label = (field: string) => (t.has(`field.${field}` as never) ? t(`field.${field}` as never) : field);
  return (
    <ul className="audit-changes" data-testid="audit-changes">
      {shown.map((c) => (
        <li key={c.field}>
          {label(c.field)}: {shownValue(c.field, c.from)} → {shownValue(c.field, c.to)}
        </li>
      ))}
    </ul>
  );
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
      case "submission.rubric-apply":
      case "submission.rubric-remove":
        return t(e.action === "submission.rubric-apply" ? "rubricApply" : "rubricRemove", {
          actor,
          part,
          comment: plain(after?.rubric),
          points: plain(after?.points),
          scoreFrom: pct(before?.score),
          scoreTo: pct(after?.score),
        });
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
        { header: t("changes"), cell: (e) => <Changes changes={e.changes} /> },
      ]}
    />
  );
}
