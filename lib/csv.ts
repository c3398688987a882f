/**
 * CSV as spreadsheets and LMS gradebooks write and read it (RFC 4180), both ways in one place.
 *
 * Reading (roster imports, and the tests that read exports back) goes through csv-parse: quoted
 * fields, doubled quotes, line breaks inside quotes, CRLF, LF or CR line ends, a byte-order mark, blank
 * lines skipped, and each record keeps the line it starts on so that every complaint can say where.
 * Files written by hand are read as a person meant them: spaces before a field are dropped (so
 * `a, "Li, Ming"` is two fields), a quote inside an unquoted field is text (`O"Brien`), and a quote
 * left open runs to the end of the file. A field that goes on after its closing quote (`"ab"cd`) is
 * not CSV; it is kept as written, quotes and all. CR, LF and CRLF each end a line, inside quotes too.
 *
 * Writing: every field quoted when it holds a comma, quote or line break; quotes doubled; CRLF between
 * records; UTF-8 with a byte-order mark so Excel reads accents and Chinese names; and no formula
 * injection: a text cell starting with = + - @ (or a tab / carriage return) gets a leading single
 * quote, plain numbers excepted.
 */
import { CsvError, parse, type Options } from "csv-parse/sync";

export interface CsvRecord {
  line: number;
  cells: string[];
}

const READ_OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  ltrim: true,
  record_delimiter: ["\r\n", "\n", "\r"],
  skip_empty_lines: false,
  raw: true,
} satisfies Options;

/** With `raw`, csv-parse gives each record with its text as written (its type says string[][]). */
type ParsedRecord = { record: string[]; raw: string };

function parseRecords(text: string): ParsedRecord[] {
  try {
    return parse(text, READ_OPTIONS) as unknown as ParsedRecord[];
  } catch (e) {
    // A quote opened and never closed: the field runs to the end of the file, as a spreadsheet reads it.
    if (e instanceof CsvError && e.code === "CSV_QUOTE_NOT_CLOSED") return parse(`${text}"`, READ_OPTIONS) as unknown as ParsedRecord[];
    throw e;
  }
}

const LINE_BREAK = /\r\n|\n|\r/g;

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  for (const { record, raw } of parseRecords(text)) {
    // Blank lines (and lines of spaces) are skipped, but still counted.
    if (record.length > 1 || record[0]!.trim() !== "") records.push({ line, cells: record });
    line += raw.match(LINE_BREAK)?.length ?? 0;
  }
  return records;
}

/** Just the cells of each record, for callers that do not need line numbers. */
export function csvRows(text: string): string[][] {
  return parseCsv(text).map((r) => r.cells);
}

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
