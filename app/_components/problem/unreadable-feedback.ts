import type { FieldView, PartSpecView, PartView, UnreadableView } from "@/lib/assignments/view-types";

/**
 * The parts' feedback after a submission sent back unread: each unreadable answer marked with why,
 * as part views that carry nothing else (no verdict of any other answer, no score).
 */
export function unreadableFeedback(specs: readonly PartSpecView[], items: readonly UnreadableView[]): Map<string, PartView> {
  const out = new Map<string, PartView>();
  for (const spec of specs) {
    const mine = items.filter((u) => u.part === spec.id);
    if (mine.length === 0) continue;
    const base = { id: spec.id, points: spec.points, score: 0, verdict: "invalid" as const };
    const field = (u: UnreadableView): FieldView => ({
      node: u.node ?? "",
      field: u.field ?? "value",
      from: u.from,
      verdict: "invalid",
      message: u.message,
      diagnosis: null,
      given: null,
    });
    switch (spec.kind) {
      case "numeric":
      case "vector":
        out.set(spec.id, { ...base, kind: spec.kind, field: field(mine[0]!) });
        break;
      case "expression":
        out.set(spec.id, { ...base, kind: "expression", message: mine[0]!.message, counterexample: null });
        break;
      case "graph-construction": {
        const u = mine[0]!;
        out.set(spec.id, {
          ...base,
          kind: "graph-construction",
          message: u.message,
          equivalent: null,
          detailed: null,
          violations: [],
          missing: [],
          annotatable: false,
          error: { message: u.message, line: u.line, column: u.column },
        });
        break;
      }
      case "graph-annotation":
        out.set(spec.id, { ...base, kind: "graph-annotation", fields: mine.map(field), structure: null, message: null });
        break;
    }
  }
  return out;
}
