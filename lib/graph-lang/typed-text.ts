/**
 * What students type with a Chinese input method, or paste from typeset text, read as the ASCII it
 * means, so that `－０．５`, `（１＋２）／３` and `［１，２］` read like `-0.5`, `(1+2)/3` and `[1,2]`.
 *
 * The mapping is one UTF-16 unit for one unit, so a column counted in the mapped text is the column
 * of the character the student typed, and error excerpts can show the text as typed. Vulgar fractions
 * (`½`) are longer in ASCII; readers that accept them (the answer language) expand them themselves with
 * `VULGAR_FRACTIONS` and keep their own map of columns.
 *
 * Both languages read through this table: the answer language (every answer box, vectors, annotation
 * fields, formulas) and the graph language (a student's own graph).
 */

/** Characters outside the full-width block that an input method or a typeset document produces. */
const LOOKALIKES: ReadonlyMap<string, string> = new Map([
  ["\u2212", "-"], // − minus sign
  ["\u2013", "-"], // – en dash
  ["\ufe63", "-"], // ﹣ small hyphen-minus
  ["\u00d7", "*"], // ×
  ["\u00b7", "*"], // · (also what a Chinese input method gives for the ` key)
  ["\u22c5", "*"], // ⋅
  ["\u00f7", "/"], // ÷
  ["\u2044", "/"], // ⁄ fraction slash
  ["\u3002", "."], // 。 ideographic full stop: the . key with Chinese punctuation on
  ["\uff61", "."], // ｡ half-width ideographic full stop
  ["\u3010", "["], // 【 the [ key with Chinese punctuation on
  ["\u3011", "]"], // 】
  ["\u3000", " "], // ideographic space
]);

/** The full-width forms of printable ASCII (！ to ～), each U+FEE0 above its ASCII character. */
const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
const FULL_WIDTH_OFFSET = 0xfee0;

/** One typed character (a UTF-16 unit) as the ASCII character it stands for; itself when it stands for none. */
export function asciiOf(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST) return String.fromCharCode(code - FULL_WIDTH_OFFSET);
  return LOOKALIKES.get(ch) ?? ch;
}

/** A text with every typed look-alike read as ASCII; the same length, unit for unit. */
export function toAsciiTyped(text: string): string {
  let out = "";
  let plain = 0; // start of the run copied unchanged
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    const ascii = asciiOf(text[i]!);
    if (ascii === text[i]) continue;
    out += text.slice(plain, i) + ascii;
    plain = i + 1;
  }
  return plain === 0 ? text : out + text.slice(plain);
}

/** Vulgar fractions as the division they mean (`½` is 1/2); readers put them in parentheses. */
export const VULGAR_FRACTIONS: ReadonlyMap<string, string> = new Map([
  ["\u00bd", "1/2"],
  ["\u2153", "1/3"],
  ["\u2154", "2/3"],
  ["\u00bc", "1/4"],
  ["\u00be", "3/4"],
  ["\u2155", "1/5"],
  ["\u2156", "2/5"],
  ["\u2157", "3/5"],
  ["\u2158", "4/5"],
  ["\u2159", "1/6"],
  ["\u215a", "5/6"],
  ["\u2150", "1/7"],
  ["\u215b", "1/8"],
  ["\u215c", "3/8"],
  ["\u215d", "5/8"],
  ["\u215e", "7/8"],
  ["\u2151", "1/9"],
  ["\u2152", "1/10"],
  ["\u2189", "0/3"],
]);
