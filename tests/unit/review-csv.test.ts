import { describe, expect, it } from "vitest";
import { BOM, cellText, csvField, csvRows as parseCsv, formatNumber, parseCsv as parseCsvRecords, toCsv } from "@/lib/csv";
import { csvResponse } from "@/lib/export/csv";

describe("CSV cells", () => {
  it("writes numbers with at most two decimals and no trailing zeros", () => {
    expect(formatNumber(1.6)).toBe("1.6");
    expect(formatNumber(3)).toBe("3");
    expect(formatNumber(2 / 3)).toBe("0.67");
    expect(formatNumber(0.005)).toBe("0.01");
    expect(formatNumber(-0.001)).toBe("0");
    expect(formatNumber(Number.NaN)).toBe("");
  });

  it("quotes fields with commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvField("Li, Bob")).toBe('"Li, Bob"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(true)).toBe("yes");
  });

  it("neutralises text that a spreadsheet would run as a formula, but not plain numbers", () => {
    expect(cellText("=1+2")).toBe("'=1+2");
    expect(cellText("+SUM(A1)")).toBe("'+SUM(A1)");
    expect(cellText("-2+3")).toBe("'-2+3");
    expect(cellText("@cmd")).toBe("'@cmd");
    expect(cellText("\t=x")).toBe("'\t=x");
    expect(cellText("-2.5")).toBe("-2.5");
    expect(cellText("+3")).toBe("+3");
    expect(cellText(-2.5)).toBe("-2.5");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it("writes a BOM, CRLF line ends, and reads back what it wrote", () => {
    const text = toCsv(
      ["Name", "Score"],
      [
        ["Zhang, Wei 张伟", 1.5],
        ['"q"', null],
      ],
    );
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toBe(`${BOM}Name,Score\r\n"Zhang, Wei 张伟",1.5\r\n"""q""",\r\n`);
    expect(parseCsv(text)).toEqual([
      ["Name", "Score"],
      ["Zhang, Wei 张伟", "1.5"],
      ['"q"', ""],
    ]);
  });

  it("answers as an attachment with a safe file name", async () => {
    const r = csvResponse("a\r\n", "DL-101 成绩.csv");
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toBe(`attachment; filename="DL-101-.csv"; filename*=UTF-8''DL-101%20%E6%88%90%E7%BB%A9.csv`);
    expect(await r.text()).toBe("a\r\n");
  });
});

describe("reading CSV written by hand", () => {
  it("reads a quoted field after a space, a quote inside an unquoted field, and a quote left open", () => {
    expect(parseCsv('a@x.test, "Li, Ming", student')).toEqual([["a@x.test", "Li, Ming", "student"]]);
    expect(parseCsv('o@x.test,O"Brien,TA')).toEqual([["o@x.test", 'O"Brien', "TA"]]);
    expect(parseCsv('a,"open\nto the end')).toEqual([["a", "open\nto the end"]]);
  });

  it("counts CR, LF and CRLF line ends alike, inside quotes too, and skips blank lines", () => {
    expect(parseRecords("a\rb\r\n\r\n  \nc\n")).toEqual([
      [1, ["a"]],
      [2, ["b"]],
      [5, ["c"]],
    ]);
    expect(parseRecords('"one\rtwo",x\rnext\n"three\r\nfour"\nlast')).toEqual([
      [1, ["one\rtwo", "x"]],
      [3, ["next"]],
      [4, ["three\r\nfour"]],
      [6, ["last"]],
    ]);
  });

  it("reads back any text the writer writes, formula guard included", () => {
    const names = ["plain", "Li, Ming", 'say "hi"', "two\nlines", "=1+2", "-2.5", "张伟"];
    const text = toCsv(
      ["Name"],
      names.map((n) => [n]),
    );
    expect(parseCsv(text).slice(1)).toEqual(names.map((n) => [cellText(n)]));
  });
});

function parseRecords(text: string): [number, string[]][] {
  return parseCsvRecords(text).map((r) => [r.line, r.cells]);
}
