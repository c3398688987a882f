/**
 * The answer language: what a student may type in an answer box. Numbers in any usual form (`-0.5`,
 * `.25`, `1/4`, `2.5e-3`), arithmetic with `+ - * / ^` (also `**`), the constants `e` and `pi`, the
 * functions `exp ln log log10 log2 sqrt abs tanh sigmoid` (`log` is natural, as in the graph language)
 * and every one-argument elementwise function of the graph language (relu, softplus, log1p, sin, ...),
 * and vectors or matrices written `[0.2, -0.5]`, `[[1, 2], [3, 4]]` whose entries may be expressions.
 * What a Chinese input method types (`－０．５`, `（１＋２）`, `［１，２］`), typeset look-alikes (`−`, `×`) and
 * vulgar fractions (`½`) are read as their ASCII forms, with columns still those of the typed text.
 *
 * Read by a hand-written recursive-descent parser and evaluated by walking the tree: no `eval`, no
 * `Function`. The text length and the nesting depth are bounded before any recursion, so no input can
 * exhaust the stack. Errors are values, never throws, and say where: "could not read `0.5.3`:
 * unexpected `.` at column 4". Each error also carries a message key and parameters so the UI can show
 * it in the student's language (see messages.ts).
 *
 * The same parser reads expressions in variables (`checkExpression`): names listed as variables are
 * then allowed and bound at evaluation.
 */
import { OPS, OP_NAMES, type OpName, type Tensor, getOperation, leadingShape, readNested, scalar, sizeOf, tensor } from "../autograd";
import { FUNCTIONS as GRAPH_FUNCTIONS, elementwiseFunctionOp } from "../graph-lang/functions";
import { VULGAR_FRACTIONS, asciiOf } from "../graph-lang/typed-text";
import { fillTemplate } from "./template";

export interface AnswerLimits {
  /** Characters in one answer text. */
  readonly maxLength: number;
  /** Nesting of parentheses, brackets, unary signs and powers. */
  readonly maxDepth: number;
  /** Numbers in one vector or matrix answer. */
  readonly maxElements: number;
}

export const DEFAULT_ANSWER_LIMITS: AnswerLimits = Object.freeze({ maxLength: 10_000, maxDepth: 64, maxElements: 100_000 });

/** Why a text could not be read, as a translatable key with parameters (see messages.ts). */
export type ReadIssueKey =
  | "empty"
  | "too-long"
  | "too-deep"
  | "too-many-elements"
  | "unexpected"
  | "unexpected-end"
  | "multiply-explicitly"
  | "decimal-comma"
  | "unknown-name"
  | "unknown-function"
  | "function-needs-parentheses"
  | "argument-count"
  | "unclosed"
  | "division-by-zero"
  | "outside-domain"
  | "not-finite"
  | "array-arithmetic"
  | "ragged"
  | "too-many-dimensions"
  | "empty-array"
  | "not-a-number";

export interface ReadIssue {
  readonly key: ReadIssueKey;
  readonly params: Readonly<Record<string, string | number>>;
}

/**
 * The English text of each read issue, with `{param}` placeholders: the message catalog's "issue.*"
 * entries and `englishReason` both come from here.
 */
export const READ_ISSUE_TEXTS: Readonly<Record<ReadIssueKey, string>> = {
  empty: "the answer is empty",
  "too-long": "the answer has {length} characters, more than the limit of {limit}",
  "too-deep": "parentheses, brackets or signs are nested more than {limit} deep",
  "too-many-elements": "the array has more than {limit} numbers",
  unexpected: "unexpected `{token}`",
  "unexpected-end": "the answer ends too early",
  "multiply-explicitly": "unexpected `{token}` (write * to multiply)",
  "decimal-comma": "unexpected `,` (write decimals with a point, as in 0.5)",
  "unknown-name": "unknown name `{name}`",
  "unknown-function": "unknown function `{name}`",
  "function-needs-parentheses": "`{name}` is a function: write {name}(...)",
  "argument-count": "`{name}(...)` takes {expected} arguments, not {count}",
  unclosed: "`{bracket}` is never closed",
  "division-by-zero": "division by zero",
  "outside-domain": "{fn} of {value} is not defined",
  "not-finite": "the number is too large",
  "array-arithmetic":
    "an answer cannot apply an operator to a whole vector or matrix; write out each entry of the result (as [2, 4] for 2 * [1, 2]). The operator is",
  ragged: "the rows of the matrix have different lengths",
  "too-many-dimensions": "the array has {count} dimensions; answers have at most 2",
  "empty-array": "the array is empty",
  "not-a-number": "expected a number, an array or an answer text, found {found}",
};

