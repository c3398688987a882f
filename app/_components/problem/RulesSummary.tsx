import { getTranslations } from "next-intl/server";
import type { RulesView } from "@/lib/dal/student";
import { LocalTime } from "@/app/_components/LocalTime";
import { closesAt } from "@/lib/assignments/rules";

/**
 * An assignment's rules as a student needs them before they matter: the due date, the late policy,
 * which attempt counts, how many attempts there are (and, on a problem's page, how many are left),
 * when reference answers and the solution are shown, and practice mode. Every moment is shown in the
 * reader's own time zone (LocalTime).
 */
export async function RulesSummary({ assignment, attempts }: { assignment: RulesView; attempts?: { used: number } }) {
  const t = await getTranslations("assignment");
  const moment = (date: Date) => () => <LocalTime iso={date.toISOString()} />;
  const percent = assignment.latePenaltyPercent;
  const late =
    assignment.latePolicy === "REFUSE"
      ? t("latePolicy.REFUSE")
      : assignment.latePolicy === "PENALTY"
        ? assignment.lateUntil
          ? t.rich("latePolicy.PENALTY", { until: moment(assignment.lateUntil), percent })
          : t("latePolicy.PENALTY_NO_LIMIT", { percent })
        : assignment.lateUntil
          ? t.rich("latePolicy.ACCEPT", { until: moment(assignment.lateUntil) })
          : t("latePolicy.ACCEPT_NO_LIMIT");
  // Shown once no more work is accepted (lib/assignments/rules.ts mayRevealAnswers): at the due date
  // when late work is refused, at the end of late work when it has one, else after the due date.
  const revealAt = closesAt(assignment) ?? assignment.dueAt;
  const max = assignment.maxAttempts;
  return (
    <ul className="rules" data-testid="rules">
      <li>
        {t("due")}: <LocalTime iso={assignment.dueAt.toISOString()} relative />
      </li>
      <li data-rule="late">
        {t("lateLabel")}: {late}
      </li>
      <li data-rule="counts">{t(assignment.scoreRule === "LATEST" ? "rules.countsLatest" : "rules.countsBest")}</li>
      <li data-rule="attempts">
        {max === null
          ? t("rules.attemptsUnlimited")
          : attempts
            ? t("rules.attemptsLeft", { max, left: Math.max(0, max - attempts.used) })
            : t("rules.attempts", { max })}
      </li>
      <li data-rule="solutions">
        {assignment.releasePolicy === "AFTER_DUE"
          ? t.rich("rules.solutions.AFTER_DUE", { at: moment(revealAt) })
          : t(assignment.releasePolicy === "IMMEDIATE" ? "rules.solutions.IMMEDIATE" : "rules.solutions.NEVER")}
      </li>
      {assignment.practice ? <li>{t("practice")}</li> : null}
    </ul>
  );
}
