/**
 * The one table of the staff pages: a list of columns (a header and how to render a row's cell),
 * so the markup every table shares is written here once: the scrolling wrapper, `th scope="col"`
 * headers, `th scope="row"` for the column that names the row, the caption.
 *
 * No hooks and no "use client": it renders on the server inside server pages and in the browser
 * inside client components, with the cell renderers as plain functions either way.
 */
import type { Key, ReactNode } from "react";

export type Column<Row> = {
  /** The column's header; a column header that should only be read aloud wraps its text in `visually-hidden`. */
  header?: ReactNode;
  headerClassName?: string;
  /** The header's `aria-sort`, for a column the rows can be ordered by. */
  ariaSort?: "ascending" | "descending" | "none";
  cell: (row: Row, index: number) => ReactNode;
  /** The cell names its row: rendered as `<th scope="row">`. */
  rowHeader?: boolean;
  className?: string;
  testId?: string;
};

/** What a row's `<tr>` carries besides its cells: a class and data attributes (tests and styles read them). */
export type RowAttributes = { className?: string } & { [data: `data-${string}`]: string | number | undefined };

export type TableProps<Row> = {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => Key;
  rowProps?: (row: Row, index: number) => RowAttributes;
  caption?: ReactNode;
  /** Caption for screen readers only. */
  captionHidden?: boolean;
  className?: string;
  testId?: string;
  /** The scrolling wrapper's class; `false` for a table inside something that scrolls or folds already. */
  wrap?: string | false;
};

export function Table<Row>({ columns, rows, rowKey, rowProps, caption, captionHidden, className, testId, wrap = "table-wrap" }: TableProps<Row>) {
  const hasHeaders = columns.some((c) => c.header !== undefined);
  const table = (
    <table className={className} data-testid={testId}>
      {caption !== undefined ? <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption> : null}
      {hasHeaders ? (
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.headerClassName} aria-sort={c.ariaSort}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {rows.map((row, r) => (
          <tr key={rowKey(row, r)} {...rowProps?.(row, r)}>
            {columns.map((c, i) =>
              c.rowHeader ? (
                <th key={i} scope="row" className={c.className} data-testid={c.testId}>
                  {c.cell(row, r)}
                </th>
              ) : (
                <td key={i} className={c.className} data-testid={c.testId}>
                  {c.cell(row, r)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return wrap === false ? table : <div className={wrap}>{table}</div>;
}
