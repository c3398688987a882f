/**
 * A hand-written recursive-descent parser (precedence climbing), from lowest to highest precedence:
 *
 *   program    := line*            line := statement? ('#' comment)? newline
 *   statement  := 'input' decl (',' decl)*  |  'output' NAME  |  NAME ('=' | '+=' | '-=' | '*=' | '/=') expr
 *                 (a name may be assigned again: it then refers to its latest binding; c += x is c = c + (x))
 *   decl       := NAME ('[' INT (',' INT)* ']')? ('=' literal)?
 *   expr       := term (('+' | '-') term)*
 *   term       := unary (('*' | '/' | '@') unary)*
 *   unary      := '-'* power                       (-x^2 is -(x^2), as in mathematics)
 *   power      := primary (('^' | '**') '-'* primary)*   (right-associative: a^b^c is a^(b^c); ** is ^)
 *   primary    := NUMBER | array | (NAME | NAME '(' args ')' | '(' expr ')') postfix*
 *   args       := (expr (',' expr)*)? (',' NAME '=' INT)*   keyword arguments last: sum(X, axis=0)
 *   postfix    := '.' NAME '(' args ')'                  a method call: x.relu(), X.sum(axis=0)
 *              |  '[' entry (',' entry)* ']'             indexing: X[0], X[:, 1], v[1:3]
 *   entry      := INT | INT? ':' INT?                    zero-based; a negative INT counts from the end
 *   array      := '[' expr (',' expr)* ']'  |  '[' array (',' array)* ']'   at most two levels; numbers
 *                 only make a constant, any other entry a `stack` node (input defaults: numbers only)
 *
 * Recursion happens only on parentheses and brackets, whose depth the lexer caps (200 by default);
 * chains of minus signs and powers are gathered in loops, so no input can overflow the stack.
 */
import type { Assignment, Expr, IndexEntry, InputDecl, InputStatement, KeywordArg, Literal, OutputStatement, Position, Program, Statement } from "./ast";
import { GraphError, suggestion } from "./errors";
import { METHODS } from "./functions";
import { Lexer, type Token, describeToken, neverClosed } from "./lexer";
import { type GraphLimits, resolveLimits } from "./limits";
import { graphMessage, type GraphMessage } from "./messages";

const KEYWORDS = new Set(["input", "output"]);

/** Compound assignments: `c op= x` is `c = c op (x)`. */
const COMPOUND: Readonly<Record<string, "+" | "-" | "*" | "/" | undefined>> = { "+=": "+", "-=": "-", "*=": "*", "/=": "/" };

export function parseGraph(source: string, options: { limits?: Partial<GraphLimits> } = {}): Program {
  const parser = new Parser(source, resolveLimits(options.limits));
  return { source, statements: parser.program() };
}

class Parser {
  private readonly lexer: Lexer;

  constructor(
    private readonly source: string,
    limits: GraphLimits,
  ) {
    this.lexer = new Lexer(source, limits);
  }

