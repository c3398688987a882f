"use client";

/**
 * Where a student works on one problem: every part's input, drafts saved as they type (on the server,
 * and in this browser when the server cannot be reached), submission, and the feedback of the last
 * attempt drawn on the parts themselves.
 */
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import {
  checkGraphAction,
  newVariantAction,
  saveDraftAction,
  submitAction,
  type SubmitResult,
} from "@/app/(student)/assignments/[assignmentId]/problems/[problemId]/actions";
import type { FieldView, PartSpecView, PartView, SubmissionView, UnreadableView } from "@/lib/assignments/view-types";
import { structureFromSource } from "@/lib/graph-view/structure";
import { answerText, type AnnotationEntries } from "@/lib/graph-view/fields";
import { AnnotatedGraph } from "../graph/AnnotatedGraph";
import { VERDICT_MARK } from "../graph/GraphCanvas";
import { AnswerField } from "./AnswerField";
import { ExpressionField } from "./ExpressionField";
import { GraphEditor } from "./GraphEditor";

type Answers = Record<string, unknown>;
type SaveState = "saved" | "saving" | "unsaved" | "offline";

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export interface ProblemWorkspaceProps {
  assignmentId: string;
  problemId: string;
  parts: PartSpecView[];
  initialAnswers: Answers;
  draftSavedAt: string | null;
  last: SubmissionView | null;
  canSubmit: boolean;
  closedMessage: string | null;
  attempts: { used: number; max: number | null };
  practice: boolean;
  /** Names this variant (not its seed): a draft kept in the browser belongs to one variant. */
  variantKey?: string;
  fileName: string;
  /** A past attempt shown as it was: nothing can be typed, saved or submitted. */
  readOnly?: boolean;
}

function storageKey(assignmentId: string, problemId: string, variantKey: string) {
  return `chainrule:draft:${assignmentId}:${problemId}:${variantKey}`;
}

/**
 * The parts' feedback after a submission sent back unread: each unreadable answer marked with why,
 * as part views that carry nothing else (no verdict of any other answer, no score).
 */
function unreadableFeedback(specs: readonly PartSpecView[], items: readonly UnreadableView[]): Map<string, PartView> {
  const out = new Map<string, PartView>();
  for (const spec of specs) {
    const mine = items.filter((u) => u.part === spec.id);
    if (mine.length === 0) continue;
    const base = { id: spec.id, points: spec.points, score: 0, verdict: "invalid" as const };
    const field = (u: UnreadableView): FieldView => ({
      node: u.node ?? "",
      field: u.field ?? "value",
      from: u.from,
      verdict: "invalid",
      message: u.message,
      diagnosis: null,
      given: null,
    });
    switch (spec.kind) {
      case "numeric":
      case "vector":
        out.set(spec.id, { ...base, kind: spec.kind, field: field(mine[0]!) });
        break;
      case "expression":
        out.set(spec.id, { ...base, kind: "expression", message: mine[0]!.message, counterexample: null });
        break;
      case "graph-construction": {
        const u = mine[0]!;
        out.set(spec.id, {
          ...base,
          kind: "graph-construction",
          message: u.message,
          equivalent: null,
          detailed: null,
          violations: [],
          missing: [],
          error: { message: u.message, line: u.line, column: u.column },
        });
        break;
      }
      case "graph-annotation":
        out.set(spec.id, { ...base, kind: "graph-annotation", fields: mine.map(field), structure: null, message: null });
        break;
    }
  }
  return out;
}

