/** The syntax tree of a graph text. Every element carries the position a caret should point at. */

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
  /** 0-based offset in the source. */
  readonly offset: number;
}

export type BinaryOperator = "+" | "-" | "*" | "/" | "^" | "@";

/** A number, vector or matrix written out: one `const` node (or an input's default value). */
export interface Literal {
  readonly kind: "literal";
  /** [] for a number, [n] for a vector, [m, n] for a matrix. */
  readonly shape: number[];
  readonly data: number[];
  readonly text: string;
  readonly pos: Position;
}

export interface NameRef {
  readonly kind: "name";
  readonly name: string;
  readonly pos: Position;
}

/** Unary minus; `pos` is the `-`. A minus directly before a number is part of that literal instead. */
export interface Negation {
  readonly kind: "neg";
  readonly operand: Expr;
  readonly pos: Position;
}

export interface Binary {
  readonly kind: "binary";
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  /** The operator token. */
  readonly pos: Position;
  /** Written as a compound assignment, `c += x` (the left operand is the assigned name). */
  readonly compound?: boolean;
}

export interface Call {
  readonly kind: "call";
  readonly callee: string;
  readonly args: Expr[];
  /** The function name. */
  readonly pos: Position;
  /** Keyword arguments (`axis=0`), after the positional ones. */
  readonly keywords?: readonly KeywordArg[];
  /** Written as a method, `x.relu()`: the receiver is `args[0]`. */
  readonly method?: boolean;
}

/** `axis=-1` in a call: a keyword with a whole number. */
export interface KeywordArg {
  readonly name: string;
  readonly value: number;
  /** The keyword. */
  readonly pos: Position;
}

/** One entry of `X[i, a:b]`: a position (removes the axis) or a slice (keeps it); bounds may be omitted. */
export type IndexEntry =
  { readonly kind: "pick"; readonly value: number } | { readonly kind: "slice"; readonly start: number | null; readonly stop: number | null };

/** `target[entries]`, zero-based as in Python; `pos` is the '['. */
export interface IndexExpr {
  readonly kind: "index";
  readonly target: Expr;
  readonly entries: readonly IndexEntry[];
  readonly pos: Position;
}

/**
 * An array literal with an entry that is not a number (`[x0, x1, 1]`, `[[a, b], [c, d]]`): one `stack`
 * node whose inputs are the entries (scalars) or the rows (vectors). An array of numbers only is a `Literal`.
 */
export interface ArrayExpr {
  readonly kind: "array";
  readonly elements: Expr[];
  /** The opening bracket. */
  readonly pos: Position;
}

export type Expr = Literal | NameRef | Negation | Binary | Call | IndexExpr | ArrayExpr;

export interface InputDecl {
  readonly name: string;
  readonly pos: Position;
  /** Declared shape (`W[2,3]`), or null when none was written. */
  readonly shape: number[] | null;
  readonly defaultValue: Literal | null;
}

export interface InputStatement {
  readonly kind: "input";
  readonly decls: InputDecl[];
  readonly pos: Position;
}

export interface Assignment {
  readonly kind: "assign";
  readonly name: string;
  /** The name being defined. */
  readonly pos: Position;
  readonly expr: Expr;
}

export interface OutputStatement {
  readonly kind: "output";
  readonly name: string;
  /** The name after `output`. */
  readonly pos: Position;
}

export type Statement = InputStatement | Assignment | OutputStatement;

export interface Program {
  readonly source: string;
  readonly statements: Statement[];
}
