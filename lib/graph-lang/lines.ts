/**
 * Line breaks, said once for the lexer's line numbers, the caret excerpt and the source-size limit:
 * "\r\n", "\n" and a lone "\r" each end one line.
 */

/** The length of the line break starting at `i`: 2 for "\r\n", 1 for "\n" or a lone "\r", 0 for none. */
export function lineBreakAt(text: string, i: number): 0 | 1 | 2 {
  const c = text.charCodeAt(i);
  if (c === 10) return 1;
  if (c === 13) return text.charCodeAt(i + 1) === 10 ? 2 : 1;
  return 0;
}

/** Whether the character at `i` is the last one of a line break (so the next line starts at i + 1). */
export function endsLine(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10);
}

/** The offset of the first line break at or after `from`, or the text's length. */
export function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && lineBreakAt(text, i) === 0) i++;
  return i;
}

/** The text of line `line` (1-based, without its break); the last line when the text has fewer. */
export function lineText(text: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const end = lineEnd(text, start);
    if (end >= text.length) break;
    start = end + lineBreakAt(text, end);
  }
  return text.slice(start, lineEnd(text, start));
}
