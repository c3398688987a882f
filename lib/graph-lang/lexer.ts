/**
 * Tokens on demand (the parser pulls them, so a large source is never held as a token array).
 * Newlines end statements, except inside parentheses or brackets, where a long matrix may span lines.
 * The lexer also enforces the source-size and nesting limits, so the parser's recursion is bounded.
 */
import type { Position } from "./ast";
import { GraphError } from "./errors";
import { endsLine, lineBreakAt, lineEnd } from "./lines";
import { graphMessage, type GraphMessage } from "./messages";
import type { GraphLimits } from "./limits";
import { toAsciiTyped } from "./typed-text";

export type TokenType = "number" | "name" | "punct" | "newline" | "eof";

export interface Token {
  readonly type: TokenType;
  /** The text as written ("" for end of input, "\n" for a newline). */
  readonly text: string;
  readonly pos: Position;
}

const PUNCTUATION = new Set(["+", "-", "*", "/", "^", "@", "=", ",", "(", ")", "[", "]"]);
// Tensors: '.' before a method name (x.relu()), ':' in slices (X[:, 0:2]).
PUNCTUATION.add(".");
PUNCTUATION.add(":");

export function describeToken(t: Token): GraphMessage {
  switch (t.type) {
    case "eof":
      return graphMessage("token.eof");
    case "newline":
      return graphMessage("token.newline");
    case "number":
      return graphMessage("token.number", { text: t.text });
    case "name":
      return graphMessage("token.name", { text: t.text });
    default:
      return graphMessage("token.punct", { text: t.text });
  }
}

export class Lexer {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  /** Open brackets, innermost last, for the nesting limit and "unclosed" messages. */
  private readonly open: Token[] = [];
  private lookahead: Token | null = null;
  /**
   * The text scanned: the source with full-width and other typed look-alikes read as ASCII (`（` as
   * `(`, `２` as `2`), unit for unit, so positions are the same in both. Errors quote `source`, as typed.
   */
  readonly text: string;

  constructor(
    private readonly source: string,
    private readonly limits: GraphLimits,
  ) {
    checkSourceSize(source, limits.maxSourceBytes);
    this.text = toAsciiTyped(source);
  }

  peek(): Token {
    if (this.lookahead === null) this.lookahead = this.scan();
    return this.lookahead;
  }

  next(): Token {
    const t = this.peek();
    this.lookahead = null;
    return t;
  }

  error(message: GraphMessage, pos: Position): GraphError {
    return new GraphError("syntax", message, pos, this.source);
  }

  private position(): Position {
    return { line: this.line, column: this.offset - this.lineStart + 1, offset: this.offset };
  }

  private newline(length: number): void {
    this.offset += length;
    this.line++;
    this.lineStart = this.offset;
  }

  private scan(): Token {
    const src = this.text;
    for (;;) {
      if (this.offset >= src.length) {
        const pos = this.position();
        const unclosed = this.open[this.open.length - 1];
        if (unclosed !== undefined) {
          throw this.error(neverClosed(unclosed), unclosed.pos);
        }
        return { type: "eof", text: "", pos };
      }
      const c = src.charCodeAt(this.offset);
      if (c === 10 /* \n */ || c === 13 /* \r */) {
        const pos = this.position();
        this.newline(lineBreakAt(src, this.offset));
        if (this.open.length === 0) return { type: "newline", text: "\n", pos };
        continue;
      }
      if (c === 32 || c === 9) {
        this.offset++;
        continue;
      }
      if (c === 35 /* # */) {
        this.offset = lineEnd(src, this.offset);
        continue;
      }
      break;
    }
    const pos = this.position();
    const ch = src[this.offset]!;
    if (isDigit(ch) || (ch === "." && isDigit(src[this.offset + 1] ?? ""))) return this.number(pos);
    if (isNameStart(ch)) {
      let end = this.offset + 1;
      while (end < src.length && isNamePart(src[end]!)) end++;
      const text = src.slice(this.offset, end);
      this.offset = end;
      return { type: "name", text, pos };
    }
    // Two-character operators: `**` (power, as in Python) and the compound assignments `+= -= *= /=`.
    const pair = src.slice(this.offset, this.offset + 2);
    if (pair === "**" || pair === "+=" || pair === "-=" || pair === "*=" || pair === "/=") {
      this.offset += 2;
      return { type: "punct", text: pair, pos };
    }
    if (PUNCTUATION.has(ch)) {
      this.offset++;
      const token: Token = { type: "punct", text: ch, pos };
      if (ch === "(" || ch === "[") {
        this.open.push(token);
        if (this.open.length > this.limits.maxNesting) {
          throw new GraphError("limit", graphMessage("too-deep", { limit: this.limits.maxNesting }), pos, this.source);
        }
      } else if (ch === ")" || ch === "]") {
        const opener = this.open.pop();
        const expected = ch === ")" ? "(" : "[";
        if (opener === undefined) throw this.error(graphMessage("no-opener", { bracket: ch, expected }), pos);
        if (opener.text !== expected) {
          throw this.error(graphMessage("mismatched-bracket", { bracket: ch, opener: opener.text, line: opener.pos.line, column: opener.pos.column }), pos);
        }
      }
      return token;
    }
    const typed = String.fromCodePoint(this.source.codePointAt(this.offset)!);
    throw this.error(graphMessage("unexpected-character", { char: typed }), pos);
  }

