import { useTranslations } from "next-intl";
import type { PartView, SubmissionView } from "@/lib/assignments/view-types";
import { VERDICT_MARK } from "@/app/_components/graph/GraphCanvas";

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** A part's verdict and score (with a staff override, if any); an unread answer has no score. */
export function PartVerdictBadge({ part }: { part: PartView }) {
  const t = useTranslations("problem");
  const mark = part.verdict === "blocked" ? "…" : VERDICT_MARK[part.verdict];
  if (part.verdict === "invalid") {
    // Unread: no score to show.
    return (
      <p className={`part-result ${part.verdict}`} data-testid={`part-result-${part.id}`} data-verdict={part.verdict}>
        <span aria-hidden="true">{mark}</span> {t("verdict.invalid")}
      </p>
    );
  }
  return (
    <p className={`part-result ${part.verdict}`} data-testid={`part-result-${part.id}`} data-verdict={part.verdict}>
      <span aria-hidden="true">{mark}</span> {t(`verdict.${part.verdict}`)} · {pct(part.score)} × {part.points}
      {part.override ? <span className="override"> — {t("overridden", { score: pct(part.override.score), comment: part.override.comment })}</span> : null}
    </p>
  );
}

/** What a graph-construction check (or the last grading) said about the student's graph. */
export function ConstructionFeedback({ partId, part }: { partId: string; part: PartView | undefined }) {
  if (!part || part.kind !== "graph-construction") return null;
  return (
    <p className={`feedback ${part.verdict}`} data-testid={`construction-${partId}`} role="status">
      <span aria-hidden="true">{part.verdict === "blocked" ? "…" : VERDICT_MARK[part.verdict]}</span> {part.message}
    </p>
  );
}

/** "Attempt 2: 75%", and the late penalty when there was one. */
export function ResultSummary({ summary }: { summary: SubmissionView }) {
  const t = useTranslations("problem");
  return (
    <p className="result-summary" data-testid="result-summary">
      {t("result", { attempt: summary.attempt ?? 0, score: pct(summary.score) })}
      {summary.late ? ` ${t("resultLate", { percent: Math.round(summary.latePenalty * 100) })}` : ""}
    </p>
  );
}
