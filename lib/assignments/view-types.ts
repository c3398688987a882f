/**
 * The shapes the student's browser receives for a problem and its feedback. Only types: the server
 * builds them (student-view.ts) and decides which reference numbers they may carry.
 */
import type { NestedNumbers } from "@/lib/autograd";
import type { Field as FieldName } from "@/lib/grading";
import type { GraphStructure } from "@/lib/graph-view/structure";

/** The numbers a student enters on a graph: the grader's fields, under the name the views use. */
export type { FieldName };
export type VerdictName = "correct" | "carried" | "incorrect" | "missing" | "invalid";
export type PartVerdictName = VerdictName | "blocked";
export type PartKindName = "numeric" | "vector" | "expression" | "graph-annotation" | "graph-construction";

export interface FieldView {
  node: string;
  field: FieldName;
  from: string | null;
  verdict: VerdictName;
  /** For the student, in their language. */
  message: string;
  /** The named mistake's code, when one was recognized. */
  diagnosis: string | null;
  given: unknown;
  /** Present only when the release policy allows the student to see reference answers. */
  expected?: NestedNumbers;
}

interface PartViewBase {
  id: string;
  points: number;
  /** Fraction of the part's points that counts (rules.ts partScore: a staff override wins over the grader and the rubric). */
  score: number;
  verdict: PartVerdictName;
  override?: { score: number; comment: string; by: string | null; at: string };
  /** Saved comments staff applied to the part, with the points each adds (negative: taken off). */
  rubric?: { text: string; points: number }[];
}

export type PartView =
  | (PartViewBase & { kind: "numeric" | "vector"; field: FieldView })
  | (PartViewBase & {
      kind: "expression";
      message: string;
      counterexample: { at: Record<string, number>; expected?: NestedNumbers; given: NestedNumbers } | null;
    })
  | (PartViewBase & {
      kind: "graph-construction";
      message: string;
      equivalent: boolean | null;
      detailed: boolean | null;
      violations: { node: string; op: string; line: number | null; column: number | null }[];
      /** Required quantities the graph never computes as nodes of their own, labelled in the student's language. */
      missing: { node: string; label: string }[];
      error: { message: string; line: number | null; column: number | null } | null;
      /**
       * The annotation part on this graph can be graded: it is equivalent and detailed, or it computes one
       * of the problem's own mistakes, detailed (then annotations earn carried credit).
       */
      annotatable: boolean;
      /** What the graded graph text computes (lib/graph-view/structure.ts `graphIdentity`), when known. */
      identity?: string | null;
    })
  | (PartViewBase & { kind: "graph-annotation"; fields: FieldView[]; structure: GraphStructure | null; message: string | null });

/** One answer that could not be read: all a student is told about a submission sent back unread. */
export interface UnreadableView {
  part: string;
  /** For a number on a graph: which one. */
  node: string | null;
  field: FieldName | null;
  from: string | null;
  /** Why, in the student's language. */
  message: string;
  /** For a graph: where in its text. */
  line: number | null;
  column: number | null;
}

export interface SubmissionView {
  id: string | null;
  attempt: number | null;
  createdAt: string | null;
  /** Fraction of the problem's points that counts, after overrides and the late penalty. */
  score: number;
  late: boolean;
  latePenalty: number;
  parts: PartView[];
}

export interface PartSpecView {
  id: string;
  kind: PartKindName;
  points: number;
  promptHtml: string;
  /** Hints unlocked by an earlier wrong attempt at this part. */
  hintsHtml: string[];
  /** graph-annotation */
  fields?: FieldName[];
  nodes?: string[];
  graph?: string;
  /** The reference graph's structure (operations and constants, no computed values), for annotation parts on it. */
  structure?: GraphStructure;
  /** graph-construction */
  ban?: string[];
  starter?: string;
  /** expression */
  variables?: string[];
  /** numeric, vector and graph-annotation: how precisely numbers must be given, in the student's language. */
  precision?: string;
}
