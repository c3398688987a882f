"use client";

/**
 * The problem file's text in a code editor (CodeMirror 6): line numbers, YAML highlighting and the
 * graph language's inside `graph:` blocks, the validator's messages as markers in the gutter and
 * underlines at their lines, bracket matching, undo, long lines wrapped.
 *
 * The editor is made once and owns its text; React hears every change through `onChange` and a
 * text set from outside (one that differs from the editor's) is applied as the smallest change,
 * so the cursor stays where it was.
 *
 * Keyboard: Tab indents (YAML needs it); Escape then Tab leaves the editor, as CodeMirror documents.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorState, type Text } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";
import { useEffect, useImperativeHandle, useRef, type Ref } from "react";
import type { ProblemIssue } from "@/lib/problems/source";
import { graphHighlighting } from "./graph-highlight";

export type CodeEditorHandle = {
  /** Selects a line (1-based) and scrolls it into view, with the focus in the editor. */
  selectLine(line: number): void;
  focus(): void;
};

/**
 * The nonce this document was served with. CodeMirror adds its base styles in a <style> element,
 * which the Content-Security-Policy admits only with that nonce; Next writes it on the page's
 * scripts. (A nonce from a later client-side navigation would not match the document's policy.)
 */
function documentNonce(): string | undefined {
  for (const script of document.querySelectorAll<HTMLScriptElement>("script[nonce]")) if (script.nonce) return script.nonce;
  return undefined;
}

/** The validator's messages as diagnostics on their whole line (a line past the end marks the last). */
function diagnosticsOf(doc: Text, issues: readonly ProblemIssue[]): Diagnostic[] {
  return issues.map((issue) => {
    const line = doc.line(Math.min(Math.max(1, issue.line), doc.lines));
    return { from: line.from, to: line.to, severity: issue.severity, message: issue.message };
  });
}

/** The change that turns `from` into `to`, as small as a shared start and end allow. */
function minimalChange(from: string, to: string) {
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let end = 0;
  while (end < from.length - start && end < to.length - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}

export function CodeEditor({
  value,
  onChange,
  issues,
  labelledBy,
  describedBy,
  testId,
  ref,
}: {
  value: string;
  onChange: (value: string) => void;
  issues: readonly ProblemIssue[];
  labelledBy: string;
  describedBy?: string;
  testId?: string;
  ref?: Ref<CodeEditorHandle>;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const invalid = useRef(new Compartment());
  // The latest callback, for the listener the editor was made with.
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const editor = new EditorView({
      parent: parent.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          EditorView.lineWrapping,
          yaml(),
          syntaxHighlighting(classHighlighter),
          graphHighlighting,
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
          EditorView.cspNonce.of(documentNonce() ?? ""),
          EditorView.contentAttributes.of({
            "aria-labelledby": labelledBy,
            ...(describedBy ? { "aria-describedby": describedBy } : {}),
            ...(testId ? { "data-testid": testId } : {}),
            spellcheck: "false",
            // The scroller's content is the one focusable element inside it: saying so explicitly lets
            // tools that check that a scrollable region can be reached by keyboard (axe) see it.
            tabindex: "0",
            autocapitalize: "off",
            autocorrect: "off",
          }),
          invalid.current.of([]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Made once: later values and issues reach it through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: minimalChange(current, value) });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const errors = issues.some((i) => i.severity === "error");
    editor.dispatch(setDiagnostics(editor.state, diagnosticsOf(editor.state.doc, issues)), {
      effects: invalid.current.reconfigure(errors ? EditorView.contentAttributes.of({ "aria-invalid": "true" }) : []),
    });
  }, [issues]);

  useImperativeHandle(ref, () => ({
    selectLine(n: number) {
      const editor = view.current;
      if (!editor) return;
      const line = editor.state.doc.line(Math.min(Math.max(1, n), editor.state.doc.lines));
      editor.dispatch({ selection: { anchor: line.from, head: line.to }, effects: EditorView.scrollIntoView(line.from, { y: "center" }) });
      editor.focus();
    },
    focus() {
      view.current?.focus();
    },
  }));

  return <div ref={parent} className="code-editor" />;
}
