import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { checkGraphAction } from "@/app/(student)/assignments/[assignmentId]/problems/[problemId]/actions";
import type { PartView } from "@/lib/assignments/view-types";
import { answerText } from "@/lib/graph-view/fields";
import { graphIdentity, structureFromSource, type GraphStructure, type StructureResult } from "@/lib/graph-view/structure";
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

/** What a graph's text computes (comments and spacing left out), for telling an edit that changes it from one that does not. */
function identityOf(source: string): string | null {
  return graphIdentity(source, parsedGraph(source));
}

type Check = { identity: string | null; part: PartView };

/**
 * Where the last "Check my graph" of each part is kept in this browser, so that a reload does not lock
 * the annotation of a graph already checked. It only opens the annotation fields here: the server grades
 * the annotation on whatever graph is submitted, so a forged entry gains nothing.
 */
const storageKey = (assignmentId: string, problemId: string) => `chainrule:graph-checks:${assignmentId}:${problemId}`;

function storedChecks(key: string): Record<string, Check> {
  try {
    const raw = window.localStorage.getItem(key);
    const parsed = raw ? (JSON.parse(raw) as unknown) : null;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, Check>) : {};
  } catch {
    return {};
  }
}

/**
 * "Check my graph" for graph-construction parts, and the student's own graph that an annotation part
 * asks them to annotate: offered once that graph was checked (or last graded) equivalent and detailed.
 */
export function useGraphChecks(args: {
  assignmentId: string;
  problemId: string;
  answers: Answers;
  /** The last graded attempt's parts, by id. */
  lastGraded: ReadonlyMap<string, PartView>;
}) {
  const { assignmentId, problemId, answers, lastGraded } = args;
  const t = useTranslations("problem");
  const key = storageKey(assignmentId, problemId);
  const [checks, setChecks] = useState<Record<string, Check>>({});
  // After hydration (the server has no storage): the checks made before a reload.
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- syncing from an external store once it can be read
    setChecks((c) => ({ ...storedChecks(key), ...c }));
  }, [key]);
  const [checking, setChecking] = useState<string | null>(null);
  /** Why the last "Check my graph" of a part was refused (a rate limit, or anything else). */
  const [checkRefusals, setCheckRefusals] = useState<Record<string, string>>({});

  async function checkGraph(partId: string) {
    const source = answerText(answers[partId]);
    setChecking(partId);
    try {
      const r = await checkGraphAction({ assignmentId, problemId, partId, source });
      if (r.ok) {
        const check: Check = { identity: identityOf(source), part: r.part };
        setChecks((c) => ({ ...c, [partId]: check }));
        try {
          window.localStorage.setItem(key, JSON.stringify({ ...storedChecks(key), [partId]: check }));
        } catch {
          // Storage full or disabled: the check still holds until the page is left.
        }
      }
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

  /**
   * The graph a student may annotate for a part on their own graph: once checked (or last graded)
   * annotatable (equivalent and detailed, or one of the problem's mistakes, detailed), and unchanged
   * since but for comments and spacing.
   */
  function ownStructure(constructionId: string): GraphStructure | null {
    const source = answerText(answers[constructionId]);
    const identity = identityOf(source);
    const check = checks[constructionId];
    const fromLast = lastGraded.get(constructionId);
    const annotatable = (part: PartView | undefined) => part?.kind === "graph-construction" && part.annotatable === true;
    const ok =
      identity !== null &&
      ((check && check.identity === identity && annotatable(check.part)) ||
        (!check && annotatable(fromLast) && fromLast?.kind === "graph-construction" && fromLast.identity === identity));
    if (!ok) return null;
    const s = parsedGraph(source);
    return s.ok ? s.structure : null;
  }

  /** After a graded submission: its result says what the checks said, and more. */
  function forget() {
    setChecks({});
    try {
      window.localStorage.removeItem(key);
    } catch {
      // Nothing kept.
    }
  }

  return {
    checkGraph,
    forget,
    ownStructure,
    /** The part being checked right now, if any. */
    checking,
    /** A part's own latest check, if it had one. */
    checkedPart: (partId: string): PartView | undefined => checks[partId]?.part,
    checkRefusal: (partId: string): string | undefined => checkRefusals[partId],
  };
}
