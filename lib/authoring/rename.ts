/**
 * A problem file with another id, changed where it is written and nowhere else: comments, layout,
 * quoting of everything else and every other line stay exactly as the author wrote them (a fork's
 * file reads like its origin's).
 */
import { isMap, isScalar, parseDocument } from "yaml";

/** The text with its top-level `id` replaced; null when the text has no top-level scalar id to replace. */
export function withProblemId(text: string, id: string): string | null {
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) return null;
  const node = doc.contents.get("id", true);
  if (!isScalar(node) || !node.range) return null;
  const [start, end] = node.range;
  return `${text.slice(0, start)}${id}${text.slice(end)}`;
}