  /**
   * The innermost bracket open now that no later bracket of the source closes, if any: after an error
   * on a later line, that bracket (where it opened) is the thing to fix, as Python 3.10+ reports it.
   */
  neverClosedBracket(): Token | null {
    for (let k = this.open.length - 1; k >= 0; k--) {
      const opener = this.open[k]!;
      if (!closedLater(this.text, opener.pos.offset)) return opener;
    }
    return null;
  }

  /** digits [. digits] [e [+-] digits], or . digits [...] */
  private number(pos: Position): Token {
    const src = this.text;
    let i = this.offset;
    while (isDigit(src[i] ?? "")) i++;
    if (src[i] === ".") {
      i++;
      while (isDigit(src[i] ?? "")) i++;
    }
    if (src[i] === "e" || src[i] === "E") {
      let j = i + 1;
      if (src[j] === "+" || src[j] === "-") j++;
      if (!isDigit(src[j] ?? "")) {
        throw this.error(graphMessage("exponent-digits", { text: src.slice(this.offset, j) }), pos);
      }
      while (isDigit(src[j] ?? "")) j++;
      i = j;
    }
    if (isNameStart(src[i] ?? "") || src[i] === ".") {
      let j = i;
      while (j < src.length && (isNamePart(src[j]!) || src[j] === ".")) j++;
      throw this.error(graphMessage("number-then-name", { text: src.slice(this.offset, j) }), pos);
    }
    const text = src.slice(this.offset, i);
    this.offset = i;
    return { type: "number", text, pos };
  }
}

/** "'(' on line 2, column 5 was never closed". */
export function neverClosed(opener: Token): GraphMessage {
  return graphMessage("never-closed", { bracket: opener.text, line: opener.pos.line, column: opener.pos.column });
}

/** Whether the bracket at `offset` is closed somewhere after it (brackets counted, comments skipped). */
function closedLater(text: string, offset: number): boolean {
  let depth = 0;
  for (let i = offset; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "#") i = lineEnd(text, i) - 1;
    else if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") {
      depth--;
      if (depth === 0) return true;
    }
  }
  return false;
}

function isDigit(ch: string): boolean {
  return ch >= "0" && ch <= "9";
}

function isNameStart(ch: string): boolean {
  return (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || ch === "_";
}

function isNamePart(ch: string): boolean {
  return isNameStart(ch) || isDigit(ch);
}

/** UTF-8 size without a Node Buffer (the language also runs in the browser); points at the first byte over. */
function checkSourceSize(source: string, maxBytes: number): void {
  if (source.length * 3 <= maxBytes) return; // cannot exceed even if every unit took 3 bytes
  let bytes = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > maxBytes) {
      throw new GraphError(
        "limit",
        graphMessage("too-large", { kb: Math.round(maxBytes / 1024), bytes: maxBytes }),
        { line, column: i - lineStart + 1 },
        source,
      );
    }
    if (endsLine(source, i)) {
      line++;
      lineStart = i + 1;
    }
  }
}
