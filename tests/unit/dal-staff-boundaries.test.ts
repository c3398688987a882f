/**
 * The staff side's layering, checked on the files: its pages, actions and components reach the
 * database only through lib/dal/staff*.ts, and those modules run only on the server. Also the shared
 * Table's markup, which every staff table now renders through.
 */
import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Table } from "@/app/_components/Table";

const ROOT = path.resolve(import.meta.dirname, "../..");
const STAFF_FOLDERS = ["app/(staff)", "app/_components/authoring", "app/_components/review"];
const DATABASE_IMPORT = /from\s+["'](@\/lib\/db\/[^"']*|@\/lib\/generated\/[^"']*|@prisma\/client)["']|\bgetDb\s*\(/;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|tsx)$/.test(e.name) ? [rel] : [];
  });
}

describe("the staff data-access layer", () => {
  it("no staff page, action or component holds a database client", () => {
    const files = STAFF_FOLDERS.flatMap(sources);
    expect(files.length).toBeGreaterThan(30);
    const offenders = files.filter((f) => DATABASE_IMPORT.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it('every staff DAL module starts with import "server-only"', () => {
    const modules = fs.readdirSync(path.join(ROOT, "lib/dal")).filter((f) => /^staff(-[a-z-]+)?\.ts$/.test(f));
    expect(modules).toEqual(expect.arrayContaining(["staff.ts", "staff-problems.ts", "staff-assignments.ts", "staff-review.ts"]));
    for (const m of modules) expect(fs.readFileSync(path.join(ROOT, "lib/dal", m), "utf8").startsWith('import "server-only";'), m).toBe(true);
  });
});

describe("Table", () => {
  type Row = { id: string; name: string; score: number };
  const rows: Row[] = [
    { id: "a", name: "Ada", score: 0.5 },
    { id: "b", name: "Bo", score: 1 },
  ];

  it("renders the wrapper, column headers with scope=col, a row-header cell, row attributes and cell test ids", () => {
    const html = renderToStaticMarkup(
      createElement(Table<Row>, {
        testId: "scores",
        className: "wide",
        caption: "Scores",
        captionHidden: true,
        rows,
        rowKey: (r) => r.id,
        rowProps: (r) => ({ className: r.score === 1 ? "full" : undefined, "data-id": r.id }),
        columns: [
          { header: "Name", rowHeader: true, cell: (r) => r.name },
          { header: "Score", headerClassName: "hide-narrow", className: "mono", testId: "score", cell: (r) => r.score },
        ],
      }),
    );
    expect(html).toBe(
      '<div class="table-wrap"><table class="wide" data-testid="scores"><caption class="visually-hidden">Scores</caption>' +
        '<thead><tr><th scope="col">Name</th><th scope="col" class="hide-narrow">Score</th></tr></thead>' +
        '<tbody><tr data-id="a"><th scope="row">Ada</th><td class="mono" data-testid="score">0.5</td></tr>' +
        '<tr class="full" data-id="b"><th scope="row">Bo</th><td class="mono" data-testid="score">1</td></tr></tbody></table></div>',
    );
  });

  it("without headers has no thead, and wrap={false} leaves out the wrapper", () => {
    const html = renderToStaticMarkup(
      createElement(Table<Row>, {
        wrap: false,
        className: "params",
        rows: rows.slice(0, 1),
        rowKey: (r) => r.id,
        columns: [{ rowHeader: true, cell: (r) => r.name }, { cell: (r) => r.score }],
      }),
    );
    expect(html).toBe('<table class="params"><tbody><tr><th scope="row">Ada</th><td>0.5</td></tr></tbody></table>');
  });
});
