/** The two kinds of node whose value is given rather than computed. */
import type { LeafOp } from "./types";

/** A named input of the graph; its gradient is what students call ∂output/∂input. */
export const input: LeafOp = {
  kind: "leaf",
  name: "input",
  arity: 0,
  symbol: "input",
  notation: "function",
  latex: ([name]) => name ?? "",
};

/** A literal number, vector or matrix written in the graph. */
export const constant: LeafOp = {
  kind: "leaf",
  name: "const",
  arity: 0,
  symbol: "const",
  notation: "function",
  latex: ([text]) => text ?? "",
};
