import Link from "next/link";
import { useTranslations } from "next-intl";

/** A problem's mistake message is a sentence or two; the filter's choice shows its start (the whole of it as the option's title). */
const OPTION_CHARS = 70;
const shorten = (message: string) => (message.length > OPTION_CHARS ? `${message.slice(0, OPTION_CHARS - 1).trimEnd()}…` : message);

/**
 * The queue's filters as a GET form (the URL holds them, so a filtered queue can be bookmarked), with
 * why any of the URL's filters were ignored.
 */
export function QueueFilterForm({
  assignmentId,
  values,
  issues,
  problems,
  mistakeCodes,
  order,
}: {
  assignmentId: string;
  /** The URL's filter values as typed, to refill the form. */
  values: Record<string, string | undefined>;
  /** Why the URL's filters did not parse; null when they did. */
  issues: readonly { message: string }[] | null;
  problems: readonly { id: string; title: string }[];
  /** The mistake filter's choices: a problem's own mistakes carry its message, the grader's are named by their code. */
  mistakeCodes: readonly { code: string; message: string | null }[];
  /** The order the table headers chose (when the URL's was valid), kept when the filters change. */
  order: { sort?: string; dir?: string };
}) {
  const t = useTranslations("review");
  const value = (k: string) => values[k] ?? "";
  return (
    <section className="card" aria-labelledby="filters-heading">
      <h2 id="filters-heading">{t("queue.filters")}</h2>
      {issues ? (
        <div className="alert error" role="alert" data-testid="filter-errors">
          <p>{t("queue.filtersIgnored")}</p>
          <ul>
            {issues.map((i, n) => (
              <li key={n}>{t.has(`errors.${i.message}`) ? t(`errors.${i.message}` as "errors.filter-score") : t("errors.bad-input")}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="get" className="queue-filters" data-testid="queue-filters">
        <div>
          <label htmlFor="f-problem">{t("queue.problem")}</label>
          <select id="f-problem" name="problem" defaultValue={value("problem")}>
            <option value="">{t("queue.allProblems")}</option>
            {problems.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-student">{t("queue.student")}</label>
          <input id="f-student" name="student" type="text" defaultValue={value("student")} />
        </div>
        <div>
          <label htmlFor="f-min">{t("queue.minScore")}</label>
          <input id="f-min" className="narrow" name="min" type="text" inputMode="decimal" defaultValue={value("min")} />
        </div>
        <div>
          <label htmlFor="f-max">{t("queue.maxScore")}</label>
          <input id="f-max" className="narrow" name="max" type="text" inputMode="decimal" defaultValue={value("max")} />
        </div>
        <div>
          <label htmlFor="f-mistake">{t("queue.mistake")}</label>
          <select id="f-mistake" name="mistake" defaultValue={value("mistake")}>
            <option value="">{t("queue.any")}</option>
            {mistakeCodes.map(({ code, message }) => (
              <option key={code} value={code} title={message ? `${message} (${code})` : code}>
                {message ? shorten(message) : t.has(`mistakes.names.${code}`) ? t(`mistakes.names.${code}` as "mistakes.names.sign-flip") : code}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-late">{t("queue.late")}</label>
          <select id="f-late" name="late" defaultValue={value("late")}>
            <option value="">{t("queue.any")}</option>
            <option value="yes">{t("queue.lateYes")}</option>
            <option value="no">{t("queue.lateNo")}</option>
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="requests" value="open" defaultChecked={value("requests") === "open"} /> {t("queue.requestsOnly")}
        </label>
        <div>
          <label htmlFor="f-status">{t("queue.statusFilter")}</label>
          <select id="f-status" name="status" defaultValue={value("status")}>
            <option value="">{t("queue.allStudents")}</option>
            <option value="submitted">{t("queue.submittedOnly")}</option>
            <option value="ungraded">{t("queue.ungradedOnly")}</option>
          </select>
        </div>
        {/* The order chosen by the table headers survives a change of filters. */}
        {order.sort ? <input type="hidden" name="sort" value={order.sort} /> : null}
        {order.dir ? <input type="hidden" name="dir" value={order.dir} /> : null}
        <div className="actions">
          <button type="submit" className="button">
            {t("queue.apply")}
          </button>{" "}
          <Link href={`/teach/assignments/${assignmentId}`}>{t("queue.clear")}</Link>
        </div>
      </form>
    </section>
  );
}
