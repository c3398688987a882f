/**
 * Statements, prompts, hints and solutions: Markdown with KaTeX math (`$...$`, `$$...$$`), with a
 * variant's parameters interpolated as `{{x1}}`. Raw HTML in the Markdown is shown as text, never
 * run: problem authors are staff, but what they write still reaches every student's browser.
 *
 * Where math starts and ends is decided in one place, by markdown-it with the KaTeX plugin VS Code
 * uses (@vscode/markdown-it-katex): so `$` in a code span stays a dollar sign, `\$` is a literal
 * dollar, and "$5 and $6" is money, not math. Rendering, the validator's math check and
 * interpolation all read the same tokens.
 */
import markdownItKatex, { type MarkdownKatexOptions } from "@vscode/markdown-it-katex";
import katex from "katex";
import MarkdownIt, { type Token } from "markdown-it";
import type { NestedNumbers } from "@/lib/autograd";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Shortest faithful decimal text of a parameter value (values are already rounded by their generator). */
export function formatNumber(x: number): string {
  if (Object.is(x, -0) || x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e15) return String(Number(x.toPrecision(12)));
  return x.toExponential();
}

/** A value as LaTeX: numbers as they are, vectors and matrices as pmatrix. */
export function toLatex(value: NestedNumbers): string {
  if (typeof value === "number") return formatNumber(value);
  const rows = value.every((v) => typeof v === "number") ? [value] : value;
  const body = rows.map((row) => (Array.isArray(row) ? row.map((x) => toLatex(x)).join(" & ") : toLatex(row))).join(" \\\\ ");
  return `\\begin{pmatrix} ${body} \\end{pmatrix}`;
}

/** Placeholder names used in a text. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

const KATEX_OPTIONS = { throwOnError: false, output: "htmlAndMathml" } as const;

// html: false is the safety line: raw HTML in a problem file is escaped, never passed through.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false }).use(markdownItKatex, {
  // Our KaTeX, the version whose CSS the pages load (the plugin bundles an older one); its type
  // is the plugin's copy of the same API.
  katex: katex as unknown as MarkdownKatexOptions["katex"],
  ...KATEX_OPTIONS,
});
// Display math as a block of its own that scrolls sideways when it is wider than the page.
markdown.renderer.rules.math_block = markdown.renderer.rules.math_inline_block = (tokens, idx) =>
  `<div class="math-display">${katex.renderToString(tokens[idx]!.content, { ...KATEX_OPTIONS, displayMode: true })}</div>\n`;

const MATH_TOKENS = new Set(["math_inline", "math_block", "math_inline_block"]);

/** Every piece of math in a text, in order, as markdown-it reads it. */
function mathIn(text: string): { tex: string; display: boolean }[] {
  const found: { tex: string; display: boolean }[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (MATH_TOKENS.has(token.type)) found.push({ tex: token.content, display: token.type !== "math_inline" });
      if (token.children) walk(token.children);
    }
  };
  walk(markdown.parse(text, {}));
  return found;
}

/**
 * Replaces `{{name}}` with the parameter's value: LaTeX inside math, and outside math a number as
 * text or a vector/matrix wrapped in `$...$`. Unknown names throw (the problem validator reports
 * them per file).
 */
export function interpolate(text: string, parameters: Readonly<Record<string, NestedNumbers>>): string {
  const valueOf = (name: string) => {
    const v = parameters[name];
    if (v === undefined) throw new Error(`{{${name}}} is not a parameter`);
    return v;
  };
  // A number reads the same inside and outside math: no need to ask where each placeholder is.
  if (placeholdersIn(text).every((name) => typeof valueOf(name) === "number")) {
    return text.replace(PLACEHOLDER, (_, name: string) => formatNumber(valueOf(name) as number));
  }
  // Number each placeholder ({{#0}}, {{#1}}, ...; the same braces, so the math around it reads
  // the same), then ask the parser which numbers landed inside math.
  const names: string[] = [];
  const numbered = text.replace(PLACEHOLDER, (_, name: string) => `{{#${names.push(name) - 1}}}`);
  const inMath = new Set<number>();
  for (const { tex } of mathIn(numbered)) for (const m of tex.matchAll(/\{\{#(\d+)\}\}/g)) inMath.add(Number(m[1]));
  return numbered.replace(/\{\{#(\d+)\}\}/g, (written, i: string) => {
    const name = names[Number(i)];
    if (name === undefined) return written; // "{{#3}}" written as such in the text: not a placeholder
    const v = valueOf(name);
    if (typeof v === "number") return formatNumber(v);
    return inMath.has(Number(i)) ? toLatex(v) : `$${toLatex(v)}$`;
  });
}

/** Problems in a text's math, for the validator (the page renders them as red error text instead). */
export function mathErrors(text: string): string[] {
  const errors: string[] = [];
  for (const { tex, display } of mathIn(text)) {
    try {
      katex.renderToString(tex.replace(PLACEHOLDER, "1"), { displayMode: display, throwOnError: true });
    } catch (e) {
      errors.push(`math "${tex.trim().slice(0, 60)}": ${e instanceof Error ? e.message.replace(/^KaTeX parse error: /, "") : String(e)}`);
    }
  }
  return errors;
}

/** Markdown + math → HTML. Math is rendered by KaTeX on the server, so the page needs only its CSS. */
export function renderMarkdown(text: string): string {
  return markdown.render(text);
}
