/**
 * Highlighting of the graph language where a problem file holds it: the block scalars under a `graph:`
 * key (the problem's graph, each mistake's graph). The YAML parser sees those lines as plain text;
 * this plugin finds them in its syntax tree and marks the graph language's tokens in the lines on
 * screen, so a 10,000-line graph costs no more than the lines in view.
 */
import { syntaxTree } from "@codemirror/language";
import { type Range } from "@codemirror/state";
import { Decoration, type DecorationSet, type EditorView, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { FUNCTIONS, METHODS } from "@/lib/graph-lang/functions";

/** The statement keywords of lib/graph-lang/parser.ts. */
const KEYWORDS = new Set(["input", "output"]);

const mark = {
  keyword: Decoration.mark({ class: "cm-graph-keyword" }),
  function: Decoration.mark({ class: "cm-graph-function" }),
  number: Decoration.mark({ class: "cm-graph-number" }),
  operator: Decoration.mark({ class: "cm-graph-operator" }),
  comment: Decoration.mark({ class: "cm-graph-comment" }),
};

// One token at a time, in the lexer's terms: a comment runs to the end of the line; `**`, `+=` and the
// other compound assignments are one operator.
const TOKEN = /(#.*)|(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/]=|[-+*/^@=])|\S/g;

function graphLineMarks(text: string, from: number, out: Range<Decoration>[]) {
  TOKEN.lastIndex = 0;
  let statementStart = true;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (m[1]) out.push(mark.comment.range(start, end));
    else if (m[2]) out.push(mark.number.range(start, end));
    else if (m[3]) {
      const name = m[3];
      const called = /^\s*\(/.test(text.slice(TOKEN.lastIndex));
      const method = text[m.index - 1] === ".";
      if (statementStart && KEYWORDS.has(name)) out.push(mark.keyword.range(start, end));
      else if (called && (method ? METHODS.has(name) : FUNCTIONS.has(name))) out.push(mark.function.range(start, end));
    } else if (m[4]) out.push(mark.operator.range(start, end));
    statementStart = false;
  }
}

/** The content ranges of `graph: |` block scalars that meet [from, to). */
function graphBlocks(view: EditorView, from: number, to: number): { from: number; to: number }[] {
  const blocks: { from: number; to: number }[] = [];
  syntaxTree(view.state).iterate({
    from,
    to,
    enter(node) {
      if (node.name !== "BlockLiteralContent") return;
      const key = node.node.parent?.parent?.getChild("Key");
      if (key && view.state.sliceDoc(key.from, key.to).replace(/^["']|["']$/g, "") === "graph") blocks.push({ from: node.from, to: node.to });
    },
  });
  return blocks;
}

function decorate(view: EditorView): DecorationSet {
  const marks: Range<Decoration>[] = [];
  for (const visible of view.visibleRanges) {
    for (const block of graphBlocks(view, visible.from, visible.to)) {
      const start = Math.max(block.from, visible.from);
      const end = Math.min(block.to, visible.to);
      for (let pos = start; pos <= end;) {
        const line = view.state.doc.lineAt(pos);
        const lineFrom = Math.max(line.from, block.from);
        graphLineMarks(view.state.sliceDoc(lineFrom, Math.min(line.to, block.to)), lineFrom, marks);
        pos = line.to + 1;
      }
    }
  }
  return Decoration.set(marks, true);
}

export const graphHighlighting = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged || update.viewportChanged || syntaxTree(update.startState) !== syntaxTree(update.state)) this.decorations = decorate(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);
