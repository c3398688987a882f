import { getTranslations } from "next-intl/server";
import type { RulesView } from "@/lib/dal/student";
import { LocalTime } from "@/app/_components/LocalTime";
import { utcMoment } from "./utc-moment";

/** Due date, late policy, attempts and practice mode, as a student needs to know them. */
export async function RulesSummary({ assignment }: { assignment: RulesView }) {
  const t = await getTranslations("assignment");
  const until = assignment.lateUntil ? await utcMoment(assignment.lateUntil) : "";
  const policy =
    assignment.latePolicy === "REFUSE"
      ? t("latePolicy.REFUSE")
      : assignment.latePolicy === "PENALTY"
        ? assignment.lateUntil
          ? t("latePolicy.PENALTY", { until, percent: assignment.latePenaltyPercent })
          : t("latePolicy.PENALTY_NO_LIMIT", { percent: assignment.latePenaltyPercent })
        : assignment.lateUntil
          ? t("latePolicy.ACCEPT", { until })
          : t("latePolicy.ACCEPT_NO_LIMIT");
  return (
    <ul className="rules" data-testid="rules">
      <li>
        {t("due")}: <LocalTime iso={assignment.dueAt.toISOString()} relative />
      </li>
      <li>{t("late", { policy })}</li>
      {assignment.practice ? <li>{t("practice")}</li> : null}
    </ul>
  );
}
