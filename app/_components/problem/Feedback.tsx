import { useTranslations } from "next-intl";
import type { PartView, SubmissionView } from "@/lib/assignments/view-types";
import { VERDICT_MARK } from "@/app/_components/graph/GraphCanvas";

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Points with at most one decimal: 97.1 % of 6 points reads 5.8. */
export const pointsNumber = (x: number) => String(Math.round(x * 10) / 10);

/**
 * A part's result in points ("✗ 5.8 / 6 points"); the verdict stays as text for screen readers, and
 * shows only when it says more than the points (a blank answer is "Missing", not "Wrong"). A staff
 * override is the headline, with its comment; what the grader said is a line below it. An unread
 * answer has no score.
 */
export function PartVerdictBadge({ part }: { part: PartView }) {
  const t = useTranslations("problem");
  const mark = part.verdict === "blocked" ? "…" : VERDICT_MARK[part.verdict];
  const common = { "data-testid": `part-result-${part.id}`, "data-verdict": part.verdict };
  if (part.verdict === "invalid") {
    // Unread: no score to show.
    return (
      <p className={`part-result ${part.verdict}`} {...common}>
        <span aria-hidden="true">{mark}</span> {t("verdict.invalid")}
      </p>
    );
  }
  const verdict = t(`verdict.${part.verdict}`);
  const shown = part.verdict === "missing" || part.verdict === "blocked";
  const verdictText = shown ? <>{verdict} · </> : <span className="visually-hidden">{verdict}: </span>;
  if (part.override) {
    return (
      <div {...common} data-overridden="yes">
        <p className="part-result override-headline" data-testid={`part-override-${part.id}`}>
          <span aria-hidden="true">✎</span>{" "}
          {t("overridden", {
            score: t("partPoints", { earned: pointsNumber(part.override.score * part.points), points: part.points }),
            comment: part.override.comment,
          })}
        </p>
        <p className="muted small" data-testid={`part-graded-${part.id}`}>
          {t("gradedAutomatically")} <span aria-hidden="true">{mark}</span> {verdict}
        </p>
      </div>
    );
  }
  return (
    <p className={`part-result ${part.verdict}`} {...common}>
      <span aria-hidden="true">{mark}</span> {verdictText}
      {t("partPoints", { earned: pointsNumber(part.score * part.points), points: part.points })}
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

/**
 * "Attempt 2: 75%", and the late penalty when there was one. Once staff changed a part's score, the
 * headline is the final score in points, with their comments under it: that is what counts now.
 */
export function ResultSummary({ summary }: { summary: SubmissionView }) {
  const t = useTranslations("problem");
  const late = summary.late ? ` ${t("resultLate", { percent: Math.round(summary.latePenalty * 100) })}` : "";
  const overridden = summary.parts.map((part, index) => ({ part, n: index + 1 })).filter(({ part }) => part.override);
  if (overridden.length === 0) {
    return (
      <p className="result-summary" data-testid="result-summary">
        {t("result", { attempt: summary.attempt ?? 0, score: pct(summary.score) })}
        {late}
      </p>
    );
  }
  const possible = summary.parts.reduce((sum, p) => sum + p.points, 0);
  return (
    <div data-testid="result-final">
      <p className="result-summary" data-testid="result-summary">
        {t("resultFinal", {
          attempt: summary.attempt ?? 0,
          score: `${t("partPoints", { earned: pointsNumber(summary.score * possible), points: possible })} (${pct(summary.score)})`,
        })}
        {late}
      </p>
      <ul className="staff-comments" data-testid="staff-comments">
        {overridden.map(({ part, n }) => (
          <li key={part.id}>{t("staffComment", { part: n, comment: part.override!.comment })}</li>
        ))}
      </ul>
    </div>
  );
}
