/**
 * Reading CSV (roster imports, and the tests that read exports back) as spreadsheets write it (RFC 4180: quoted fields, doubled quotes,
 * line breaks inside quotes, CRLF, a byte-order mark), each record with the line it starts on so
 * that every complaint can say where.
 */

export interface CsvRecord {
  line: number;
  cells: string[];
}

export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let sawAny = false;
  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]!.trim() !== "") records.push({ line: start, cells });
    cells = [];
    cell = "";
    sawAny = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell.trim() === "") {
      cell = "";
      quoted = true;
      sawAny = true;
    } else if (c === ",") {
      cells.push(cell);
      cell = "";
      sawAny = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else {
      cell += c;
      sawAny = true;
    }
  }
  if (sawAny || cell !== "" || cells.length) endRecord();
  return records;
}

/** Just the cells of each record, for callers that do not need line numbers. */
export function csvRows(text: string): string[][] {
  return parseCsv(text).map((r) => r.cells);
}
