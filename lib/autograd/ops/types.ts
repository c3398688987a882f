/**
 * What one operation is. Every operation of the engine is exactly one `Operation` object (see the files
 * beside this one), holding its forward rule, its local derivatives, its vector-Jacobian product, its
 * display symbol and LaTeX, its shape rule, its domain check and its non-differentiability check.
 *
 * All functions are pure and work on plain tensors, independent of any graph, so a grader can call
 * `forward` and `local` on values a student supplied.
 */
import type { Shape, Tensor } from "../tensor";

export type OpName =
  | "input"
  | "const"
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "neg"
  | "pow"
  | "exp"
  | "log"
  | "sqrt"
  | "abs"
  | "tanh"
  | "sigmoid"
  | "relu"
  | "sum"
  | "mean"
  | "dot"
  | "matmul"
  | "transpose"
  | "softmax"
  | "log_softmax"
  | "cross_entropy"
  // Tensors: axis reductions and indexing
  | "max"
  | "index"
  // Issue 13 (expressions, reassignment and functions): array literals of expressions, comparisons, smooth functions, losses.
  | "stack"
  | "maximum"
  | "minimum"
  | "clip"
  | "softplus"
  | "log1p"
  | "log_sigmoid"
  | "leaky_relu"
  | "elu"
  | "sin"
  | "cos"
  | "square"
  | "outer"
  | "norm"
  | "bce_with_logits"
  | "bce"
  | "mse";

/**
 * A node's attributes: small fixed parameters beside its inputs, such as the `axis` of `sum(X, axis=0)`
 * or the `index` of `X[:, 1]` (numbers, or strings such as ":" and "0:2" for slices). They appear as
 * `attrs` in the eval JSON of the nodes that have them.
 */
export type AttrValue = number | string | readonly AttrValue[];
export type OpAttrs = Readonly<Record<string, AttrValue>>;

/** How the operation is written: `a + b` (infix), `-a` (prefix) or `exp(a)` (function). */
export type Notation = "infix" | "prefix" | "function";

export type ShapeResult = { shape: Shape } | { error: string };

/** A point where the operation has no derivative; the engine still uses PyTorch's subgradient. */
export interface Kink {
  /** Row-major position in the operation's output. */
  readonly index: number;
  /** Which input's derivative is affected. */
  readonly input: number;
  /** e.g. "relu is not differentiable at 0; relu'(0) = 0 is used, as in PyTorch". */
  readonly note: string;
}

/**
 * The scalar rule of an elementwise operation. The tensor-level `forward`, `local` and `vjp` are derived
 * from it, and the engine calls it directly on scalar nodes (the fast path), so there is one source of
 * truth for each formula. Unary rules ignore `b` (the engine passes 0).
 */
export interface ElementwiseRule {
  /** y = f(a, b). */
  readonly value: (a: number, b: number) => number;
  /** ∂y/∂a and, for binary operations, ∂y/∂b, given the inputs and the output y. */
  readonly partials: ReadonlyArray<(a: number, b: number, y: number) => number>;
  /** Why (a, b) is outside the domain (e.g. "division by zero"), or null when it is inside. */
  readonly domain?: (a: number, b: number) => string | null;
  /** For each input, a note when the derivative does not exist at (a, b) and a convention is used. */
  readonly kink?: (a: number, b: number, input: number) => string | null;
}

interface OpCommon {
  /** The `op` string of the eval JSON. */
  readonly name: OpName;
  /** Number of inputs (the least number when `variadic`). */
  readonly arity: number;
  /** Takes `arity` or more inputs (only `stack`, the node of an array literal of expressions). */
  readonly variadic?: boolean;
  /** How the graph language writes it: `+`, `-`, `@`, `exp`, `t`... */
  readonly symbol: string;
  readonly notation: Notation;
  /** LaTeX of the operation applied to already-rendered arguments (the caller adds parentheses). */
  readonly latex: (args: readonly string[]) => string;
}

/** `input` and `const`: nodes whose value is given rather than computed. */
export interface LeafOp extends OpCommon {
  readonly kind: "leaf";
  readonly arity: 0;
}

export interface Operation extends OpCommon {
  readonly kind: "elementwise" | "reduction" | "linear-algebra" | "softmax";
  /**
   * LaTeX of the local derivative ∂output/∂(input `input`), from the already-rendered arguments and the
   * rendered output (`\frac{1}{2\sqrt{v}}` for sqrt): what a worked solution writes on each edge, beside
   * the forward `latex`. For operations that are not elementwise it is the Jacobian in the usual
   * shorthand (`\mathbf{1}` for sum, `{B}^{\top}` for A @ B with respect to A).
   */
  readonly localLatex: (args: readonly string[], output: string, input: number) => string;
  /** Present exactly for elementwise operations (Jacobian diagonal up to broadcasting). */
  readonly elementwise: ElementwiseRule | null;
  /** Output shape from input shapes, or a message naming both shapes when they do not fit. */
  readonly shape: (inputs: readonly Shape[]) => ShapeResult;
  /**
   * A descriptive message when some input value lies outside the domain (log of a non-positive number,
   * sqrt of a negative, division by zero...), naming the offending values; null when all are valid.
   */
  readonly domainError: (inputs: readonly Tensor[]) => string | null;
  readonly forward: (inputs: readonly Tensor[]) => Tensor;
  /**
   * Local derivative ∂output/∂input for each input, elementwise and shaped like the OUTPUT (so a scalar
   * broadcast against a vector gets one local derivative per output element). `null` for an input when
   * the operation is not elementwise, except that a scalar-to-scalar edge always has its 1×1 derivative.
   * Entries may be NaN or ±Infinity where the derivative does not exist; the engine reports those.
   */
  readonly local: (inputs: readonly Tensor[], output: Tensor) => (Tensor | null)[];
  /** Vector-Jacobian product: what flows back to each input (shaped like that input) given `upstream`. */
  readonly vjp: (inputs: readonly Tensor[], output: Tensor, upstream: Tensor) => Tensor[];
  /** Points where the derivative does not exist and a PyTorch subgradient convention is used. */
  readonly nonDifferentiable: (inputs: readonly Tensor[], output: Tensor) => Kink[];
  /**
   * Present on an operation bound to attributes (`sum` with `{ axis: 0 }`): the attributes, shown in the
   * eval JSON. The bound operation is an ordinary `Operation`, so every caller of `forward`, `local` and
   * `vjp` (the engine, the grader) gets the node's own behaviour without knowing about attributes.
   */
  readonly attrs?: OpAttrs;
  /** For operations that take attributes: the operation with them bound, or why they are not valid. */
  readonly withAttrs?: (attrs: OpAttrs) => Operation | { error: string };
}

export type OpDefinition = LeafOp | Operation;