export interface AnswerError {
  /** English, e.g. "could not read `0.5.3`: unexpected `.` at column 4". */
  readonly message: string;
  /** 1-based column in the text (UTF-16 units), or null when the problem is not at one place. */
  readonly column: number | null;
  /** The reason alone, translatable. */
  readonly issue: ReadIssue;
  /** The text as the student typed it. */
  readonly text: string;
}

export type AnswerResult = { ok: true; value: Tensor } | { ok: false; error: AnswerError };

const BASE_FUNCTIONS = ["exp", "ln", "log", "log10", "log2", "sqrt", "abs", "tanh", "sigmoid"] as const;
/**
 * Every other elementwise operation of one argument that the graph language writes as a function (relu,
 * softplus, log1p, log_sigmoid, elu, sin, cos, square, ...), derived from the engine's registry so a
 * formula part can use what the graph uses, with the engine's own value and domain.
 */
const REGISTRY_FUNCTIONS: readonly string[] = OP_NAMES.filter((name) => {
  const op = OPS[name];
  return (
    op.kind === "elementwise" && op.notation === "function" && op.elementwise?.partials.length === 1 && !(BASE_FUNCTIONS as readonly string[]).includes(name)
  );
});
/**
 * The graph language's elementwise functions of several arguments (max(a, b), min(a, b), clip(x, lo, hi),
 * leaky_relu(x[, slope]), bce(p, y), ...): name → the engine operation for each argument count it takes,
 * derived from the graph language's own table, so a formula reads them as a graph does.
 */
const MULTI_FUNCTIONS: ReadonlyMap<string, ReadonlyMap<number, OpName>> = new Map(
  [...GRAPH_FUNCTIONS.keys()].flatMap((name) => {
    const forms = new Map<number, OpName>();
    for (let count = 1; count <= 3; count++) {
      const op = elementwiseFunctionOp(name, count);
      if (op !== null && OPS[op].arity >= 2) forms.set(count, op);
    }
    return forms.size === 0 ? [] : [[name, forms] as const];
  }),
);
const FUNCTIONS: readonly string[] = [...BASE_FUNCTIONS, ...REGISTRY_FUNCTIONS, ...MULTI_FUNCTIONS.keys()];
type FunctionName = string;
const FUNCTION_SET: ReadonlySet<string> = new Set(FUNCTIONS);
const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ["e", Math.E],
  ["pi", Math.PI],
]);

/** The functions and constants of the answer language, for documentation and the UI's help. */
export const ANSWER_FUNCTIONS: readonly string[] = FUNCTIONS;
export const ANSWER_CONSTANTS: readonly string[] = [...CONSTANTS.keys()];

export type AnswerExpr =
  | { readonly kind: "number"; readonly value: number; readonly column: number }
  | { readonly kind: "constant"; readonly name: string; readonly value: number; readonly column: number }
  | { readonly kind: "variable"; readonly name: string; readonly column: number }
  | { readonly kind: "negate"; readonly operand: AnswerExpr; readonly column: number }
  | { readonly kind: "binary"; readonly op: "+" | "-" | "*" | "/" | "^"; readonly left: AnswerExpr; readonly right: AnswerExpr; readonly column: number }
  | { readonly kind: "call"; readonly fn: FunctionName; readonly args: readonly AnswerExpr[]; readonly column: number }
  | { readonly kind: "array"; readonly items: readonly AnswerExpr[]; readonly column: number };

type TokenKind = "number" | "name" | "op" | "end";
interface Token {
  readonly kind: TokenKind;
  /** The token as read (ASCII). */
  readonly text: string;
  /** The token as the student typed it (`（` for `(`), for messages. */
  readonly typed: string;
  readonly column: number;
  readonly value?: number;
}

class ReadFailure extends Error {
  constructor(
    readonly issue: ReadIssue,
    readonly column: number | null,
  ) {
    super(issue.key);
  }
}

const fail = (key: ReadIssueKey, column: number | null, params: Record<string, string | number> = {}): never => {
  throw new ReadFailure({ key, params }, column);
};

/**
 * The text as read: every typed look-alike as its ASCII meaning (full-width `－０．５` as `-0.5`, the
 * minus sign, ×, ÷, see graph-lang/typed-text.ts) and vulgar fractions in parentheses (`½` as `(1/2)`).
 * `origin[i]` is the index in the typed text of the character that gave `text[i]`, so every column
 * reported points at what the student typed.
 */
