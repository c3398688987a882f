import { useCallback, useEffect, useRef, useState } from "react";
import { saveDraftAction } from "@/app/(student)/assignments/[assignmentId]/problems/[problemId]/actions";

export type Answers = Record<string, unknown>;
/** "none": nothing typed and no draft stored, so there is nothing to say about saving yet. */
export type SaveState = "none" | "saved" | "saving" | "unsaved" | "offline";

/** A draft kept in this browser belongs to one variant of one problem of one assignment. */
function storageKey(assignmentId: string, problemId: string, variantKey: string) {
  return `chainrule:draft:${assignmentId}:${problemId}:${variantKey}`;
}

/** Drops this browser's copy of a draft (its variant was replaced by new practice numbers). */
export function forgetKeptDraft(assignmentId: string, problemId: string, variantKey: string) {
  localStorage.removeItem(storageKey(assignmentId, problemId, variantKey));
}

/**
 * The answers being typed, saved as a draft 700 ms after the last change: on the server, and in this
 * browser for when the server cannot be reached. A past attempt shown read-only saves nothing.
 */
export function useDraft(args: {
  assignmentId: string;
  problemId: string;
  variantKey: string;
  initialAnswers: Answers;
  draftSavedAt: string | null;
  readOnly: boolean;
}) {
  const { assignmentId, problemId, variantKey, draftSavedAt, readOnly } = args;
  const [answers, setAnswers] = useState<Answers>(args.initialAnswers);
  const [saveState, setSaveState] = useState<SaveState>(draftSavedAt ? "saved" : "none");
  /** Whether the answers changed since the server last stored them. */
  const dirty = useRef(false);
  /** Counts edits, so that a save answered after a newer edit does not claim the newer answers are saved. */
  const edits = useRef(0);
  /** Saves go one after another, so an older draft can never reach the server after a newer one. */
  const queue = useRef<Promise<void>>(Promise.resolve());

  // A newer copy kept in this browser (the server could not be reached) wins over the server's draft.
  useEffect(() => {
    if (readOnly) return;
    try {
      const kept = JSON.parse(localStorage.getItem(storageKey(assignmentId, problemId, variantKey)) ?? "null") as { at: string; answers: Answers } | null;
      if (kept && (!draftSavedAt || kept.at > draftSavedAt)) {
        // localStorage exists only in the browser, after hydration: the server rendered its own draft.
        // eslint-disable-next-line react-hooks/set-state-in-effect -- syncing from an external store once it can be read
        setAnswers(kept.answers);
        dirty.current = true;
        setSaveState("unsaved");
      }
    } catch {
      // unreadable local copy: ignore
    }
  }, [assignmentId, problemId, variantKey, draftSavedAt, readOnly]);

  const saveNow = useCallback(
    async (current: Answers) => {
      setSaveState("saving");
      const edit = edits.current;
      const at = new Date().toISOString();
      try {
        localStorage.setItem(storageKey(assignmentId, problemId, variantKey), JSON.stringify({ at, answers: current }));
      } catch {
        // storage full or disabled: the server copy is what counts
      }
      try {
        const r = await saveDraftAction({ assignmentId, problemId, answers: current });
        // Something was typed while this save was on its way: those answers are not saved yet (their own
        // save follows), so the page must not say "Draft saved" for them.
        if (edit !== edits.current) return;
        setSaveState(r.ok ? "saved" : "offline");
        if (r.ok) dirty.current = false;
      } catch {
        if (edit === edits.current) setSaveState("offline");
      }
    },
    [assignmentId, problemId, variantKey],
  );
  const save = useCallback(
    (current: Answers) => {
      queue.current = queue.current.then(() => saveNow(current));
      return queue.current;
    },
    [saveNow],
  );

  useEffect(() => {
    if (!dirty.current || readOnly) return;
    const timer = setTimeout(() => void save(answers), 700);
    return () => clearTimeout(timer);
  }, [answers, save, readOnly]);

  const setAnswer = useCallback((partId: string, value: unknown) => {
    edits.current += 1;
    dirty.current = true;
    setSaveState("unsaved");
    setAnswers((a) => ({ ...a, [partId]: value }));
  }, []);

  /** The server holds the answers now (a submission stored them): nothing is left to save. */
  const markSaved = useCallback(() => {
    dirty.current = false;
    setSaveState("saved");
  }, []);

  return { answers, saveState, setAnswer, markSaved };
}
