/**
 * Statements, prompts, hints and solutions: Markdown with KaTeX math (`$...$`, `$$...$$`), with a
 * variant's parameters interpolated as `{{x1}}`. Raw HTML in the Markdown is shown as text, never
 * run: problem authors are staff, but what they write still reaches every student's browser.
 */
import katex from "katex";
import MarkdownIt from "markdown-it";
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
  const rows = value.every((v) => typeof v === "number") ? [value as number[]] : (value as NestedNumbers[]);
  const body = rows
    .map((row) => (Array.isArray(row) ? row.map((x) => toLatex(x)).join(" & ") : toLatex(row)))
    .join(" \\\\ ");
  return `\\begin{pmatrix} ${body} \\end{pmatrix}`;
}

/** Placeholder names used in a text. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

type Segment = { math: false; text: string } | { math: true; display: boolean; tex: string };

/** Splits text into prose and math spans. `\$` is a literal dollar sign. */
export function splitMath(text: string): Segment[] {
  const out: Segment[] = [];
  let prose = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "\\" && text[i + 1] === "$") {
      prose += "\\$";
      i += 2;
      continue;
    }
    if (text[i] === "$") {
      const display = text[i + 1] === "$";
      const open = display ? 2 : 1;
      let j = i + open;
      while (j < text.length && !(text[j] === "$" && text[j - 1] !== "\\" && (!display || text[j + 1] === "$"))) j++;
      if (j < text.length) {
        if (prose) out.push({ math: false, text: prose });
        prose = "";
        out.push({ math: true, display, tex: text.slice(i + open, j) });
        i = j + open;
        continue;
      }
    }
    prose += text[i];
    i++;
  }
  if (prose) out.push({ math: false, text: prose });
  return out;
}

/**
 * Replaces `{{name}}` with the parameter's value: LaTeX inside math, and outside math a number as
 * text or a vector/matrix wrapped in `$...$`. Unknown names throw (check.ts reports them per file).
 */
export function interpolate(text: string, parameters: Readonly<Record<string, NestedNumbers>>): string {
  const replace = (s: string, inMath: boolean) =>
    s.replace(PLACEHOLDER, (_, name: string) => {
      const v = parameters[name];
      if (v === undefined) throw new Error(`{{${name}}} is not a parameter`);
      if (typeof v === "number") return formatNumber(v);
      return inMath ? toLatex(v) : `$${toLatex(v)}$`;
    });
  return splitMath(text)
    .map((seg) => (seg.math ? (seg.display ? `$$${replace(seg.tex, true)}$$` : `$${replace(seg.tex, true)}$`) : replace(seg.text, false)))
    .join("");
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

/** Problems in a text's math, for the validator (the page renders them as red error text instead). */
export function mathErrors(text: string): string[] {
  const errors: string[] = [];
  for (const seg of splitMath(text)) {
    if (!seg.math) continue;
    try {
      katex.renderToString(seg.tex.replace(PLACEHOLDER, "1"), { displayMode: seg.display, throwOnError: true });
    } catch (e) {
      errors.push(`math "${seg.tex.trim().slice(0, 60)}": ${e instanceof Error ? e.message.replace(/^KaTeX parse error: /, "") : String(e)}`);
    }
  }
  return errors;
}

/** Markdown + math → HTML. Math is rendered by KaTeX on the server, so the page needs only its CSS. */
export function renderMarkdown(text: string): string {
  const math: string[] = [];
  const withTokens = splitMath(text)
    .map((seg) => {
      if (!seg.math) return seg.text;
      math.push(katex.renderToString(seg.tex, { displayMode: seg.display, throwOnError: false, output: "htmlAndMathml" }));
      const token = `KATEXMATHTOKEN${math.length - 1}X`;
      return seg.display ? `\n\n${token}\n\n` : token;
    })
    .join("");
  const html = markdown.render(withTokens);
  return html
    .replace(/<p>KATEXMATHTOKEN(\d+)X<\/p>/g, (_, i: string) => `<div class="math-display">${math[Number(i)]}</div>`)
    .replace(/KATEXMATHTOKEN(\d+)X/g, (_, i: string) => math[Number(i)]!);
}
