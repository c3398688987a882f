/** Errors of the graph language: a message, the line and column, and the source line with a caret. */
import { lineText } from "./lines";
import { graphMessage, plainText, renderGraphMessage, type GraphLocale, type GraphMessage } from "./messages";

export type GraphErrorKind =
  | "syntax"
  | "unknown-name"
  | "unknown-function"
  | "duplicate-name"
  | "arity"
  | "shape"
  | "undeclared-input"
  | "missing-input"
  | "limit"
  /** A value outside an operation's domain, found while evaluating (log of a non-positive number...). */
  | "domain"
  /** An overflow or a derivative that does not exist, found while evaluating. */
  | "non-finite"
  /** A malformed input value (not a number or a rectangular array of finite numbers). */
  | "value";

/** The `{"error": {...}}` body of the eval JSON contract. */
export interface GraphErrorJson {
  message: string;
  line: number | null;
  column: number | null;
}

/** What the web pages get: the JSON body plus the message by key, to show in the reader's language. */
export interface GraphErrorView extends GraphErrorJson {
  ref: GraphMessage;
}

export class GraphError extends Error {
  override readonly name = "GraphError";
  readonly kind: GraphErrorKind;
  /** 1-based; null when the error is not located in the source (e.g. a value for an undeclared input). */
  readonly line: number | null;
  readonly column: number | null;
  /** The offending source line and a caret under the spot, or null without a location. */
  readonly excerpt: string | null;
  /** The message by key and parameters; `message` is its English rendering. */
  readonly ref: GraphMessage;

  constructor(kind: GraphErrorKind, message: string | GraphMessage, at: { line: number; column: number } | null, source?: string) {
    const ref = typeof message === "string" ? plainText(message) : message;
    super(renderGraphMessage(ref, "en"));
    this.ref = ref;
    this.kind = kind;
    this.line = at?.line ?? null;
    this.column = at?.column ?? null;
    this.excerpt = at !== null && source !== undefined ? caretExcerpt(source, at.line, at.column) : null;
  }

  /** The eval JSON contract's shape (English), unchanged for the command line. */
  toJSON(): GraphErrorJson {
    return { message: this.message, line: this.line, column: this.column };
  }

  toView(): GraphErrorView {
    return { ...this.toJSON(), ref: this.ref };
  }

  /** The message alone in a language. */
  messageIn(locale: GraphLocale): string {
    return renderGraphMessage(this.ref, locale);
  }

  /** For people: "line 3, column 12: message" followed by the caret excerpt. */
  format(): string {
    const head = this.line === null ? this.message : `line ${this.line}, column ${this.column}: ${this.message}`;
    return this.excerpt === null ? head : `${head}\n${this.excerpt}`;
  }
}

/** Characters a monospace terminal shows two columns wide: CJK and the full-width forms. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/**
 *     3 | m = (x1 + x3) / 2
 *       |           ^
 */
export function caretExcerpt(source: string, line: number, column: number): string {
  let text = lineText(source, line);
  let col = column;
  // Keep very long lines readable: show a window around the column.
  const WINDOW = 100;
  if (text.length > WINDOW && col > WINDOW / 2) {
    const from = col - WINDOW / 2;
    text = "…" + text.slice(from, from + WINDOW);
    col = col - from + 1;
  } else if (text.length > WINDOW) {
    text = text.slice(0, WINDOW) + "…";
  }
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  // Tabs stay tabs and wide characters (full-width, CJK) become a full-width space under the caret,
  // so it lines up in a terminal.
  const lead = text.slice(0, Math.max(0, col - 1)).replace(/[^\t]/g, (ch) => (WIDE.test(ch) ? "\u3000" : " "));
  return `${gutter} | ${text}\n${pad} | ${lead}^`;
}

/** " (did you mean "x2"?)" when a known name is within two edits, else nothing. */
export function suggestion(name: string, known: Iterable<string>): GraphMessage {
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(name, k, bestDistance);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best === null ? graphMessage("none") : graphMessage("did-you-mean", { name: best });
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
