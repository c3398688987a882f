"use client";

/**
 * The problem file in the browser: its text in a code editor (CodeEditor.tsx), and a live preview
 * from the server (debounced) with the validator's messages, marked at their lines in the editor and
 * listed beside it (a click selects the line), the statement, parameters, graph and reference answers
 * of one seed or two side by side, and the author tests. Saving (instructors) checks the file in
 * full and makes a new version only when the content changed.
 */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useRef, useState } from "react";
import type { SaveOutcome } from "@/lib/authoring/problems";
import type { ProblemIssue } from "@/lib/problems/source";
import { CodeEditor, type CodeEditorHandle } from "./CodeEditor";
import { thrownError } from "./form";
import { PreviewChecks } from "./PreviewChecks";
import { SaveMessage } from "./SaveMessage";
import { idOf, isSeed } from "./editor-input";
import { SeedPreviews } from "./SeedPreviews";
import { useLivePreview, useUnsavedWarning, type PreviewAction } from "./use-problem-preview";

type Actions = {
  preview: PreviewAction;
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
  const router = useRouter();
  const [source, setSource] = useState(initialSource);
  const [savedSource, setSavedSource] = useState(initialSource);
  const [seedA, setSeedA] = useState("0");
  const [seedB, setSeedB] = useState("1");
  const [compare, setCompare] = useState(true);
  const [saving, setSaving] = useState(false);
  const [saveResult, setSaveResult] = useState<SaveOutcome | null>(null);

  // A seed box holding something else than a whole number says so and previews the last good seed meanwhile.
  const [goodA, setGoodA] = useState("0");
  const [goodB, setGoodB] = useState("1");
  if (isSeed(seedA) && seedA.trim() !== goodA) setGoodA(seedA.trim());
  if (isSeed(seedB) && seedB.trim() !== goodB) setGoodB(seedB.trim());
  const seeds = useMemo(() => (compare ? [goodA, goodB] : [goodA]), [compare, goodA, goodB]);

  const { preview, previewError, checking } = useLivePreview(actions.preview, source, seeds);

  const dirty = source !== savedSource;
  useUnsavedWarning(dirty);

  // The same array until the answer changes: the editor redraws its markers only then.
  const issues: ProblemIssue[] = useMemo(() => (saveResult?.status === "invalid-file" ? saveResult.issues : (preview?.issues ?? [])), [saveResult, preview]);
  const editor = useRef<CodeEditorHandle>(null);
  const jumpTo = useCallback((line: number) => editor.current?.selectLine(line), []);
  const onEdit = useCallback((text: string) => {
    setSource(text);
    setSaveResult(null);
  }, []);

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

  // Variants are drawn from the problem's id and the seed: a new id gives every student new numbers.
  const savedId = problemId === null ? null : idOf(savedSource);
  const renamed = savedId !== null && idOf(source) !== null && idOf(source) !== savedId;
  const valid = preview?.valid === true;
  return (
    <div className="stack">
      <div className="problem-editor">
        <div>
          <label id="problem-source-label" onClick={() => editor.current?.focus()}>
            {t("source")}
          </label>
          <CodeEditor
            ref={editor}
            value={source}
            onChange={onEdit}
            issues={issues}
            labelledBy="problem-source-label"
            describedBy="preview-state"
            testId="problem-source"
          />
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
          {renamed ? (
            <p className="alert warn" role="status" data-testid="id-rename-warning">
              {t("idRenamed", { from: savedId, to: idOf(source) ?? "" })}
            </p>
          ) : null}
          <SaveMessage result={saveResult} onJump={jumpTo} />
        </div>

        <PreviewChecks preview={preview} previewError={previewError} checking={checking} issues={issues} jumpTo={jumpTo} />
      </div>

      <SeedPreviews preview={preview} seedA={seedA} setSeedA={setSeedA} seedB={seedB} setSeedB={setSeedB} compare={compare} setCompare={setCompare} />
    </div>
  );
}
