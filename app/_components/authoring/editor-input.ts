/** What the problem editor reads from what the author types: the seed boxes and the file's id. */

/** A seed as the editor takes it: a whole number 0, 1, 2, … (the preview keeps the last good one meanwhile). */
export function isSeed(value: string): boolean {
  return /^\d{1,15}$/.test(value.trim());
}

/** The `id:` at the top level of a problem file's text (quoted or not, a comment after it allowed), or null. */
export function idOf(source: string): string | null {
  const m = /^id:[ \t]*["']?([^"'\s#]+)["']?[ \t]*(#.*)?$/m.exec(source);
  return m ? m[1]! : null;
}
