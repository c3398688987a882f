/**
 * What a student's browser may receive about a problem and their submissions. Reference values are
 * copied in only when `reveal` is true (the release policy allows it); everything else (verdicts,
 * named mistakes, messages) is always theirs to see. One exception, as STACK gives it: a wrong
 * formula's value at its test point, once the submission used an attempt.
 */
import {
  describe,
  describeReadError,
  distinctValues,
  render,
  shortNumber,
  type ExpressionCheck,
  type ExpressionDiagnosis,
  type FieldResult,
  type Locale,
  type MissingQuantity,
} from "@/lib/grading";
import { displayValue, formatNumber } from "@/lib/grading/format";
import { graphIdentity } from "@/lib/graph-view/structure";
import type { PartResult, Unreadable } from "@/lib/problems/grade";
import { precisionText } from "@/lib/problems/precision";
import { textIn } from "@/lib/problems/schema";
import { interpolate, renderMarkdown } from "@/lib/problems/statement";
import { structureOf } from "@/lib/graph-view/structure";
import { graphErrorMessage, graphErrorText } from "@/lib/i18n/graph-errors";
import type { CompiledProblem, Variant } from "@/lib/problems/variant";
import type { FieldView, PartSpecView, PartView, SubmissionView, UnreadableView } from "./view-types";
import { partScore } from "./rules";

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function renderText(text: Parameters<typeof textIn>[0], locale: string, variant: Variant): string {
  return renderMarkdown(interpolate(textIn(text, locale), variant.parameters));
}

/** The parts as the problem page shows them: prompts, what is asked, and hints already earned. */
export function partSpecViews(problem: CompiledProblem, variant: Variant, locale: string, unlockedHints: ReadonlySet<string>): PartSpecView[] {
  return problem.file.parts.map((part) => {
    const base: PartSpecView = {
      id: part.id,
      kind: part.kind,
      points: part.points,
      promptHtml: renderText(part.prompt, locale, variant),
      hintsHtml: unlockedHints.has(part.id) ? (part.hints ?? []).map((h) => renderText(h, locale, variant)) : [],
    };
    const precision = precisionText(problem.file, part, locale as Locale);
    if (precision !== null) base.precision = precision;
    switch (part.kind) {
      case "graph-annotation":
        return {
          ...base,
          fields: [...part.fields],
          graph: part.graph,
          ...(part.nodes ? { nodes: [...part.nodes] } : {}),
          ...(part.graph === "reference" ? { structure: structureOf(variant.graph) } : {}),
        };
      case "graph-construction":
        return { ...base, ban: [...part.ban], ...(part.starter !== undefined ? { starter: part.starter } : {}) };
      case "expression":
        return { ...base, variables: [...part.variables] };
      default:
        return base;
    }
  });
}

function fieldView(r: FieldResult, locale: Locale, reveal: boolean): FieldView {
  return {
    node: r.node,
    field: r.field,
    from: r.from,
    verdict: r.verdict,
    message: describe(r, locale),
    diagnosis: r.diagnosis?.code ?? null,
    given: r.given,
    ...(reveal ? { expected: r.expected } : {}),
  };
}

/** The missing quantities' labels in the student's language (a result stored before labels existed has none). */
function missingViews(missing: readonly MissingQuantity[] | undefined, locale: Locale): { node: string; label: string }[] {
  return (missing ?? []).map((m) => ({ node: m.node, label: m.label ? ((locale === "zh-CN" ? m.label["zh-CN"] : undefined) ?? m.label.en) : m.node }));
}

function formatPoint(at: Record<string, unknown> | null): string {
  if (!at) return "";
  return Object.entries(at)
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(", ");
}

function round(x: unknown): string {
  if (typeof x === "number") return formatNumber(x);
  return JSON.stringify(displayValue(x));
}

/** Why a formula could not be read and where, in the student's language (results stored before reasons were kept carry English only). */
function unreadableFormula(error: Extract<ExpressionCheck, { ok: false }>["error"], locale: Locale): string {
  if (error.issue) return describeReadError({ issue: error.issue, column: error.column }, locale);
  return error.message.replace(/^given: /, "").replace(/^could not read (?:the answer|`[\s\S]*`): /, "");
}

