/**
 * What naming a mistake looks at: the graph, the reference, the student's work and which mistakes to
 * try. Its own module so that the helpers of diagnose.ts (evidence.ts, early-rounding.ts) can take it
 * without importing diagnose.ts back.
 */
import type { EvaluatedGraph, Graph, Tensor } from "../autograd";
import type { WholeGraphAlternative } from "./alternatives";
import type { MistakeCode } from "./mistakes";
import type { Tolerance } from "./tolerance";
import type { Quantity, Work } from "./work";

export interface DiagnosisContext {
  readonly graph: Graph;
  readonly evaluated: EvaluatedGraph;
  readonly reference: Work;
  /** The numbers the student worked with (their entries, the reference where blank), or null for a single answer. */
  readonly student: Work | null;
  /**
   * The student's own readable entries (null where blank, unreadable, of the wrong shape or not asked);
   * absent for a single answer. A mistake at a step the student wrote down is looked for there, not
   * imagined behind it.
   */
  readonly given?: (q: Quantity) => Tensor | null;
  readonly tolerance: Tolerance;
  readonly problem: readonly WholeGraphAlternative[];
  /** Which built-in mistakes to try. */
  readonly mistakes: ReadonlySet<MistakeCode>;
}