  program(): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      const t = this.lexer.peek();
      if (t.type === "eof") return statements;
      if (t.type === "newline") {
        this.lexer.next();
        continue;
      }
      statements.push(this.statement());
      const end = this.lexer.peek();
      if (end.type !== "newline" && end.type !== "eof") {
        throw this.error(graphMessage("after-statement", { token: describeToken(end) }), end);
      }
    }
  }

  private error(message: GraphMessage, at: Token | Position): GraphError {
    const pos = "pos" in at ? at.pos : at;
    // A bracket left open swallows the next lines (newlines do not end a statement inside it), so an
    // error on a later line is reported where that bracket opened.
    const unclosed = this.lexer.neverClosedBracket();
    if (unclosed !== null && unclosed.pos.line < pos.line) return new GraphError("syntax", neverClosed(unclosed), unclosed.pos, this.source);
    return new GraphError("syntax", message, pos, this.source);
  }

  private isPunct(t: Token, text: string): boolean {
    return t.type === "punct" && t.text === text;
  }

  private expect(text: string, context: GraphMessage): Token {
    const t = this.lexer.next();
    if (!this.isPunct(t, text)) throw this.error(graphMessage("expected-punct", { punct: text, context, token: describeToken(t) }), t);
    return t;
  }

  private statement(): Statement {
    const first = this.lexer.next();
    if (first.type !== "name") {
      throw this.error(graphMessage("expected-statement", { token: describeToken(first) }), first);
    }
    if (first.text === "input") return this.inputStatement(first);
    if (first.text === "output") return this.outputStatement();
    const eq = this.lexer.next();
    const compound = eq.type === "punct" ? COMPOUND[eq.text] : undefined;
    if (compound !== undefined) {
      if (KEYWORDS.has(first.text)) throw this.error(graphMessage("keyword-assigned", { name: first.text }), first);
      // c += x is c = c + (x): the right-hand side is one operand, as in Python.
      const expr: Expr = {
        kind: "binary",
        op: compound,
        left: { kind: "name", name: first.text, pos: first.pos },
        right: this.expression(),
        pos: eq.pos,
        compound: true,
      };
      return { kind: "assign", name: first.text, pos: first.pos, expr };
    }
    if (!this.isPunct(eq, "=")) {
      throw this.error(graphMessage("expected-equals", { name: first.text, token: describeToken(eq) }), eq);
    }
    const assignment: Assignment = { kind: "assign", name: first.text, pos: first.pos, expr: this.expression() };
    return assignment;
  }

  private declaredName(what: GraphMessage): Token {
    const t = this.lexer.next();
    if (t.type !== "name") throw this.error(graphMessage("expected-what", { what, token: describeToken(t) }), t);
    if (KEYWORDS.has(t.text)) throw this.error(graphMessage("keyword-as-name", { name: t.text }), t);
    return t;
  }

  private inputStatement(keyword: Token): InputStatement {
    const decls: InputDecl[] = [];
    do {
      const name = this.declaredName(graphMessage("what.input-name"));
      let shape: number[] | null = null;
      if (this.isPunct(this.lexer.peek(), "[")) {
        this.lexer.next();
        shape = [];
        do {
          const d = this.lexer.next();
          if (d.type !== "number" || !/^[0-9]+$/.test(d.text) || Number(d.text) < 1) {
            throw this.error(graphMessage("expected-dimension", { token: describeToken(d) }), d);
          }
          shape.push(Number(d.text));
        } while (this.isPunct(this.lexer.peek(), ",") && this.lexer.next());
        const close = this.expect("]", graphMessage("context.after-dimensions"));
        if (shape.length > 2) throw this.error(graphMessage("declared-dimensions", { name: name.text, count: shape.length }), close);
      }
      let defaultValue: Literal | null = null;
      if (this.isPunct(this.lexer.peek(), "=")) {
        this.lexer.next();
        defaultValue = this.literalValue();
      }
      decls.push({ name: name.text, pos: name.pos, shape, defaultValue });
    } while (this.isPunct(this.lexer.peek(), ",") && this.lexer.next());
    return { kind: "input", decls, pos: keyword.pos };
  }

  private outputStatement(): OutputStatement {
    const name = this.declaredName(graphMessage("what.output-name"));
    return { kind: "output", name: name.text, pos: name.pos };
  }

  /** An input's default: a number (with an optional sign) or an array of numbers. */
  private literalValue(): Literal {
    const t = this.lexer.peek();
    if (this.isPunct(t, "[")) return this.arrayLiteral();
    const value = this.signedNumber();
    if (value === null) {
      throw this.error(graphMessage("expected-default", { token: describeToken(this.lexer.peek()) }), this.lexer.peek());
    }
    return value;
  }

  /** -?NUMBER as one literal, or null (nothing consumed) when the next token is not a number or '-'. */
  private signedNumber(): Literal | null {
    const t = this.lexer.peek();
    if (this.isPunct(t, "-")) {
      this.lexer.next();
      const n = this.lexer.next();
      if (n.type !== "number") throw this.error(graphMessage("expected-number-after-minus", { token: describeToken(n) }), n);
      return this.number(n, `-${n.text}`, t.pos);
    }
    if (t.type !== "number") return null;
    this.lexer.next();
    return this.number(t, t.text, t.pos);
  }

  private arrayLiteral(): Literal {
    const open = this.lexer.next();
    // Rows of a matrix, or the numbers of a vector; nesting deeper than two levels is rejected below.
    const first = this.lexer.peek();
    if (this.isPunct(first, "]")) throw this.error(graphMessage("empty-array"), first);
    if (this.isPunct(first, "[")) {
      const rows: Literal[] = [];
      do {
        const rowStart = this.lexer.peek();
        if (!this.isPunct(rowStart, "[")) throw this.error(graphMessage("expected-row", { token: describeToken(rowStart) }), rowStart);
        const row = this.arrayLiteral();
        if (row.shape.length !== 1) throw this.error(graphMessage("at-most-two-dimensions"), row.pos);
        if (rows.length > 0 && row.shape[0] !== rows[0]!.shape[0]) {
          throw this.error(
            graphMessage(row.shape[0] === 1 ? "ragged.one" : "ragged", { row: rows.length + 1, count: row.shape[0]!, first: rows[0]!.shape[0]! }),
            row.pos,
          );
        }
        rows.push(row);
      } while (this.isPunct(this.lexer.peek(), ",") && this.lexer.next());
      const close = this.expect("]", graphMessage("context.close-matrix"));
      return {
        kind: "literal",
        shape: [rows.length, rows[0]!.shape[0]!],
        data: rows.flatMap((r) => r.data),
        text: this.lexer.text.slice(open.pos.offset, close.pos.offset + 1),
        pos: open.pos,
      };
    }
    const data: number[] = [];
    do {
      const n = this.signedNumber();
      if (n === null) {
        const t = this.lexer.peek();
        throw this.error(graphMessage("default-numbers-only", { token: describeToken(t) }), t);
      }
      data.push(n.data[0]!);
    } while (this.isPunct(this.lexer.peek(), ",") && this.lexer.next());
    const close = this.expect("]", graphMessage("context.close-array"));
    return { kind: "literal", shape: [data.length], data, text: this.lexer.text.slice(open.pos.offset, close.pos.offset + 1), pos: open.pos };
  }

  /**
   * An array in an expression: entries are expressions, or rows (arrays of one level). Numbers only give
   * the same constant `Literal` as an input's default; anything else an `ArrayExpr` (a stack node).
   */
  private arrayExpression(isRow: boolean): Expr {
    const open = this.lexer.next();
    const first = this.lexer.peek();
    if (this.isPunct(first, "]")) throw this.error(graphMessage("empty-array"), first);
    const elements: Expr[] = [];
    if (this.isPunct(first, "[")) {
      if (isRow) throw this.error(graphMessage("row-of-arrays"), open);
      do {
        const rowStart = this.lexer.peek();
        if (!this.isPunct(rowStart, "[")) throw this.error(graphMessage("expected-row", { token: describeToken(rowStart) }), rowStart);
        const row = this.arrayExpression(true);
        const count = (r: Expr) => (r.kind === "literal" ? r.shape[0]! : r.kind === "array" ? r.elements.length : 1);
        if (elements.length > 0 && count(row) !== count(elements[0]!)) {
          const n = count(row);
          throw this.error(graphMessage(n === 1 ? "ragged.one" : "ragged", { row: elements.length + 1, count: n, first: count(elements[0]!) }), row.pos);
        }
        elements.push(row);
      } while (this.isPunct(this.lexer.peek(), ",") && this.lexer.next());
      const close = this.expect("]", graphMessage("context.close-matrix"));
      if (elements.every((r) => r.kind === "literal")) {
        return {
          kind: "literal",
          shape: [elements.length, elements[0]!.shape[0]!],
          data: elements.flatMap((r) => r.data),
          text: this.lexer.text.slice(open.pos.offset, close.pos.offset + 1),
          pos: open.pos,
        };
      }
      return { kind: "array", elements, pos: open.pos };
    }
    do elements.push(this.expression());
    while (this.isPunct(this.lexer.peek(), ",") && this.lexer.next());
    const close = this.expect("]", graphMessage("context.close-array"));
    if (elements.every((e) => e.kind === "literal" && e.shape.length === 0)) {
      const data = elements.map((e) => (e as Literal).data[0]!);
      return { kind: "literal", shape: [data.length], data, text: this.lexer.text.slice(open.pos.offset, close.pos.offset + 1), pos: open.pos };
    }
    return { kind: "array", elements, pos: open.pos };
  }

  private number(token: Token, text: string, pos: Position): Literal {
    const literal = numberLiteral(text, pos);
    if (!Number.isFinite(literal.data[0])) throw this.error(graphMessage("number-too-large", { text: token.text }), token);
    return literal;
  }

  expression(): Expr {
    let left = this.term();
    for (;;) {
      const t = this.lexer.peek();
      if (!this.isPunct(t, "+") && !this.isPunct(t, "-")) return left;
      this.lexer.next();
      left = { kind: "binary", op: t.text as "+" | "-", left, right: this.term(), pos: t.pos };
    }
  }

  private term(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.lexer.peek();
      if (!this.isPunct(t, "*") && !this.isPunct(t, "/") && !this.isPunct(t, "@")) return left;
      this.lexer.next();
      left = { kind: "binary", op: t.text as "*" | "/" | "@", left, right: this.unary(), pos: t.pos };
    }
  }

  /** The '-' tokens in front of an operand, gathered in a loop. */
  private minusSigns(): Token[] {
    const signs: Token[] = [];
    while (this.isPunct(this.lexer.peek(), "-")) signs.push(this.lexer.next());
    return signs;
  }

  private unary(): Expr {
    const signs = this.minusSigns();
    return negate(this.power(), signs);
  }

  private power(): Expr {
    const operands: Expr[] = [this.primary()];
    const carets: Token[] = [];
    const signs: Token[][] = [[]];
    while (this.isPunct(this.lexer.peek(), "^") || this.isPunct(this.lexer.peek(), "**")) {
      carets.push(this.lexer.next());
      signs.push(this.minusSigns());
      operands.push(this.primary());
    }
    // Fold from the right: a ^ -b ^ c is a ^ (-(b ^ c)).
    let k = operands.length - 1;
    let result = negate(operands[k]!, signs[k]!);
    for (k = k - 1; k >= 0; k--) {
      result = { kind: "binary", op: "^", left: operands[k]!, right: result, pos: carets[k]!.pos };
      if (k > 0) result = negate(result, signs[k]!);
    }
    return result;
  }

  private primary(): Expr {
    const t = this.lexer.peek();
    if (t.type === "number") {
      this.lexer.next();
      return this.number(t, t.text, t.pos);
    }
    if (t.type === "name") {
      this.lexer.next();
      if (KEYWORDS.has(t.text)) throw this.error(graphMessage("keyword-in-expression", { name: t.text }), t);
      if (!this.isPunct(this.lexer.peek(), "(")) return this.postfix({ kind: "name", name: t.text, pos: t.pos });
      this.lexer.next();
      const { args, keywords } = this.callArguments(t.text);
      return this.postfix({ kind: "call", callee: t.text, args, ...(keywords.length > 0 ? { keywords } : {}), pos: t.pos });
    }
    if (this.isPunct(t, "(")) {
      this.lexer.next();
      const inner = this.expression();
      this.expect(")", graphMessage("context.close-paren", { line: t.pos.line, column: t.pos.column }));
      return this.postfix(inner);
    }
    if (this.isPunct(t, "[")) return this.arrayExpression(false);
    throw this.error(graphMessage("expected-expression", { token: describeToken(t) }), t);
  }

  // Tensors: call arguments with keywords, method calls and indexing.

  /** Positional arguments, then keyword arguments (`axis=0`), up to and including the ')'. */
  private callArguments(callee: string): { args: Expr[]; keywords: KeywordArg[] } {
    const args: Expr[] = [];
    const keywords: KeywordArg[] = [];
    if (!this.isPunct(this.lexer.peek(), ")")) {
      do {
        const arg = this.expression();
        if (this.isPunct(this.lexer.peek(), "=")) {
          if (arg.kind !== "name") throw this.error(graphMessage("equals-in-arguments", { callee }), this.lexer.peek());
          this.lexer.next();
          keywords.push({ name: arg.name, value: this.wholeNumber(graphMessage("context.after-keyword", { name: arg.name })), pos: arg.pos });
        } else if (keywords.length > 0) {
          throw this.error(graphMessage("positional-after-keyword", { name: keywords[keywords.length - 1]!.name }), arg.pos);
        } else {
          args.push(arg);
        }
      } while (this.isPunct(this.lexer.peek(), ",") && this.lexer.next());
    }
    this.expect(")", graphMessage("context.close-arguments", { callee }));
    return { args, keywords };
  }

  /** Method calls and indexing after a primary, in a loop: (a*b).tanh().exp(), X[0][1], X.sum(axis=0)[2]. */
  private postfix(base: Expr): Expr {
    let result = base;
    for (;;) {
      const t = this.lexer.peek();
      if (this.isPunct(t, ".")) {
        this.lexer.next();
        const name = this.lexer.next();
        const methods = [...METHODS].map((m) => `.${m}()`).join(", ");
        if (name.type !== "name") throw this.error(graphMessage("expected-method", { token: describeToken(name), methods }), name);
        if (!METHODS.has(name.text)) throw this.error(graphMessage("unknown-method", { name: name.text, hint: suggestion(name.text, METHODS), methods }), name);
        const open = this.lexer.next();
        if (!this.isPunct(open, "(")) {
          throw this.error(graphMessage("method-needs-call", { name: name.text, token: describeToken(open) }), open);
        }
        const { args, keywords } = this.callArguments(`.${name.text}`);
        result = { kind: "call", callee: name.text, args: [result, ...args], ...(keywords.length > 0 ? { keywords } : {}), method: true, pos: name.pos };
      } else if (this.isPunct(t, "[")) {
        this.lexer.next();
        const entries: IndexEntry[] = [];
        do entries.push(this.indexEntry());
        while (this.isPunct(this.lexer.peek(), ",") && this.lexer.next());
        this.expect("]", graphMessage("context.close-index"));
        if (entries.length > 2) throw this.error(graphMessage("index-dimensions", { count: entries.length }), t);
        result = { kind: "index", target: result, entries, pos: t.pos };
      } else {
        return result;
      }
    }
  }

  /** `i`, `a:b`, `:b`, `a:`, `:`. */
  private indexEntry(): IndexEntry {
    const bound = () => {
      const t = this.lexer.peek();
      return this.isPunct(t, ":") || this.isPunct(t, ",") || this.isPunct(t, "]") ? null : this.wholeNumber(graphMessage("context.as-index"));
    };
    const start = bound();
    if (!this.isPunct(this.lexer.peek(), ":")) {
      if (start === null) {
        throw this.error(graphMessage("expected-index", { token: describeToken(this.lexer.peek()) }), this.lexer.peek());
      }
      return { kind: "pick", value: start };
    }
    this.lexer.next();
    return { kind: "slice", start, stop: bound() };
  }

  /** A whole number with an optional minus sign (indices and keyword values are written as numbers). */
  private wholeNumber(what: GraphMessage): number {
    const t = this.lexer.peek();
    const n = this.signedNumber();
    if (n === null || !/^-?[0-9]+$/.test(n.text)) {
      const token = n === null ? describeToken(this.lexer.peek()) : graphMessage("token.number", { text: n.text });
      throw this.error(graphMessage("expected-whole-number", { what, token }), t);
    }
    return n.data[0]!;
  }
}

function numberLiteral(text: string, pos: Position): Literal {
  return { kind: "literal", shape: [], data: [Number(text)], text, pos };
}

/** Applies minus signs innermost first; a sign right before a plain number becomes part of the literal. */
function negate(operand: Expr, signs: readonly Token[]): Expr {
  let result = operand;
  for (let i = signs.length - 1; i >= 0; i--) {
    const sign = signs[i]!;
    if (i === signs.length - 1 && result.kind === "literal" && result.shape.length === 0 && !result.text.startsWith("-")) {
      result = numberLiteral(`-${result.text}`, sign.pos);
    } else {
      result = { kind: "neg", operand: result, pos: sign.pos };
    }
  }
  return result;
}
