/**
 * CSV as spreadsheets and LMS gradebooks read it: RFC 4180 (every field quoted when it holds a
 * comma, quote or line break; quotes doubled; CRLF between records), UTF-8 with a byte-order mark so
 * Excel reads accents and Chinese names, and no formula injection: a text cell starting with
 * = + - @ (or a tab / carriage return) gets a leading single quote, plain numbers excepted.
 */

export const BOM = "\uFEFF";

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

export type Cell = string | number | boolean | null | undefined;

/** Numbers with at most two decimals, no trailing zeros ("7.5", "3", "0.33"). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return "";
  const r = Math.round(x * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

/** One cell's text, neutralised against formula injection. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (FORMULA_START.test(value) && !PLAIN_NUMBER.test(value)) return `'${value}`;
  return value;
}

/** One field, quoted when it must be. */
export function csvField(value: Cell): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(cells: readonly Cell[]): string {
  return cells.map(csvField).join(",");
}

/** A whole file: BOM, header, records, each ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return BOM + [header, ...rows].map((r) => `${csvRecord(r)}\r\n`).join("");
}

/** The response a route handler returns for a CSV download. */
export function csvResponse(body: string, fileName: string): Response {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]+/g, "-");
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
