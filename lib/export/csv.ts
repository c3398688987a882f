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

/**
 * Parses CSV text as written by toCsv (RFC 4180 quoting; a leading BOM is dropped). For tests and
 * for reading files back; not a general-purpose parser for malformed input.
 */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && s[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
