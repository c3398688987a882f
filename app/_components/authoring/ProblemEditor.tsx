"use client";

/**
 * The problem file in the browser: its text with line numbers, and a live preview from the server
 * (debounced) with the validator's messages at their lines (a click puts the cursor there), the
 * statement, parameters, graph and reference answers of one seed or two side by side, and the
 * author tests. Saving (instructors) checks the file in full and makes a new version only when the
 * content changed.
 */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { PartPreview, ProblemPreview, SeedPreview } from "@/lib/authoring/preview";
import type { SaveOutcome } from "@/lib/authoring/problems";
import type { ProblemIssue } from "@/lib/problems/source";
import type { Outcome } from "@/lib/validations/form-result";
import type { PreviewJson } from "@/lib/workers/problem-jobs";
import { GraphCanvas } from "../graph/GraphCanvas";
import { refusalCode, thrownError, useErrorText } from "./form";

const DEBOUNCE_MS = 500;
const GRAPH_FIELDS = ["value", "grad"] as const;

type Actions = {
  preview: (input: { source: string; seeds: string[] }) => Promise<Outcome<PreviewJson>>;
  save: (source: string) => Promise<SaveOutcome>;
};

export function ProblemEditor({
  courseId,
  problemId,
  initialSource,
  canSave,
  actions,
}: {
  courseId: string;
  problemId: string | null;
  initialSource: string;
  canSave: boolean;
  actions: Actions;
}) {
  const t = useTranslations("authoring.editor");
  const errorText = useErrorText();
  const router = useRouter();
  const [source, setSource] = useState(initialSource);
  const [savedSource, setSavedSource] = useState(initialSource);
  const [seedA, setSeedA] = useState("0");
  const [seedB, setSeedB] = useState("1");
  const [compare, setCompare] = useState(true);
  const [preview, setPreview] = useState<ProblemPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveResult, setSaveResult] = useState<SaveOutcome | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const request = useRef(0);

  const seeds = useMemo(() => (compare ? [seedA.trim() || "0", seedB.trim() || "1"] : [seedA.trim() || "0"]), [compare, seedA, seedB]);

  // The live preview: the latest answer wins, older ones are dropped.
  useEffect(() => {
    const id = ++request.current;
    setChecking(true);
    const timer = setTimeout(async () => {
      try {
        const r = await actions.preview({ source, seeds });
        if (id !== request.current) return;
        if (r.status === "ok") {
          setPreview(JSON.parse(r.value) as ProblemPreview);
          setPreviewError(null);
        } else setPreviewError(errorText(r.status === "invalid" ? Object.values(r.errors)[0] : refusalCode(r.status)));
      } catch (e) {
        if (id === request.current) setPreviewError(errorText(thrownError(e)));
      }
      if (id === request.current) setChecking(false);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // errorText is rebuilt every render; the preview depends only on the text and the seeds.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, seeds, actions]);

  const dirty = source !== savedSource;
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const issues: ProblemIssue[] = saveResult?.status === "invalid-file" ? saveResult.issues : (preview?.issues ?? []);
  const lineMarks = useMemo(() => {
    const marks = new Map<number, "error" | "warning">();
    for (const i of issues) if (marks.get(i.line) !== "error") marks.set(i.line, i.severity);
    return marks;
  }, [issues]);
  const lineCount = useMemo(() => Math.max(20, source.split("\n").length), [source]);
  // A 10,000-node file has thousands of lines: the gutter is rebuilt only when they or their marks change.
  const gutterLines = useMemo(
    () =>
      Array.from({ length: lineCount }, (_, i) => i + 1).map((n) => (
        <div key={n} className={lineMarks.get(n) === "error" ? "error-line" : lineMarks.get(n) === "warning" ? "warning-line" : undefined} data-line={n}>
          {n}
        </div>
      )),
    [lineCount, lineMarks],
  );

  const jumpTo = useCallback(
    (line: number) => {
      const ta = textarea.current;
      if (!ta) return;
      const lines = source.split("\n");
      const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
      const end = start + (lines[line - 1]?.length ?? 0);
      ta.focus();
      ta.setSelectionRange(start, end);
      const lineHeight = parseFloat(getComputedStyle(ta).lineHeight) || 20;
      ta.scrollTop = Math.max(0, (line - 3) * lineHeight);
      if (gutter.current) gutter.current.scrollTop = ta.scrollTop;
    },
    [source],
  );

  async function onSave() {
    setSaving(true);
    setSaveResult(null);
    try {
      const r = await actions.save(source);
      setSaveResult(r);
      if (r.status === "saved") {
        setSavedSource(source);
        // A new problem gets its own address; an edited one reloads its versions (this editor, keyed by the problem, keeps its state).
        if (problemId === null) router.replace(`/teach/courses/${courseId}/problems/${r.result.problemId}?saved=${r.result.action}`);
        else router.replace(`/teach/courses/${courseId}/problems/${problemId}`);
      }
    } catch (e) {
      setSaveResult({ status: "invalid", errors: { form: thrownError(e) } });
    }
    setSaving(false);
  }

  const valid = preview?.valid === true;
  const errorCount = issues.filter((i) => i.severity === "error").length;
  return (
    <div className="stack">
      <div className="problem-editor">
        <div>
          <label htmlFor="problem-source">{t("source")}</label>
          <div className="code-area">
            <div className="gutter" ref={gutter} aria-hidden="true">
              {gutterLines}
            </div>
            <textarea
              id="problem-source"
              ref={textarea}
              value={source}
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              rows={24}
              data-testid="problem-source"
              aria-invalid={errorCount ? true : undefined}
              aria-describedby="preview-state"
              onChange={(e) => {
                setSource(e.target.value);
                setSaveResult(null);
              }}
              onScroll={(e) => {
                if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
              }}
            />
          </div>
          <div className="actions-row">
            {canSave ? (
              <button type="button" className="button" data-testid="save-problem" disabled={saving || !valid || checking} onClick={() => void onSave()}>
                {saving ? t("saving") : problemId ? t("saveVersion") : t("saveNew")}
              </button>
            ) : (
              <span className="hint">{t("previewOnly")}</span>
            )}
            {dirty ? <span className="hint">{t("unsaved")}</span> : null}
          </div>
          <SaveMessage result={saveResult} onJump={jumpTo} />
        </div>

        <div className="stack">
          <p id="preview-state" role="status" className={`preview-state ${checking ? "" : valid ? "valid" : "invalid"}`} data-testid="preview-state">
            {checking ? t("checking") : previewError ? previewError : preview ? (valid ? t("valid") : t("invalid", { count: errorCount })) : t("checking")}
          </p>
          {preview?.variants ? (
            <p className="hint">{preview.variants.exact ? t("variantsExact", { count: preview.variants.count }) : t("variantsEstimated", { count: preview.variants.count })}</p>
          ) : null}
          <p className="hint">{t("previewSeedsNote")}</p>
          {issues.length ? (
            <section aria-labelledby="issues-heading">
              <h2 id="issues-heading" className="small">
                {t("issues")}
              </h2>
              <ul className="issues" data-testid="problem-issues">
                {issues.map((i, k) => (
                  <li key={k} className={i.severity} data-line={i.line}>
                    <button type="button" onClick={() => jumpTo(i.line)}>
                      <span className="where">{t("line", { line: i.line })}</span>
                      {i.severity === "warning" ? `${t("warning")}: ` : ""}
                      {i.message}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {preview && preview.tests.length ? (
            <section aria-labelledby="tests-heading">
              <h2 id="tests-heading" className="small">
                {t("tests", { passed: preview.tests.filter((x) => x.passed).length, total: preview.tests.length })}
              </h2>
              <ul className="tests" data-testid="author-tests">
                {preview.tests.map((x) => (
                  <li key={x.name} className={x.passed ? "passed" : "failed"}>
                    {x.name}
                    {x.failures.length ? <div className="field-error">{x.failures.join("; ")}</div> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      </div>

      <section className="card" aria-labelledby="preview-heading">
        <h2 id="preview-heading">{t("preview")}</h2>
        <div className="seed-bar">
          <SeedInput id="seed-a" label={t("seedA")} value={seedA} onChange={setSeedA} />
          {compare ? <SeedInput id="seed-b" label={t("seedB")} value={seedB} onChange={setSeedB} /> : null}
          <label className="choice">
            <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} />
            {t("compare")}
          </label>
        </div>
        {preview && preview.seeds.length ? (
          <div className="seeds">
            {preview.seeds.map((s, k) => (
              <SeedColumn key={k} which={k === 0 ? "a" : "b"} seed={s} />
            ))}
          </div>
        ) : (
          <p className="muted">{t("noPreview")}</p>
        )}
      </section>
    </div>
  );
}

function SeedInput({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  const t = useTranslations("authoring.editor");
  const step = (delta: number) => {
    const n = Number(value);
    onChange(Number.isInteger(n) ? String(Math.max(0, n + delta)) : "0");
  };
  return (
    <div className="seed-input">
      <div>
        <label htmlFor={id}>{label}</label>
        <input id={id} type="text" value={value} maxLength={64} onChange={(e) => onChange(e.target.value)} />
      </div>
      <button type="button" className="button secondary small" onClick={() => step(-1)} aria-label={t("previousSeed", { label })}>
        −
      </button>
      <button type="button" className="button secondary small" onClick={() => step(1)} aria-label={t("nextSeed", { label })}>
        +
      </button>
    </div>
  );
}

function SeedColumn({ which, seed }: { which: "a" | "b"; seed: SeedPreview }) {
  const t = useTranslations("authoring.editor");
  const asked = useMemo(() => (seed.ok ? new Set(seed.structure.nodes.filter((n) => n.op !== "const").map((n) => n.id)) : new Set<string>()), [seed]);
  if (!seed.ok) {
    return (
      <div className="seed-column" data-testid={`seed-${which}`}>
        <h3>{t("seedHeading", { seed: seed.seed })}</h3>
        <p className="alert error">{seed.message}</p>
      </div>
    );
  }
  return (
    <div className="seed-column" data-testid={`seed-${which}`}>
      <h3>{t("seedHeading", { seed: seed.seed })}</h3>
      {seed.draw > 1 ? <p className="hint">{t("redrawn", { draw: seed.draw })}</p> : null}
      <h4>{t("statement")}</h4>
      <div className="prose" dangerouslySetInnerHTML={{ __html: seed.statementHtml }} />
      <h4>{t("parameters")}</h4>
      {seed.parameters.length ? (
        <table className="params" data-testid={`params-${which}`}>
          <tbody>
            {seed.parameters.map((p) => (
              <tr key={p.name}>
                <th scope="row">{p.name}</th>
                <td>{p.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("noParameters")}</p>
      )}
      <h4>{t("graph")}</h4>
      <p className="hint">{t("graphLegend")}</p>
      <div className="graph-scroll">
        <GraphCanvas structure={seed.structure} fields={GRAPH_FIELDS} asked={asked} entries={seed.entries} label={t("graphLabel", { seed: seed.seed })} />
      </div>
      <h4>{t("answers")}</h4>
      <ol className="answers" data-testid={`answers-${which}`}>
        {seed.parts.map((p) => (
          <li key={p.id} data-part={p.id}>
            <strong>{t("partHeading", { id: p.id, kind: p.kind, points: p.points })}</strong>
            <div className="prose small" dangerouslySetInnerHTML={{ __html: p.promptHtml }} />
            {p.fields ? (
              <FieldsTable fields={p.fields} count={Number(p.answer)} />
            ) : (
              <div className="reference" data-testid={`answer-${which}-${p.id}`}>
                {p.answer}
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** An annotation part's reference fields (the preview lists at most 500 of `count`), built only when opened. */
function FieldsTable({ fields, count }: { fields: NonNullable<PartPreview["fields"]>; count: number }) {
  const t = useTranslations("authoring.editor");
  const fieldName = useTranslations("problem.graph");
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t("annotationFields", { count })}</summary>
      {open ? (
        <table className="params">
          <tbody>
            {fields.map((f) => (
              <tr key={`${f.node}|${f.field}|${f.from ?? ""}`}>
                <th scope="row">{f.from ? `${f.node} → ${f.from}` : f.node}</th>
                <td>{fieldName(f.field as "value")}</td>
                <td>{f.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {open && count > fields.length ? <p className="hint">{t("moreFields", { count: count - fields.length })}</p> : null}
    </details>
  );
}

function SaveMessage({ result, onJump }: { result: SaveOutcome | null; onJump: (line: number) => void }) {
  const t = useTranslations("authoring.editor");
  const errorText = useErrorText();
  if (!result) return null;
  let body: React.ReactNode;
  let ok = false;
  switch (result.status) {
    case "saved":
      ok = true;
      body = t(`saved.${result.result.action}`, { version: result.result.version });
      break;
    case "invalid-file":
      body = t("saveInvalid", { count: result.issues.filter((i) => i.severity === "error").length });
      break;
    case "id-changed":
      body = (
        <>
          {t("idChanged", { expected: result.expected })}{" "}
          <button type="button" className="link-button" onClick={() => onJump(result.line)}>
            {t("line", { line: result.line })}
          </button>
        </>
      );
      break;
    case "id-taken":
      body = (
        <>
          {t("idTaken", { slug: result.slug })}{" "}
          <button type="button" className="link-button" onClick={() => onJump(result.line)}>
            {t("line", { line: result.line })}
          </button>
        </>
      );
      break;
    case "invalid":
      body = errorText(Object.values(result.errors)[0]);
      break;
    default:
      body = errorText(refusalCode(result.status));
  }
  return (
    <p className={`alert ${ok ? "ok" : "error"}`} role={ok ? "status" : "alert"} data-testid="save-result">
      {body}
    </p>
  );
}
