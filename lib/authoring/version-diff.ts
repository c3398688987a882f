/**
 * Two versions of a problem file side by side, line by line (jsdiff's line diff): unchanged lines on
 * both sides, a removed block next to the added block that replaced it, with each side's own line
 * numbers. Pure: the page gets rows, not a diff format to parse.
 */
import { diffLines } from "diff";

export type Side = { line: number; text: string };
export type DiffRow =
  | { kind: "same"; left: Side; right: Side }
  | { kind: "changed"; left: Side; right: Side }
  | { kind: "removed"; left: Side; right: null }
  | { kind: "added"; left: null; right: Side };

export type SideBySide = { rows: DiffRow[]; added: number; removed: number; identical: boolean };

/** A line diff that takes longer than this is shown as "everything removed, everything added". */
const DIFF_BUDGET_MS = 2000;

function linesOf(value: string): string[] {
  const lines = value.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

export function sideBySide(before: string, after: string): SideBySide {
  const changes = diffLines(before, after, { timeout: DIFF_BUDGET_MS }) ?? [
    { value: before, removed: true, added: false, count: 0 },
    { value: after, added: true, removed: false, count: 0 },
  ];
  const rows: DiffRow[] = [];
  let left = 1;
  let right = 1;
  let added = 0;
  let removed = 0;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (!c.added && !c.removed) {
      for (const text of linesOf(c.value)) rows.push({ kind: "same", left: { line: left++, text }, right: { line: right++, text } });
      continue;
    }
    // A removal directly followed by an addition is a change: pair their lines row by row.
    const gone = c.removed ? linesOf(c.value) : [];
    const next = c.removed && changes[i + 1]?.added ? changes[++i]! : c.added ? c : null;
    const came = next ? linesOf(next.value) : [];
    removed += gone.length;
    added += came.length;
    for (let k = 0; k < Math.max(gone.length, came.length); k++) {
      const l = k < gone.length ? { line: left++, text: gone[k]! } : null;
      const r = k < came.length ? { line: right++, text: came[k]! } : null;
      if (l && r) rows.push({ kind: "changed", left: l, right: r });
      else if (l) rows.push({ kind: "removed", left: l, right: null });
      else rows.push({ kind: "added", left: null, right: r! });
    }
  }
  return { rows, added, removed, identical: added === 0 && removed === 0 };
}

export type ShownRow = DiffRow | { kind: "skip"; lines: number };

/**
 * The rows worth reading: every change with `context` unchanged lines around it; longer unchanged
 * runs fold into one "skip" row that says how many lines it hides.
 */
export function withContext(rows: readonly DiffRow[], context = 3): ShownRow[] {
  const near = rows.map(() => false);
  rows.forEach((r, i) => {
    if (r.kind === "same") return;
    for (let k = Math.max(0, i - context); k <= Math.min(rows.length - 1, i + context); k++) near[k] = true;
  });
  const out: ShownRow[] = [];
  for (let i = 0; i < rows.length;) {
    if (near[i]) {
      out.push(rows[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && !near[j]) j++;
    // Folding a single line saves nothing.
    if (j - i === 1) out.push(rows[i]!);
    else out.push({ kind: "skip", lines: j - i });
    i = j;
  }
  return out;
}
