/**
 * Reading a problem file's YAML and pointing at places in it: every complaint about a problem file
 * names the file and line (`problems/x.yaml:12: message`), whether it comes from YAML, from the schema
 * or from a check of the graph inside it.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node } from "yaml";

export type Severity = "error" | "warning";

export interface ProblemIssue {
  readonly severity: Severity;
  readonly line: number;
  readonly message: string;
}

export function formatIssue(file: string, issue: ProblemIssue): string {
  return `${file}:${issue.line}: ${issue.severity === "warning" ? "warning: " : ""}${issue.message}`;
}

export type PathSegment = string | number;

/** The parsed YAML document with a way to turn paths (parts[2].answer.node) into line numbers. */
export class YamlSource {
  readonly text: string;
  readonly doc: Document.Parsed;
  private readonly lines: LineCounter;

  constructor(text: string) {
    this.text = text;
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** The parser's errors and warnings, each once per line (an escape error is reported once, with how to avoid it). */
  syntaxIssues(): ProblemIssue[] {
    const seen = new Set<string>();
    const out: ProblemIssue[] = [];
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      const line = e.linePos?.[0]?.line ?? this.lineOf(e.pos[0]);
      const first = e.message.split("\n")[0]!;
      const escape = /^Invalid escape sequence/.test(first) || e.code === "BAD_DQ_ESCAPE";
      const message = escape
        ? `YAML: ${first}: inside "double quotes" a backslash starts an escape such as \\n; write the text in 'single quotes' (a backslash is then just a backslash, as LaTeX needs) or as a | block`
        : `YAML: ${first}`;
      const key = `${line}:${escape ? "escape" : message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ severity: this.doc.errors.includes(e) ? "error" : "warning", line, message });
    }
    return out;
  }

  lineOf(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  /** The line of the deepest node along `path` that exists (a missing key points at its parent). */
  lineAt(path: readonly PathSegment[], key?: string): number {
    let node: unknown = this.doc.contents;
    let line = node && typeof node === "object" && "range" in node ? this.rangeLine(node as Node) : 1;
    for (const segment of key === undefined ? path : [...path, key]) {
      const next = this.child(node, segment);
      if (!next) break;
      line = next.line;
      node = next.node;
    }
    return line;
  }

  /** First line of a text block's content (for `graph: |`, the line after the key). */
  textStartLine(path: readonly PathSegment[]): number | null {
    const node = this.doc.getIn(path, true);
    if (!isScalar(node) || !node.range) return null;
    const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    return this.lineOf(node.range[0]) + (block ? 1 : 0);
  }

  private rangeLine(node: Node): number {
    return node.range ? this.lineOf(node.range[0]) : 1;
  }

  private child(node: unknown, segment: PathSegment): { node: unknown; line: number } | null {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
      if (!pair) return null;
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      const line = valueNode && isScalar(valueNode) ? this.rangeLine(valueNode) : keyNode ? this.rangeLine(keyNode) : 1;
      return { node: valueNode, line };
    }
    if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      return item ? { node: item, line: this.rangeLine(item) } : null;
    }
    return null;
  }
}

/** "parts[2].answer.node" from ["parts", 2, "answer", "node"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join("");
}
