import { useTranslations } from "next-intl";
import { useState } from "react";
import { checkGraphAction } from "@/app/(student)/assignments/[assignmentId]/problems/[problemId]/actions";
import type { PartView } from "@/lib/assignments/view-types";
import { answerText } from "@/lib/graph-view/fields";
import { structureFromSource, type GraphStructure, type StructureResult } from "@/lib/graph-view/structure";
import type { Answers } from "./useDraft";

/** The last few own graphs parsed, by source: parsing runs on every render otherwise, which a large graph makes slow. */
const parsedGraphs = new Map<string, StructureResult>();

/** structureFromSource, remembered for the last few sources (it is pure, so this is only a cache). */
function parsedGraph(source: string): StructureResult {
  let s = parsedGraphs.get(source);
  if (!s) {
    if (parsedGraphs.size >= 4) parsedGraphs.clear();
    parsedGraphs.set(source, (s = structureFromSource(source)));
  }
  return s;
}

/**
 * "Check my graph" for graph-construction parts, and the student's own graph that an annotation part
 * asks them to annotate: offered once that graph was checked (or last graded) equivalent and detailed.
 */
export function useGraphChecks(args: {
  assignmentId: string;
  problemId: string;
  answers: Answers;
  initialAnswers: Answers;
  /** The last graded attempt's parts, by id. */
  lastGraded: ReadonlyMap<string, PartView>;
}) {
  const { assignmentId, problemId, answers, initialAnswers, lastGraded } = args;
  const t = useTranslations("problem");
  const [checks, setChecks] = useState<Record<string, { source: string; part: PartView }>>({});
  const [checking, setChecking] = useState<string | null>(null);
  /** Why the last "Check my graph" of a part was refused (a rate limit, or anything else). */
  const [checkRefusals, setCheckRefusals] = useState<Record<string, string>>({});

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
  function ownStructure(constructionId: string): GraphStructure | null {
    const source = answerText(answers[constructionId]);
    const check = checks[constructionId];
    const fromLast = lastGraded.get(constructionId);
    const ok =
      (check && check.source === source && check.part.verdict === "correct") ||
      (!check && fromLast?.kind === "graph-construction" && fromLast.verdict === "correct" && source === answerText(initialAnswers[constructionId]));
    if (!ok) return null;
    const s = parsedGraph(source);
    return s.ok ? s.structure : null;
  }

  return {
    checkGraph,
    ownStructure,
    /** The part being checked right now, if any. */
    checking,
    /** A part's own latest check, if it had one. */
    checkedPart: (partId: string): PartView | undefined => checks[partId]?.part,
    checkRefusal: (partId: string): string | undefined => checkRefusals[partId],
  };
}
