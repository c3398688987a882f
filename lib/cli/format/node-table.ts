/** The human-readable table of `eval`: one row per node with its operation, value and gradient. */
import { type EvaluatedGraph, type Tensor, formatShape } from "@/lib/autograd";
import { formatNumber, formatTensor as formatValue } from "@/lib/grading/format";

/** How many elements a tensor may have before it is summarized instead of printed. */
const MAX_PRINTED = 12;

/** A tensor as grading shows it, except that a large one is summarized by its shape and first three numbers. */
function formatTensor(t: Tensor | null): string {
  if (t === null) return "—";
  if (t.data.length > MAX_PRINTED) {
    const head = Array.from(t.data.subarray(0, 3), formatNumber).join(", ");
    return `${formatShape(t.shape)} tensor: ${head}, …`;
  }
  return formatValue(t);
}

export function formatNodeTable(evaluated: EvaluatedGraph): string {
  const header = ["id", "op", "shape", "value", "grad", "line"];
  const rows = evaluated.nodes.map((n) => [
    n.id,
    n.op,
    formatShape(n.shape),
    formatTensor(n.value),
    formatTensor(n.grad),
    n.position === null ? "" : String(n.position.line),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  const out = [
    `output ${evaluated.outputId} = ${formatTensor(evaluated.outputValue)}`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
  ];
  return `${out.join("\n")}\n`;
}
