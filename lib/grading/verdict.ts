/** What grading says about one asked field: the verdict, the numbers, the mistake named, the message. */
import type { NestedNumbers } from "../autograd";

/** The four things a student writes on a graph: a node's forward value and upstream gradient, an edge's local derivative and downstream gradient. */
export const FIELDS = ["value", "grad", "local", "downstream"] as const;
export type Field = (typeof FIELDS)[number];

export const VERDICTS = ["correct", "carried", "incorrect", "missing", "invalid"] as const;
export type Verdict = (typeof VERDICTS)[number];

export type Locale = "en" | "zh-CN";

/** A text given by a problem in both languages (Chinese optional: English is shown instead). */
export interface LocalizedText {
  readonly en: string;
  readonly "zh-CN"?: string;
}

/** A message by key and parameters, so it can be shown in either language (`describe`). */
export interface MessageRef {
  readonly key: string;
  readonly params: Readonly<Record<string, string | number>>;
  /** Problem-specific text (a problem's own mistake), shown as is. */
  readonly text?: LocalizedText;
}

export interface Diagnosis {
  /** A built-in `MistakeCode` or a problem's own code (e.g. "sample-vs-population"). */
  readonly code: string;
  /** For TAs: which alternative computation matched (`describeDetail`). */
  readonly detail: MessageRef;
}

export interface FieldResult {
  /** Id of the node (for `local` and `downstream`, the node the edge goes into). */
  readonly node: string;
  readonly field: Field;
  /** For `local` and `downstream`, the id of the edge's input node; null otherwise. */
  readonly from: string | null;
  readonly verdict: Verdict;
  /** The reference value. */
  readonly expected: NestedNumbers;
  /** What the student gave: numbers when readable, the raw answer when invalid, null when missing. */
  readonly given: unknown;
  /** The value computed from the student's own earlier answers, when it differs from the reference. */
  readonly carriedExpected: NestedNumbers | null;
  readonly diagnosis: Diagnosis | null;
  /** For the student (`describe`). */
  readonly message: MessageRef;
  /** 0..1: 1 for correct, the part's carried credit for carried, 0 otherwise. */
  readonly credit: number;
}