/** What the student did, when a rewrite of the expected formula matched theirs. */
function formulaMistake(d: ExpressionDiagnosis, t: Translate): string | null {
  switch (d.code) {
    case "wrong-log-base":
      return t("feedback.expressionMistake.wrong-log-base", { base: d.params.base ?? 10 });
    case "mean-vs-sum":
      return t(d.params.used === "sum" ? "feedback.expressionMistake.mean-vs-sum-sum" : "feedback.expressionMistake.mean-vs-sum-mean", { n: d.params.n ?? 2 });
    case "no-softmax":
    case "sign-flip":
      return t(`feedback.expressionMistake.${d.code}`);
    default:
      return null;
  }
}

export type Override = { partId: string; score: number; comment: string; by: string | null; at: Date };
/** A rubric item applied to a submission (lib/review/rubric.ts), as the student reads it. */
export type AppliedRubric = { partId: string; text: string; points: number };

/**
 * A stored grading result, for the student who made it (or staff, with reveal). `attemptUsed`: the
 * results are of a submission that used an attempt (a stored one, or one just graded), not of answers
 * sent back unreadable; only then does a wrong formula's message show the expected value at its test
 * point.
 */
export function partViews(
  parts: readonly PartResult[],
  opts: {
    locale: Locale;
    reveal: boolean;
    t: Translate;
    overrides?: readonly Override[];
    rubric?: readonly AppliedRubric[];
    attemptUsed?: boolean;
    /** The answers graded, for telling the browser which graph text a construction result is about. */
    answers?: Readonly<Record<string, unknown>>;
  },
): PartView[] {
  const { locale, reveal, t } = opts;
  return parts.map((p): PartView => {
    const latest = opts.overrides?.filter((o) => o.partId === p.id).at(-1);
    const rubric = (opts.rubric ?? []).filter((r) => r.partId === p.id).map((r) => ({ text: r.text, points: r.points }));
    const base = {
      id: p.id,
      points: p.points,
      score: partScore(
        p,
        latest?.score,
        rubric.reduce((sum, r) => sum + r.points, 0),
      ),
      verdict: p.verdict,
      ...(latest ? { override: { score: latest.score, comment: latest.comment, by: latest.by, at: latest.at.toISOString() } } : {}),
      ...(rubric.length > 0 ? { rubric } : {}),
    };
    switch (p.kind) {
      case "numeric":
      case "vector":
        return { ...base, kind: p.kind, field: fieldView(p.result, locale, reveal) };
      case "expression": {
        const c = p.check;
        let message: string;
        let counterexample: Extract<PartView, { kind: "expression" }>["counterexample"] = null;
        if (c === null) message = t("feedback.missing");
        else if (!c.ok)
          message =
            c.error.which === "given" ? t("feedback.expressionUnreadable", { detail: unreadableFormula(c.error, locale) }) : t("feedback.expressionProblem");
        else if (c.equivalent) message = t("feedback.expressionCorrect", { points: c.points });
        else {
          // The expected value at the point only once the submission used an attempt (or answers are released).
          const ce = c.counterexample!;
          const showExpected = reveal || opts.attemptUsed === true;
          const point = Object.entries(ce.at)
            .map(([name, x]) => `${name} = ${shortNumber(x)}`)
            .join(", ");
          const [expected, given] = distinctValues(ce.expected, ce.given);
          const values = { point, given, expected };
          message = showExpected ? t("feedback.expressionDiffersExpected", values) : t("feedback.expressionDiffers", values);
          const mistake = c.diagnosis ? formulaMistake(c.diagnosis, t) : null;
          if (mistake) message += locale === "zh-CN" ? mistake : ` ${mistake}`; // Chinese sentences follow on without a space
          counterexample = { at: ce.at, given: ce.given, ...(showExpected ? { expected: ce.expected } : {}) };
        }
        return { ...base, kind: "expression", message, counterexample };
      }
      case "graph-construction": {
        const c = p.check;
        const given = opts.answers?.[p.id];
        const identity = typeof given === "string" ? graphIdentity(given) : null;
        const empty = { equivalent: null, detailed: null, violations: [], missing: [], error: null, annotatable: false, identity };
        if (c === null) return { ...base, kind: "graph-construction", message: t("feedback.missing"), ...empty };
        if (!c.ok) {
          const message = graphErrorText(c.error, locale, (v) => t("feedback.graphErrorAt", v));
          return {
            ...base,
            kind: "graph-construction",
            message,
            ...empty,
            error: { message: graphErrorMessage(c.error, locale), line: c.error.line, column: c.error.column },
          };
        }
        let message: string;
        const missing = c.equivalent ? missingViews(c.missing, locale) : [];
        if (c.equivalent && c.detailed) message = t("feedback.graphCorrect");
        else if (c.equivalent) {
          const said: string[] = [];
          if (c.violations.length > 0) said.push(t("feedback.graphNotDetailed", { ops: [...new Set(c.violations.map((v) => v.op))].join(", ") }));
          if (missing.length > 0) {
            const labels = new Intl.ListFormat(locale, { type: "conjunction" }).format(missing.map((m) => m.label));
            said.push(t(said.length > 0 ? "feedback.graphAlsoMissing" : "feedback.graphMissing", { missing: labels }));
          }
          message = said.join(" ");
        } else if (p.slip) {
          // One of the problem's own mistakes. It is named once an attempt was used; "Check my graph" only
          // says whether the annotation part can still be done on it.
          const annotate = t(p.slip.detailed ? "feedback.graphSlipAnnotate" : "feedback.graphSlipNotDetailed");
          message = opts.attemptUsed
            ? `${t("feedback.graphSlip", { mistake: (locale === "zh-CN" ? p.slip.message["zh-CN"] : undefined) ?? p.slip.message.en })} ${annotate}`
            : `${t("feedback.graphDiffersSomewhere")} ${annotate}`;
        } else {
          const ce = c.counterexample;
          if (ce?.reason === "inputs")
            message = t("feedback.graphInputs", { missing: (ce.missing ?? []).join(", ") || "—", extra: (ce.extra ?? []).join(", ") || "—" });
          else if (ce?.reason === "undefined") message = t("feedback.graphUndefined", { point: formatPoint(ce.at) });
          else if (ce?.reason === "shape") message = t("feedback.graphShape");
          else if (!ce?.at) message = t("feedback.graphDiffersSomewhere");
          else message = t("feedback.graphDiffers", { point: formatPoint(ce.at), given: round(ce.given ?? null) });
        }
        const annotatable = c.equivalent ? c.detailed : p.slip?.detailed === true;
        return {
          ...base,
          kind: "graph-construction",
          message,
          equivalent: c.equivalent,
          detailed: c.detailed,
          violations: c.violations,
          missing,
          error: null,
          annotatable,
          identity,
        };
      }
      case "graph-annotation":
        return {
          ...base,
          kind: "graph-annotation",
          fields: p.results.map((r) => fieldView(r, locale, reveal)),
          structure: p.structure,
          message: p.verdict === "blocked" ? t("feedback.blocked", { part: p.graph }) : null,
        };
    }
  });
}