function readTyped(typed: string): { text: string; origin: number[] } {
  let text = "";
  const origin: number[] = [];
  for (let i = 0; i < typed.length; i++) {
    const ch = typed[i]!;
    const fraction = VULGAR_FRACTIONS.get(ch);
    const ascii = fraction === undefined ? asciiOf(ch) : `(${fraction})`;
    text += ascii;
    for (let k = 0; k < ascii.length; k++) origin.push(i);
  }
  origin.push(typed.length);
  return { text, origin };
}

/** The character typed at a UTF-16 index, whole even when it is a surrogate pair. */
function typedAt(typed: string, index: number): string {
  return String.fromCodePoint(typed.codePointAt(index)!);
}

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

function tokenize(typed: string): Token[] {
  const { text, origin } = readTyped(typed);
  const tokens: Token[] = [];
  const typedSpan = (start: number, end: number) => typed.slice(origin[start], origin[end - 1]! + 1);
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const column = origin[i]! + 1;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9.]/.test(ch)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m === null) fail("unexpected", column, { token: typedAt(typed, origin[i]!) });
      const end = i + m![0].length;
      // "0.5.3": a second decimal point right after a number.
      if (text[end] === ".") fail("unexpected", origin[end]! + 1, { token: typedAt(typed, origin[end]!) });
      tokens.push({ kind: "number", text: m![0], typed: typedSpan(i, end), column, value: Number(m![0]) });
      i = end;
      continue;
    }
    if (ch === "\u03c0") {
      tokens.push({ kind: "name", text: "pi", typed: "\u03c0", column });
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      NAME.lastIndex = i;
      const m = NAME.exec(text)!;
      tokens.push({ kind: "name", text: m[0], typed: typedSpan(i, i + m[0].length), column });
      i += m[0].length;
      continue;
    }
    if (ch === "*" && text[i + 1] === "*") {
      tokens.push({ kind: "op", text: "^", typed: typedSpan(i, i + 2), column });
      i += 2;
      continue;
    }
    if ("+-*/^()[],".includes(ch)) {
      tokens.push({ kind: "op", text: ch, typed: typedSpan(i, i + 1), column });
      i++;
      continue;
    }
    fail("unexpected", column, { token: typedAt(typed, origin[i]!) });
  }
  tokens.push({ kind: "end", text: "", typed: "", column: typed.length + 1 });
  return tokens;
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly variables: ReadonlySet<string> | "any",
    private readonly limits: AnswerLimits,
  ) {}

  parse(): AnswerExpr {
    const expr = this.expression();
    const t = this.peek();
    if (t.kind !== "end") this.unexpected(t);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    return this.tokens[this.at++]!;
  }

  private isOp(t: Token, text: string): boolean {
    return t.kind === "op" && t.text === text;
  }

  private enter(column: number): void {
    if (++this.depth > this.limits.maxDepth) fail("too-deep", column, { limit: this.limits.maxDepth });
  }

  private unexpected(t: Token): never {
    if (t.kind === "end") return fail("unexpected-end", t.column);
    const previous = this.tokens[this.at - 1];
    if (t.kind === "op" && t.text === "," && previous?.kind === "number" && this.tokens[this.at + 1]?.kind === "number") {
      return fail("decimal-comma", t.column);
    }
    const implicit =
      previous !== undefined &&
      (previous.kind === "number" || previous.kind === "name" || this.isOp(previous, ")") || this.isOp(previous, "]")) &&
      (t.kind === "number" || t.kind === "name" || this.isOp(t, "(") || this.isOp(t, "["));
    return fail(implicit ? "multiply-explicitly" : "unexpected", t.column, { token: t.typed });
  }

  private expression(): AnswerExpr {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, "+") && !this.isOp(t, "-")) return left;
      this.next();
      left = { kind: "binary", op: t.text as "+" | "-", left, right: this.term(), column: t.column };
    }
  }

  private term(): AnswerExpr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, "*") && !this.isOp(t, "/")) return left;
      this.next();
      left = { kind: "binary", op: t.text as "*" | "/", left, right: this.unary(), column: t.column };
    }
  }

  /** Unary signs bind looser than `^`: `-2^2` is -(2^2), and `2^-1` is allowed. */
  private unary(): AnswerExpr {
    const t = this.peek();
    if (this.isOp(t, "-") || this.isOp(t, "+")) {
      this.next();
      this.enter(t.column);
      const operand = this.unary();
      this.depth--;
      return t.text === "-" ? { kind: "negate", operand, column: t.column } : operand;
    }
    return this.power();
  }

  private power(): AnswerExpr {
    const base = this.primary();
    const t = this.peek();
    if (!this.isOp(t, "^")) return base;
    this.next();
    this.enter(t.column);
    const exponent = this.unary(); // right-associative: 2^3^2 = 2^(3^2)
    this.depth--;
    return { kind: "binary", op: "^", left: base, right: exponent, column: t.column };
  }

  private primary(): AnswerExpr {
    const t = this.next();
    if (t.kind === "number") return { kind: "number", value: t.value!, column: t.column };
    if (t.kind === "name") return this.name(t);
    if (this.isOp(t, "(")) {
      this.enter(t.column);
      const inner = this.expression();
      this.close(")", t);
      this.depth--;
      return inner;
    }
    if (this.isOp(t, "[")) return this.array(t);
    this.at--;
    return this.unexpected(t);
  }

  private name(t: Token): AnswerExpr {
    const open = this.peek();
    if (FUNCTION_SET.has(t.text)) {
      if (!this.isOp(open, "(")) fail("function-needs-parentheses", t.column, { name: t.text });
      this.next();
      this.enter(open.column);
      const args = [this.expression()];
      // Only a function of several arguments reads a comma as a separator: in exp(0,5) it stays a decimal comma.
      const forms = MULTI_FUNCTIONS.get(t.text);
      while (forms !== undefined && this.isOp(this.peek(), ",")) {
        this.next();
        args.push(this.expression());
      }
      this.close(")", open);
      this.depth--;
      if (forms !== undefined && !forms.has(args.length)) {
        fail("argument-count", t.column, { name: t.text, expected: [...forms.keys()].join("–"), count: args.length });
      }
      return { kind: "call", fn: t.text, args, column: t.column };
    }
    if (this.isOp(open, "(")) fail("unknown-function", t.column, { name: t.text });
    const constant = CONSTANTS.get(t.text);
    if (constant !== undefined && !(this.variables !== "any" && this.variables.has(t.text))) {
      return { kind: "constant", name: t.text, value: constant, column: t.column };
    }
    if (this.variables === "any" || this.variables.has(t.text)) return { kind: "variable", name: t.text, column: t.column };
    return fail("unknown-name", t.column, { name: t.text });
  }

  private array(open: Token): AnswerExpr {
    this.enter(open.column);
    const items: AnswerExpr[] = [];
    if (this.isOp(this.peek(), "]")) fail("empty-array", open.column);
    for (;;) {
      items.push(this.expression());
      const t = this.peek();
      if (this.isOp(t, ",")) {
        this.next();
        continue;
      }
      this.close("]", open);
      break;
    }
    this.depth--;
    return { kind: "array", items, column: open.column };
  }

  private close(bracket: ")" | "]", open: Token): void {
    const t = this.peek();
    if (this.isOp(t, bracket)) {
      this.next();
      return;
    }
    if (t.kind === "end") fail("unclosed", open.column, { bracket: open.typed });
    this.unexpected(t);
  }
}

