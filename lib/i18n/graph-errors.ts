/**
 * A graph-language error as the pages show it: in the reader's language when it carries its message
 * by key (`ref`), else its English text (results stored before errors had keys).
 */
import { isGraphMessage, renderGraphMessage } from "@/lib/graph-lang/messages";
import type { Locale } from "./config";

export interface ShownGraphError {
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly ref?: unknown;
}

/** The message alone, in `locale`. */
export function graphErrorMessage(error: Pick<ShownGraphError, "message" | "ref">, locale: Locale): string {
  return isGraphMessage(error.ref) ? renderGraphMessage(error.ref, locale) : error.message;
}

/** "Line 2, column 5: …" (through the page's own `at` text) when located, else the message alone. */
export function graphErrorText(error: ShownGraphError, locale: Locale, at: (values: { line: number; column: number; message: string }) => string): string {
  const message = graphErrorMessage(error, locale);
  return error.line === null ? message : at({ line: error.line, column: error.column ?? 1, message });
}
