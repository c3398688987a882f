/**
 * Limits on what a graph text may ask of the server. Problem files and student graphs are untrusted, so
 * the defaults are tight: far above any graph drawn by hand (a few hundred nodes) and small enough that
 * parsing, compiling and evaluating stay well under a second; benchmarks and trusted tools may raise them.
 */
export interface GraphLimits {
  /** Source size in UTF-8 bytes (100 KB). */
  readonly maxSourceBytes: number;
  /** Nodes in the compiled graph, inputs and constants included. */
  readonly maxNodes: number;
  /** Elements of any one tensor (declared, literal, given with --at, or computed). */
  readonly maxTensorElements: number;
  /** Depth of nested parentheses and brackets. */
  readonly maxNesting: number;
}

export const DEFAULT_LIMITS: GraphLimits = Object.freeze({
  maxSourceBytes: 100 * 1024,
  maxNodes: 10_000,
  maxTensorElements: 1_000_000,
  maxNesting: 200,
});

export function resolveLimits(overrides?: Partial<GraphLimits>): GraphLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}