/** A value of the answer language: a number, or nested arrays of numbers. */
type Value = number | Value[];

function checkedNumber(x: number, column: number): number {
  if (!Number.isFinite(x)) fail("not-finite", column);
  return x;
}

function scalarOperand(v: Value, column: number): number {
  if (typeof v !== "number") fail("array-arithmetic", column);
  return v as number;
}

/** The engine's own rule for a function the graph language also has, so both compute the same number. */
function engineRule(name: "exp" | "log" | "sqrt" | "abs" | "tanh" | "sigmoid"): (x: number) => number {
  const rule = getOperation(name).elementwise!;
  return (x) => rule.value(x, 0);
}

const FUNCTION_VALUES: Record<FunctionName, (x: number) => number> = {
  ...Object.fromEntries(REGISTRY_FUNCTIONS.map((name) => [name, (x: number) => getOperation(name).elementwise!.value(x, 0)])),
  exp: engineRule("exp"),
  ln: engineRule("log"),
  log: engineRule("log"),
  log10: Math.log10,
  log2: Math.log2,
  sqrt: engineRule("sqrt"),
  abs: engineRule("abs"),
  tanh: engineRule("tanh"),
  sigmoid: engineRule("sigmoid"),
};

/**
 * A call of a function of several arguments with `count` arguments: the engine operation it applies and
 * the numbers that stand for the arguments left out (the graph language's defaults), or null.
 */
