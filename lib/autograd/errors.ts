/** Errors of the engine. Each names the node, its source line when known, and the offending values. */

/** Where a node came from in a source text (1-based). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export type AutogradErrorCode =
  /** Two inputs whose shapes do not fit the operation. */
  | "shape"
  /** An input value outside the operation's domain (log of a non-positive number, division by zero...). */
  | "domain"
  /** A value, derivative or gradient that is not a finite float64 (overflow, infinite slope). */
  | "non-finite"
  /** Malformed graph: unknown operation or node, duplicate id, wrong arity, cycle, bad leaf value. */
  | "graph"
  /** A tensor larger than the configured limit. */
  | "limit";

export class AutogradError extends Error {
  override readonly name = "AutogradError";
  readonly code: AutogradErrorCode;
  /** The node at fault, or null when the error concerns the whole graph. */
  readonly nodeId: string | null;
  readonly position: SourcePosition | null;
  /** What went wrong without the node prefix, e.g. "division by zero: 1 / 0". */
  readonly reason: string;
  /** The numbers that caused it (operands of the failing element), when there are some. */
  readonly values: readonly number[];

  constructor(code: AutogradErrorCode, reason: string, node: { id: string; position: SourcePosition | null } | null, values: readonly number[] = []) {
    super(node === null ? reason : `${describeNode(node.id, node.position)}: ${reason}`);
    this.code = code;
    this.reason = reason;
    this.nodeId = node?.id ?? null;
    this.position = node?.position ?? null;
    this.values = values;
  }
}

export function describeNode(id: string, position: SourcePosition | null): string {
  return position === null ? `node "${id}"` : `node "${id}" (line ${position.line})`;
}
