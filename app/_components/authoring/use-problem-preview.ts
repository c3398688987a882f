"use client";

/** The problem editor's live preview: asked of the server (debounced) whenever the text or the seeds change. */
import { useEffect, useRef, useState } from "react";
import type { ProblemPreview } from "@/lib/authoring/preview";
import type { Outcome } from "@/lib/validations/form-result";
import type { PreviewJson } from "@/lib/authoring/workers/problem-jobs";
import { refusalCode, thrownError, useErrorText } from "./form";

const DEBOUNCE_MS = 500;

export type PreviewAction = (input: { source: string; seeds: string[] }) => Promise<Outcome<PreviewJson>>;

/** The latest answer wins; older ones are dropped. */
export function useLivePreview(previewAction: PreviewAction, source: string, seeds: string[]) {
  const errorText = useErrorText();
  const [preview, setPreview] = useState<ProblemPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const request = useRef(0);

  useEffect(() => {
    const id = ++request.current;
    // "Checking…" shows from the keystroke on, not only once the debounced request leaves.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setChecking(true);
    const timer = setTimeout(() => void preview(), DEBOUNCE_MS);
    async function preview() {
      try {
        const r = await previewAction({ source, seeds });
        if (id !== request.current) return;
        if (r.status === "ok") {
          setPreview(JSON.parse(r.value) as ProblemPreview);
          setPreviewError(null);
        } else setPreviewError(errorText(r.status === "invalid" ? Object.values(r.errors)[0] : refusalCode(r.status)));
      } catch (e) {
        if (id === request.current) setPreviewError(errorText(thrownError(e)));
      }
      if (id === request.current) setChecking(false);
    }
    return () => clearTimeout(timer);
    // errorText is rebuilt every render; the preview depends only on the text and the seeds.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, seeds, previewAction]);

  return { preview, previewError, checking };
}

/** Asks before leaving the page while the text has unsaved changes. */
export function useUnsavedWarning(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
}