export function multiFunctionCall(fn: string, count: number): { op: OpName; defaults: readonly number[] } | null {
  const op = MULTI_FUNCTIONS.get(fn)?.get(count);
  if (op === undefined) return null;
  const defaults = GRAPH_FUNCTIONS.get(fn)!.defaults;
  return { op, defaults: defaults.slice(defaults.length - (OPS[op].arity - count)) };
}

/** A function of several arguments, by the engine's elementwise operation (left-out arguments take the graph language's defaults). */
function applyMultiFunction(fn: FunctionName, xs: readonly number[], column: number): number {
  const { op: name, defaults } = multiFunctionCall(fn, xs.length)!;
  const op = getOperation(name);
  const ins = [...xs, ...defaults].map((x) => scalar(x));
  if (op.domainError(ins) !== null) fail("outside-domain", column, { fn, value: xs.join(", ") });
  return checkedNumber(op.forward(ins).data[0]!, column);
}

function applyFunction(fn: FunctionName, x: number, column: number): number {
  if ((fn === "ln" || fn === "log" || fn === "log10" || fn === "log2") && x <= 0) {
    fail("outside-domain", column, { fn, value: x });
  }
  if (fn === "sqrt" && x < 0) fail("outside-domain", column, { fn, value: x });
  if (REGISTRY_FUNCTIONS.includes(fn) && getOperation(fn).elementwise!.domain?.(x, 0) != null) fail("outside-domain", column, { fn, value: x });
  return checkedNumber(FUNCTION_VALUES[fn]!(x), column);
}

function applyBinary(op: "+" | "-" | "*" | "/" | "^", a: number, b: number, column: number): number {
  switch (op) {
    case "+":
      return checkedNumber(a + b, column);
    case "-":
      return checkedNumber(a - b, column);
    case "*":
      return checkedNumber(a * b, column);
    case "/":
      if (b === 0) fail("division-by-zero", column);
      return checkedNumber(a / b, column);
    case "^":
      if (a === 0 && b < 0) fail("division-by-zero", column);
      if (a < 0 && !Number.isInteger(b)) fail("outside-domain", column, { fn: "^", value: a });
      return checkedNumber(Math.pow(a, b), column);
  }
}

/** Evaluates a parsed expression; variables are read from `bindings`. Throws ReadFailure. */
function evaluateExpr(expr: AnswerExpr, bindings: Readonly<Record<string, number>>): Value {
  switch (expr.kind) {
    case "number":
      return checkedNumber(expr.value, expr.column);
    case "constant":
      return expr.value;
    case "variable": {
      const v = Object.prototype.hasOwnProperty.call(bindings, expr.name) ? bindings[expr.name] : undefined;
      if (v === undefined) return fail("unknown-name", expr.column, { name: expr.name });
      return v;
    }
    case "negate":
      return -scalarOperand(evaluateExpr(expr.operand, bindings), expr.column);
    case "binary": {
      const a = scalarOperand(evaluateExpr(expr.left, bindings), expr.column);
      const b = scalarOperand(evaluateExpr(expr.right, bindings), expr.column);
      return applyBinary(expr.op, a, b, expr.column);
    }
    case "call": {
      const xs = expr.args.map((arg) => scalarOperand(evaluateExpr(arg, bindings), expr.column));
      return MULTI_FUNCTIONS.has(expr.fn) ? applyMultiFunction(expr.fn, xs, expr.column) : applyFunction(expr.fn, xs[0]!, expr.column);
    }
    case "array":
      return expr.items.map((item) => evaluateExpr(item, bindings));
  }
}

/** A rectangular array of at most two dimensions, as a tensor. */
function toTensor(value: Value, column: number, limits: AnswerLimits): Tensor {
  if (typeof value === "number") return tensor([], [value]);
  const shape = leadingShape(value);
  if (shape.length > 2) fail("too-many-dimensions", column, { count: shape.length });
  if (sizeOf(shape) > limits.maxElements) fail("too-many-elements", column, { limit: limits.maxElements });
  // The parser refuses empty arrays and every number is finite, so the only way left to fail is a ragged array.
  const read = readNested(value);
  if ("error" in read) return fail("ragged", column);
  return read.tensor;
}

function quote(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return `\`${shown}\``;
}

/**
 * The English reason of an issue, as the command line and `AnswerError.message` give it (the UI
 * translates from the key instead). Two reasons say more here than in the catalog: the list of
 * functions, and what a power of a negative number means.
 */
