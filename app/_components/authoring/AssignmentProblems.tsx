"use client";

/**
 * The assignment's problems: each with its points, its order, the version it is pinned to (and a link
 * to move to a newer one), and the picker that adds a problem from the shared bank.
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo, useState, type Dispatch, type SetStateAction } from "react";
import type { BankChoice } from "@/lib/authoring/assignments";
import { defaultEntryPoints } from "@/lib/validations/assignment";
import { FieldMessage, invalidProps } from "./form";

/** `pinned`: the version the assignment uses (null for a problem added in this form: it gets the latest). */
export type ProblemRow = { problemId: string; points: string; submissions: number; pinned: number | null };

export function AssignmentProblems({
  assignmentId,
  bank,
  rows,
  setRows,
  err,
}: {
  assignmentId: string | null;
  bank: BankChoice[];
  rows: ProblemRow[];
  setRows: Dispatch<SetStateAction<ProblemRow[]>>;
  /** The error text for a field key (`problems`, `problems.<i>.points`, …), if any. */
  err: (key: string) => string | null;
}) {
  const t = useTranslations("authoring.assignment");
  const byId = useMemo(() => new Map(bank.map((p) => [p.id, p])), [bank]);
  const move = (i: number, delta: number) =>
    setRows((rs) => {
      const j = i + delta;
      if (j < 0 || j >= rs.length) return rs;
      const next = [...rs];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  const problemsError = err("problems");
  return (
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
                      <Link href={`/teach/assignments/${assignmentId}/regrade?to=${row.problemId}:${p.version}`}>
                        {t("moveToNewer", { latest: p.version })}
                      </Link>
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
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => move(i, -1)}
                  disabled={i === 0}
                  aria-label={t("moveUp", { title: p?.title ?? "" })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => move(i, 1)}
                  disabled={i === rows.length - 1}
                  aria-label={t("moveDown", { title: p?.title ?? "" })}
                >
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
      <AddProblem
        bank={bank}
        rows={rows}
        onAdd={(problemId) => setRows((rs) => [...rs, { problemId, points: defaultPoints(byId.get(problemId)), submissions: 0, pinned: null }])}
      />
    </fieldset>
  );
}

/** A new entry is worth what its parts are worth together (the same default as "Add to assignment" on a problem's page). */
function defaultPoints(p: BankChoice | undefined): string {
  return String(defaultEntryPoints(p?.points ?? 0));
}

/** The bank by topic; a problem already on the assignment, or archived, cannot be chosen. */
function AddProblem({ bank, rows, onAdd }: { bank: BankChoice[]; rows: ProblemRow[]; onAdd: (problemId: string) => void }) {
  const t = useTranslations("authoring.assignment");
  const [choice, setChoice] = useState("");
  const topics = [...new Set(bank.map((p) => p.topic))];
  return (
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
          onAdd(choice);
          setChoice("");
        }}
      >
        {t("addButton")}
      </button>
    </div>
  );
}