/** A submission sent back unread: which answers could not be read and why, nothing else. */
export function unreadableViews(items: readonly Unreadable[], opts: { locale: Locale; t: Translate }): UnreadableView[] {
  return items.map((u): UnreadableView => {
    switch (u.kind) {
      case "answer":
        return { part: u.part, node: u.node, field: u.field, from: u.from, message: render(u.message, opts.locale), line: null, column: null };
      case "expression":
        return {
          part: u.part,
          node: null,
          field: null,
          from: null,
          message: opts.t("feedback.expressionUnreadable", { detail: unreadableFormula(u.error, opts.locale) }),
          line: null,
          column: u.error.column,
        };
      case "graph":
        return {
          part: u.part,
          node: null,
          field: null,
          from: null,
          message: graphErrorText({ ...u, ref: u.key === undefined ? undefined : { key: u.key, params: u.params } }, opts.locale, (v) =>
            opts.t("feedback.graphErrorAt", v),
          ),
          line: u.line,
          column: u.column,
        };
    }
  });
}

export function submissionView(
  s: { id: string; attempt: number; createdAt: Date; score: number; late: boolean; latePenalty: number; results: unknown; answers?: unknown },
  opts: { locale: Locale; reveal: boolean; t: Translate; overrides?: readonly Override[]; rubric?: readonly AppliedRubric[] },
): SubmissionView {
  return {
    id: s.id,
    attempt: s.attempt,
    createdAt: s.createdAt.toISOString(),
    score: s.score,
    late: s.late,
    latePenalty: s.latePenalty,
    // A stored submission is an attempt: unreadable answers are never stored.
    parts: partViews(s.results as PartResult[], { ...opts, attemptUsed: true, answers: (s.answers ?? undefined) as Record<string, unknown> | undefined }),
  };
}