function PartVerdictBadge({ part }: { part: PartView }) {
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

export function ProblemWorkspace(props: ProblemWorkspaceProps) {
  const { assignmentId, problemId, parts, readOnly, draftSavedAt } = props;
  const variantKey = props.variantKey ?? "";
  const t = useTranslations("problem");
  const router = useRouter();
  const [answers, setAnswers] = useState<Answers>(props.initialAnswers);
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const [result, setResult] = useState<SubmitResult | null>(null);
  const [pending, startTransition] = useTransition();
  const [checks, setChecks] = useState<Record<string, { source: string; part: PartView }>>({});
  const [checking, setChecking] = useState<string | null>(null);
  /** Why the last "Check my graph" of a part was refused (a rate limit, or anything else). */
  const [checkRefusals, setCheckRefusals] = useState<Record<string, string>>({});
  const dirty = useRef(false);
  /** Parsed own graphs by source: parsing runs on every render otherwise, which a large graph makes slow. */
  const ownGraphs = useRef(new Map<string, ReturnType<typeof structureFromSource>>());

  // A newer copy kept in this browser (the server could not be reached) wins over the server's draft.
  useEffect(() => {
    if (readOnly) return;
    try {
      const kept = JSON.parse(localStorage.getItem(storageKey(assignmentId, problemId, variantKey)) ?? "null") as { at: string; answers: Answers } | null;
      if (kept && (!draftSavedAt || kept.at > draftSavedAt)) {
        setAnswers(kept.answers);
        dirty.current = true;
        setSaveState("unsaved");
      }
    } catch {
      // unreadable local copy: ignore
    }
  }, [assignmentId, problemId, variantKey, draftSavedAt, readOnly]);

  const save = useCallback(
    async (current: Answers) => {
      setSaveState("saving");
      const at = new Date().toISOString();
      try {
        localStorage.setItem(storageKey(assignmentId, problemId, variantKey), JSON.stringify({ at, answers: current }));
      } catch {
        // storage full or disabled: the server copy is what counts
      }
      try {
        const r = await saveDraftAction({ assignmentId, problemId, answers: current });
        setSaveState(r.ok ? "saved" : "offline");
        if (r.ok) dirty.current = false;
      } catch {
        setSaveState("offline");
      }
    },
    [assignmentId, problemId, variantKey],
  );

  useEffect(() => {
    if (!dirty.current || readOnly) return;
    const timer = setTimeout(() => void save(answers), 700);
    return () => clearTimeout(timer);
  }, [answers, save, readOnly]);

  const setAnswer = (partId: string, value: unknown) => {
    dirty.current = true;
    setSaveState("unsaved");
    setAnswers((a) => ({ ...a, [partId]: value }));
  };

  // After a submission sent back unread, only the unreadable answers are marked: nothing else was graded.
  const unreadable = result?.ok && result.status === "invalid" ? result.unreadable : null;
  const gradedParts: PartView[] | null = result?.ok && result.status === "graded" ? result.view.parts : (props.last?.parts ?? null);
  const partFeedback = useMemo(
    () => (unreadable ? unreadableFeedback(parts, unreadable) : new Map((gradedParts ?? []).map((p) => [p.id, p] as const))),
    [unreadable, gradedParts, parts],
  );
  const lastGraded = useMemo(() => new Map((gradedParts ?? []).map((p) => [p.id, p] as const)), [gradedParts]);

  function submit() {
    startTransition(async () => {
      const r = await submitAction({ assignmentId, problemId, answers });
      setResult(r);
      if (r.ok) {
        dirty.current = false;
        setSaveState("saved");
      }
      if (r.ok && r.status === "graded") router.refresh();
    });
  }

  async function checkGraph(partId: string) {
    const source = answerText(answers[partId]);
    setChecking(partId);
    try {
      const r = await checkGraphAction({ assignmentId, problemId, partId, source });
      if (r.ok) setChecks((c) => ({ ...c, [partId]: { source, part: r.part } }));
      const refusal = r.ok
        ? ""
        : r.limit !== undefined
          ? t("editor.checkRateLimited", { limit: r.limit, seconds: r.retryAfterSeconds ?? 60 })
          : t("editor.checkFailed");
      setCheckRefusals((c) => ({ ...c, [partId]: refusal }));
    } finally {
      setChecking(null);
    }
  }

  /** The graph a student may annotate for a part on their own graph: once checked equivalent and detailed. */
  function ownStructure(constructionId: string) {
    const source = answerText(answers[constructionId]);
    const check = checks[constructionId];
    const fromLast = lastGraded.get(constructionId);
    const ok =
      (check && check.source === source && check.part.verdict === "correct") ||
      (!check && fromLast?.kind === "graph-construction" && fromLast.verdict === "correct" && source === answerText(props.initialAnswers[constructionId]));
    if (!ok) return null;
    let s = ownGraphs.current.get(source);
    if (!s) {
      if (ownGraphs.current.size >= 4) ownGraphs.current.clear();
      ownGraphs.current.set(source, (s = structureFromSource(source)));
    }
    return s.ok ? s.structure : null;
  }

  const summary = result?.ok && result.status === "graded" ? result.view : props.last;

  return (
    <div className="workspace">
      {parts.map((part, index) => {
        const fb = partFeedback.get(part.id);
        return (
          <section key={part.id} className="card part" aria-labelledby={`part-${part.id}-title`} data-testid={`part-${part.id}`}>
            <h2 id={`part-${part.id}-title`}>
              {t("part", { n: index + 1 })} <span className="muted">· {t("points", { points: part.points })}</span>
            </h2>
            <div className="prose" dangerouslySetInnerHTML={{ __html: part.promptHtml }} />
            {part.precision ? (
              <p className="muted small precision" data-testid={`precision-${part.id}`}>
                {part.precision}
              </p>
            ) : null}
            {fb ? <PartVerdictBadge part={fb} /> : null}
            {part.kind === "numeric" || part.kind === "vector" ? (
              <AnswerField
                label={t("answerLabel")}
                value={answerText(answers[part.id])}
                onChange={(v) => setAnswer(part.id, v)}
                feedback={fb && (fb.kind === "numeric" || fb.kind === "vector") ? fb.field : undefined}
                testId={`answer-${part.id}`}
                disabled={props.readOnly}
              />
            ) : null}
            {part.kind === "expression" ? (
              <ExpressionField
                value={answerText(answers[part.id])}
                variables={part.variables ?? []}
                onChange={(v) => setAnswer(part.id, v)}
                message={fb && fb.kind === "expression" ? fb.message : null}
                testId={`answer-${part.id}`}
                disabled={props.readOnly}
              />
            ) : null}
            {part.kind === "graph-construction" ? (
              <>
                <GraphEditor
                  partId={part.id}
                  value={answers[part.id] == null ? (part.starter ?? "") : answerText(answers[part.id])}
                  onChange={(v) => setAnswer(part.id, v)}
                  ban={part.ban ?? []}
                  disabled={props.readOnly}
                />
                {props.readOnly ? null : (
                  <button type="button" className="button secondary" disabled={checking === part.id} onClick={() => void checkGraph(part.id)}>
                    {checking === part.id ? t("editor.checking") : t("editor.check")}
                  </button>
                )}
                {checkRefusals[part.id] ? (
                  <p className="alert error" data-testid={`check-refused-${part.id}`} role="alert">
                    {checkRefusals[part.id]}
                  </p>
                ) : null}
                {(() => {
                  const shown = checks[part.id]?.part ?? fb;
                  return shown && shown.kind === "graph-construction" ? (
                    <p className={`feedback ${shown.verdict}`} data-testid={`construction-${part.id}`} role="status">
                      <span aria-hidden="true">{shown.verdict === "blocked" ? "…" : VERDICT_MARK[shown.verdict]}</span> {shown.message}
                    </p>
                  ) : null;
                })()}
              </>
            ) : null}
            {part.kind === "graph-annotation" ? (
              (() => {
                const own = fb && fb.kind === "graph-annotation" && props.readOnly ? fb.structure : null;
                const structure = part.graph === "reference" ? part.structure : (own ?? (part.graph ? ownStructure(part.graph) : null));
                if (!structure) return <p className="muted">{t("editor.lockedAnnotation")}</p>;
                return (
                  <AnnotatedGraph
                    partId={part.id}
                    structure={structure}
                    fields={part.fields ?? []}
                    nodes={part.graph === "reference" ? part.nodes : undefined}
                    entries={(answers[part.id] as AnnotationEntries | undefined) ?? { nodes: {} }}
                    onChange={(e) => setAnswer(part.id, e)}
                    feedback={fb && fb.kind === "graph-annotation" ? fb.fields : undefined}
                    fileName={`${props.fileName}-${part.id}`}
                    readOnly={props.readOnly}
                  />
                );
              })()
            ) : null}
            {fb && fb.kind === "graph-annotation" && fb.message ? <p className="muted">{fb.message}</p> : null}
            {part.hintsHtml.length ? (
              <details className="hints" open>
                <summary>{t("hints")}</summary>
                {part.hintsHtml.map((h, i) => (
                  <div key={i} className="prose" dangerouslySetInnerHTML={{ __html: h }} />
                ))}
              </details>
            ) : null}
          </section>
        );
      })}

      {props.readOnly ? (
        summary ? (
          <p className="result-summary" data-testid="result-summary">
            {t("result", { attempt: summary.attempt ?? 0, score: pct(summary.score) })}
            {summary.late ? ` ${t("resultLate", { percent: Math.round(summary.latePenalty * 100) })}` : ""}
          </p>
        ) : null
      ) : (
      <section className="card submit-bar" aria-label={t("submit")}>
        <p className="muted small" role="status" data-testid="save-state">
          {t(`saveState.${saveState}`)}
        </p>
        {result && !result.ok ? (
          <p className="alert error" data-testid="submit-refused">
            {t(`refused.${result.reason as "closed"}`, { message: result.message ?? "", limit: result.limit ?? 0, seconds: result.retryAfterSeconds ?? 0 })}
          </p>
        ) : null}
        {result?.ok && result.status === "invalid" ? (
          <p className="alert error" data-testid="submit-invalid">
            {t("invalidNotCounted")}
          </p>
        ) : null}
        {summary ? (
          <p className="result-summary" data-testid="result-summary">
            {t("result", { attempt: summary.attempt ?? 0, score: pct(summary.score) })}
            {summary.late ? ` ${t("resultLate", { percent: Math.round(summary.latePenalty * 100) })}` : ""}
          </p>
        ) : null}
        {props.closedMessage ? <p className="alert error">{props.closedMessage}</p> : null}
        {props.canSubmit ? (
          <p className="muted small">
            {props.attempts.max === null ? t("unlimited") : t("attemptsLeft", { left: Math.max(0, props.attempts.max - props.attempts.used - 1) })}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" className="button" disabled={!props.canSubmit || pending} onClick={submit} data-testid="submit">
            {pending ? t("submitting") : t("submit")}
          </button>
          {props.practice ? (
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                if (!window.confirm(t("newVariantConfirm"))) return;
                startTransition(async () => {
                  const r = await newVariantAction({ assignmentId, problemId });
                  if (r.ok) {
                    localStorage.removeItem(storageKey(assignmentId, problemId, variantKey));
                    window.location.reload();
                  }
                });
              }}
            >
              {t("newVariant")}
            </button>
          ) : null}
        </div>
      </section>
      )}
    </div>
  );
}
