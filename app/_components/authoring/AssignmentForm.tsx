"use client";

/**
 * Creating or editing an assignment: its problems (from the shared bank) with points and order and
 * the version each is pinned to, its times (typed in the browser's own time zone, sent as UTC instants), attempts, late policy, release
 * policy, score rule and practice mode. The server checks everything again and answers per field.
 */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import Link from "next/link";
import type { AssignmentFormValues, BankChoice } from "@/lib/authoring/assignments";
import type { FieldErrors, Outcome } from "@/lib/validations/form-result";
import { FieldMessage, FormAlert, invalidProps, refusalCode, useErrorText } from "./form";

/** `pinned`: the version the assignment uses (null for a problem added in this form: it gets the latest). */
type Row = { problemId: string; points: string; submissions: number; pinned: number | null };

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as a datetime-local value in this browser's zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (read in this browser's zone) as an ISO instant; "" stays "", junk is sent as is for the server to refuse. */
export function fromLocalInput(local: string): string {
  if (!local.trim()) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

export function AssignmentForm({
  courseId,
  assignmentId,
  bank,
  initial,
  save,
}: {
  courseId: string;
  /** The assignment being edited (null for a new one): where moving a problem to a newer version is previewed. */
  assignmentId: string | null;
  bank: BankChoice[];
  initial: AssignmentFormValues | null;
  save: (input: unknown) => Promise<Outcome<unknown>>;
}) {
  const t = useTranslations("authoring.assignment");
  const common = useTranslations("authoring.common");
  const errorText = useErrorText();
  const router = useRouter();
  const byId = useMemo(() => new Map(bank.map((p) => [p.id, p])), [bank]);

  const [title, setTitle] = useState(initial?.title ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [rows, setRows] = useState<Row[]>(
    initial?.problems.map((p) => ({ problemId: p.problemId, points: String(p.points), submissions: p.submissions, pinned: p.version })) ?? [],
  );
  const [choice, setChoice] = useState("");
  const [opens, setOpens] = useState("");
  const [due, setDue] = useState("");
  const [attempts, setAttempts] = useState(initial?.maxAttempts === null || initial === null ? "" : String(initial.maxAttempts));
  const [latePolicy, setLatePolicy] = useState(initial?.latePolicy ?? "REFUSE");
  const [penalty, setPenalty] = useState(String(initial?.latePenaltyPercent ?? 20));
  const [lateUntil, setLateUntil] = useState("");
  const [release, setRelease] = useState(initial?.releasePolicy ?? "AFTER_DUE");
  const [scoreRule, setScoreRule] = useState(initial?.scoreRule ?? "BEST");
  const [practice, setPractice] = useState(initial?.practice ?? false);
  const [zone, setZone] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);

  // Times are shown in the browser's zone, which the server does not know: filled in after mounting.
  useEffect(() => {
    setZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
    if (initial) {
      setOpens(toLocalInput(initial.opensAt));
      setDue(toLocalInput(initial.dueAt));
      setLateUntil(toLocalInput(initial.lateUntil));
    } else {
      const start = new Date();
      start.setMinutes(0, 0, 0);
      start.setHours(start.getHours() + 1);
      const end = new Date(start.getTime() + 7 * 24 * 3600_000);
      end.setHours(23, 59, 0, 0);
      setOpens(toLocalInput(start.toISOString()));
      setDue(toLocalInput(end.toISOString()));
    }
  }, [initial]);

  const move = (i: number, delta: number) =>
    setRows((rs) => {
      const j = i + delta;
      if (j < 0 || j >= rs.length) return rs;
      const next = [...rs];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const input = {
      title,
      description,
      problems: rows.map((r) => ({ problemId: r.problemId, points: r.points })),
      opensAt: fromLocalInput(opens),
      dueAt: fromLocalInput(due),
      maxAttempts: attempts,
      latePolicy,
      latePenaltyPercent: latePolicy === "PENALTY" ? penalty : "",
      lateUntil: latePolicy === "REFUSE" ? "" : fromLocalInput(lateUntil),
      releasePolicy: release,
      scoreRule,
      practice,
    };
    try {
      const r = await save(input);
      if (r.status === "ok") {
        router.push(`/teach/courses/${courseId}`);
        router.refresh();
        return;
      }
      setErrors(r.status === "invalid" ? r.errors : { form: refusalCode(r.status) });
    } catch {
      setErrors({ form: { code: "generic" } });
    }
    setPending(false);
  }

  const err = (key: string) => errorText(errors[key]);
  const text = (id: string, label: string, value: string, set: (v: string) => void, type = "text", hint?: string) => {
    const error = err(id);
    return (
      <div>
        <label htmlFor={`a-${id}`}>{label}</label>
        <input id={`a-${id}`} type={type} value={value} onChange={(e) => set(e.target.value)} {...invalidProps(`a-${id}`, error)} />
        {hint ? <p className="hint">{hint}</p> : null}
        <FieldMessage id={`a-${id}-error`} error={error} />
      </div>
    );
  };
  const select = <V extends string>(id: string, label: string, value: V, set: (v: V) => void, options: readonly V[], hint?: string) => (
    <div>
      <label htmlFor={`a-${id}`}>{label}</label>
      <select id={`a-${id}`} value={value} onChange={(e) => set(e.target.value as V)} {...invalidProps(`a-${id}`, err(id))}>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`${id}Option.${o}` as never)}
          </option>
        ))}
      </select>
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldMessage id={`a-${id}-error`} error={err(id)} />
    </div>
  );

  const topics = [...new Set(bank.map((p) => p.topic))];
  const problemsError = err("problems");
  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="assignment-form">
      <FormAlert errors={errors} />
      <div className="form-grid">
        <div className="wide">{text("title", t("title"), title, setTitle)}</div>
        <div className="wide">
          <label htmlFor="a-description">{t("description")}</label>
          <textarea id="a-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} {...invalidProps("a-description", err("description"))} />
          <FieldMessage id="a-description-error" error={err("description")} />
        </div>
      </div>

      <fieldset className="plain" aria-describedby={problemsError ? "a-problems-error" : undefined}>
        <legend>{t("problems")}</legend>
        <p className="hint">{t("problemsHint")}</p>
        <p className="hint">{t("pinnedHint")}</p>
        {rows.length === 0 ? <p className="muted">{t("noProblems")}</p> : null}
        <ol className="problem-rows" data-testid="assignment-problems">
          {rows.map((row, i) => {
            const p = byId.get(row.problemId);
            const pointsError = err(`problems.${i}.points`);
            const idError = err(`problems.${i}.problemId`);
            return (
              <li key={row.problemId} className={pointsError || idError ? "has-error" : undefined} data-testid="assignment-problem" data-slug={p?.slug}>
                <span className="position" aria-hidden="true">
                  {i + 1}.
                </span>
                <div>
                  <strong>{p?.title ?? row.problemId}</strong>
                  <div className="hint" data-testid="pinned-version" data-version={row.pinned ?? p?.version}>
                    {p ? t("problemMeta", { slug: p.slug, version: row.pinned ?? p.version, topic: p.topic }) : null}
                    {p ? ` · ${p.owner === null ? t("ownerBank") : t("ownerCourse", { code: p.owner })}` : ""}
                    {p?.archived ? ` · ${t("archivedProblem")}` : ""}
                    {row.submissions ? ` · ${t("hasSubmissions", { count: row.submissions })}` : ""}
                  </div>
                  {p && row.pinned !== null && p.version > row.pinned ? (
                    <div className="hint" data-testid="newer-version">
                      {t("newerVersion", { latest: p.version })}{" "}
                      {assignmentId ? (
                        <Link href={`/teach/assignments/${assignmentId}/regrade?to=${row.problemId}:${p.version}`}>{t("moveToNewer", { latest: p.version })}</Link>
                      ) : null}
                    </div>
                  ) : null}
                  <FieldMessage id={`a-problems-${i}-id-error`} error={idError} />
                </div>
                <div>
                  <label htmlFor={`a-points-${i}`} className="small">
                    {t("points")}
                  </label>
                  <input
                    id={`a-points-${i}`}
                    type="text"
                    inputMode="decimal"
                    value={row.points}
                    onChange={(e) => setRows((rs) => rs.map((r, k) => (k === i ? { ...r, points: e.target.value } : r)))}
                    {...invalidProps(`a-points-${i}`, pointsError)}
                  />
                  <FieldMessage id={`a-points-${i}-error`} error={pointsError} />
                </div>
                <div className="row-buttons">
                  <button type="button" className="button secondary small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t("moveUp", { title: p?.title ?? "" })}>
                    ↑
                  </button>
                  <button type="button" className="button secondary small" onClick={() => move(i, 1)} disabled={i === rows.length - 1} aria-label={t("moveDown", { title: p?.title ?? "" })}>
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={row.submissions > 0}
                    title={row.submissions > 0 ? t("cannotRemove") : undefined}
                    aria-label={t("removeProblem", { title: p?.title ?? "" })}
                    onClick={() => setRows((rs) => rs.filter((_, k) => k !== i))}
                  >
                    ✕
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <FieldMessage id="a-problems-error" error={problemsError} />
        <div className="add-problem">
          <div>
            <label htmlFor="a-add-problem">{t("addProblem")}</label>
            <select id="a-add-problem" value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{t("chooseProblem")}</option>
              {topics.map((topic) => (
                <optgroup key={topic} label={topic}>
                  {bank
                    .filter((p) => p.topic === topic)
                    .map((p) => (
                      <option key={p.id} value={p.id} disabled={p.archived || rows.some((r) => r.problemId === p.id)}>
                        {p.title} ({p.slug}) · {p.owner === null ? t("ownerBank") : t("ownerCourse", { code: p.owner })}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button secondary"
            disabled={!choice}
            onClick={() => {
              if (!choice || rows.some((r) => r.problemId === choice)) return;
              setRows((rs) => [...rs, { problemId: choice, points: "10", submissions: 0, pinned: null }]);
              setChoice("");
            }}
          >
            {t("addButton")}
          </button>
        </div>
      </fieldset>

      <fieldset className="plain">
        <legend>{t("times")}</legend>
        <p className="hint" data-testid="time-zone">
          {zone ? t("timeZone", { zone }) : "\u00a0"}
        </p>
        <div className="form-grid">
          {text("opensAt", t("opensAt"), opens, setOpens, "datetime-local")}
          {text("dueAt", t("dueAt"), due, setDue, "datetime-local")}
        </div>
      </fieldset>

      <fieldset className="plain">
        <legend>{t("rules")}</legend>
        <div className="form-grid">
          {text("maxAttempts", t("maxAttempts"), attempts, setAttempts, "text", t("maxAttemptsHint"))}
          {select("scoreRule", t("scoreRule"), scoreRule, setScoreRule, ["BEST", "LATEST"] as const)}
          {select("releasePolicy", t("releasePolicy"), release, setRelease, ["IMMEDIATE", "AFTER_DUE", "NEVER"] as const, t("releasePolicyHint"))}
          {select("latePolicy", t("latePolicy"), latePolicy, setLatePolicy, ["REFUSE", "PENALTY", "ACCEPT"] as const)}
          {latePolicy === "PENALTY" ? text("latePenaltyPercent", t("latePenaltyPercent"), penalty, setPenalty, "text", t("latePenaltyHint")) : null}
          {latePolicy !== "REFUSE" ? text("lateUntil", t("lateUntil"), lateUntil, setLateUntil, "datetime-local", t("lateUntilHint")) : null}
          <div className="wide">
            <label className="choice">
              <input type="checkbox" checked={practice} onChange={(e) => setPractice(e.target.checked)} />
              {t("practice")}
            </label>
            <p className="hint">{t("practiceHint")}</p>
            <FieldMessage id="a-practice-error" error={err("practice")} />
          </div>
        </div>
      </fieldset>

      <div className="actions-row">
        <button className="button" type="submit" disabled={pending}>
          {pending ? common("saving") : initial ? common("save") : t("create")}
        </button>
        <a href={`/teach/courses/${courseId}`}>{common("cancel")}</a>
      </div>
    </form>
  );
}
