"use client";

/**
 * Where a student works on one problem: every part's input, drafts saved as they type (on the server,
 * and in this browser when the server cannot be reached: useDraft), submission, and the feedback of the
 * last attempt drawn on the parts themselves.
 */
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { newVariantAction, submitAction, type SubmitResult } from "@/app/(student)/assignments/[assignmentId]/problems/[problemId]/actions";
import type { PartSpecView, PartView, SubmissionView } from "@/lib/assignments/view-types";
import { ResultSummary } from "./Feedback";
import { PartCard } from "./PartCard";
import { SubmitBar } from "./SubmitBar";
import { unreadableFeedback } from "./unreadable-feedback";
import { forgetKeptDraft, useDraft, type Answers } from "./useDraft";
import { useGraphChecks } from "./useGraphChecks";

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

export function ProblemWorkspace(props: ProblemWorkspaceProps) {
  const { assignmentId, problemId, parts, readOnly } = props;
  const variantKey = props.variantKey ?? "";
  const t = useTranslations("problem");
  const router = useRouter();
  const draft = useDraft({
    assignmentId,
    problemId,
    variantKey,
    initialAnswers: props.initialAnswers,
    draftSavedAt: props.draftSavedAt,
    readOnly: readOnly ?? false,
  });
  const { answers, setAnswer } = draft;
  const [result, setResult] = useState<SubmitResult | null>(null);
  const [pending, startTransition] = useTransition();

  // After a submission sent back unread, only the unreadable answers are marked: nothing else was graded.
  const unreadable = result?.ok && result.status === "invalid" ? result.unreadable : null;
  const gradedParts: PartView[] | null = result?.ok && result.status === "graded" ? result.view.parts : (props.last?.parts ?? null);
  const partFeedback = useMemo(
    () => (unreadable ? unreadableFeedback(parts, unreadable) : new Map((gradedParts ?? []).map((p) => [p.id, p] as const))),
    [unreadable, gradedParts, parts],
  );
  const lastGraded = useMemo(() => new Map((gradedParts ?? []).map((p) => [p.id, p] as const)), [gradedParts]);
  const graphs = useGraphChecks({ assignmentId, problemId, answers, lastGraded });

  function submit() {
    startTransition(async () => {
      const r = await submitAction({ assignmentId, problemId, answers });
      setResult(r);
      if (r.ok) draft.markSaved();
      if (r.ok && r.status === "graded") {
        graphs.forget();
        router.refresh();
      }
    });
  }

  function newVariant() {
    if (!window.confirm(t("newVariantConfirm"))) return;
    startTransition(async () => {
      const r = await newVariantAction({ assignmentId, problemId });
      if (r.ok) {
        forgetKeptDraft(assignmentId, problemId, variantKey);
        window.location.reload();
      }
    });
  }

  const summary = result?.ok && result.status === "graded" ? result.view : props.last;

  return (
    <div className="workspace">
      {parts.map((part, index) => (
        <PartCard
          key={part.id}
          part={part}
          index={index}
          answer={answers[part.id]}
          feedback={partFeedback.get(part.id)}
          onChange={(value) => setAnswer(part.id, value)}
          check={{
            running: graphs.checking === part.id,
            part: graphs.checkedPart(part.id),
            refusal: graphs.checkRefusal(part.id),
            run: () => void graphs.checkGraph(part.id),
          }}
          ownStructure={graphs.ownStructure}
          fileName={props.fileName}
          readOnly={readOnly}
        />
      ))}

      {readOnly ? (
        summary ? (
          <ResultSummary summary={summary} />
        ) : null
      ) : (
        <SubmitBar
          saveState={draft.saveState}
          result={result}
          summary={summary}
          closedMessage={props.closedMessage}
          canSubmit={props.canSubmit}
          attempts={props.attempts}
          practice={props.practice}
          pending={pending}
          onSubmit={submit}
          onNewVariant={newVariant}
        />
      )}
    </div>
  );
}