export function englishReason(issue: ReadIssue): string {
  const p = issue.params;
  if (issue.key === "unknown-function") return `unknown function \`${p.name}\` (the functions are ${FUNCTIONS.join(", ")})`;
  if (issue.key === "outside-domain" && p.fn === "^") return `a negative number (${p.value}) raised to a non-integer power`;
  return fillTemplate(READ_ISSUE_TEXTS[issue.key], p);
}

export function answerError(text: string, issue: ReadIssue, column: number | null): AnswerError {
  const where = column === null ? "" : ` at column ${column}`;
  const what = text.trim() === "" || issue.key === "too-long" ? "the answer" : quote(text);
  return { message: `could not read ${what}: ${englishReason(issue)}${where}`, column, issue, text };
}

function limitsOf(overrides?: Partial<AnswerLimits>): AnswerLimits {
  return { ...DEFAULT_ANSWER_LIMITS, ...overrides };
}

function parseText(
  text: string,
  variables: ReadonlySet<string> | "any",
  limits: AnswerLimits,
): { ok: true; expr: AnswerExpr } | { ok: false; error: AnswerError } {
  try {
    if (text.length > limits.maxLength) fail("too-long", null, { length: text.length, limit: limits.maxLength });
    if (text.trim() === "") fail("empty", null);
    return { ok: true, expr: new Parser(tokenize(text), variables, limits).parse() };
  } catch (error) {
    if (error instanceof ReadFailure) return { ok: false, error: answerError(text, error.issue, error.column) };
    throw error;
  }
}

/** Reads one answer text to a tensor (a scalar, a vector or a matrix). Never throws on bad input. */
export function parseAnswer(text: string, limits?: Partial<AnswerLimits>): AnswerResult {
  const l = limitsOf(limits);
  const parsed = parseText(text, new Set(), l);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, value: toTensor(evaluateExpr(parsed.expr, {}), parsed.expr.column, l) };
  } catch (error) {
    if (error instanceof ReadFailure) return { ok: false, error: answerError(text, error.issue, error.column) };
    throw error;
  }
}

/** An expression in variables, parsed once and evaluated at many points. */
export interface CompiledExpression {
  readonly text: string;
  /** The tree as read (for showing how it was read, and for rewriting it into named mistakes). */
  readonly expr: AnswerExpr;
  /** The variable names it uses, sorted. */
  readonly variables: readonly string[];
  /** The value at a point, or the reason it is undefined there (division by zero, log of a negative...). */
  evaluate(at: Readonly<Record<string, number>>): AnswerResult;
}

/**
 * Parses an expression whose free names are variables. With `variables` given, any other name is an
 * "unknown name" error located at it; with "any", every name that is not a function or constant is a
 * variable. `e` and `pi` are constants unless listed as variables.
 */
export function parseExpression(
  text: string,
  options: { variables?: ReadonlySet<string> | "any"; limits?: Partial<AnswerLimits> } = {},
): { ok: true; value: CompiledExpression } | { ok: false; error: AnswerError } {
  const l = limitsOf(options.limits);
  const parsed = parseText(text, options.variables ?? "any", l);
  if (!parsed.ok) return parsed;
  const expr = parsed.expr;
  const names = new Set<string>();
  const stack: AnswerExpr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === "variable") names.add(e.name);
    else if (e.kind === "negate") stack.push(e.operand);
    else if (e.kind === "binary") stack.push(e.left, e.right);
    else if (e.kind === "call") stack.push(...e.args);
    else if (e.kind === "array") stack.push(...e.items);
  }
  return {
    ok: true,
    value: {
      text,
      expr,
      variables: [...names].sort(),
      evaluate: (at) => evaluateAnswerExpr(expr, at, { text, limits: l }),
    },
  };
}

/**
 * The value of any tree of the answer language at a point, or why it is undefined there. Trees need not
 * come from a text: rewrites of a parsed formula (expression-mistakes.ts) are evaluated the same way.
 */
export function evaluateAnswerExpr(
  expr: AnswerExpr,
  at: Readonly<Record<string, number>>,
  options: { text?: string; limits?: Partial<AnswerLimits> } = {},
): AnswerResult {
  try {
    return { ok: true, value: toTensor(evaluateExpr(expr, at), expr.column, limitsOf(options.limits)) };
  } catch (error) {
    if (error instanceof ReadFailure) return { ok: false, error: answerError(options.text ?? "", error.issue, error.column) };
    throw error;
  }
}
