/**
 * What a construction part requires the student's graph to compute, each as a node of its own: the
 * reference nodes the author lists under `require`, or by default every named node of the reference
 * that depends on an input (`m`, `a`, `b`, `v`, `s`, not the `m.1` sub-expressions, not the inputs),
 * each with the label a student reads when it is missing: the author's, else the node's definition
 * as the reference graph writes it ("m = (x1 + x2) / 2").
 */
import { formatAssignment, formatExpr, nodeExpressions, type NodeExpression, type Program } from "@/lib/graph-lang";
import type { LocalizedText as GradingText, RequiredQuantity } from "@/lib/grading";
import type { LocalizedText, RequiredQuantitySpec } from "./schema";

/** Longer definitions are cut here: a message names the quantity, it does not reprint the graph. */
const MAX_LABEL = 80;

function clip(text: string): string {
  return text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1)}…`;
}

function asText(t: LocalizedText): GradingText {
  return typeof t === "string" ? { en: t } : t;
}

/** The node's definition: the whole assignment for a named node, its expression for a sub-node (`x1 + x2` for m.1). */
export function defaultLabel(id: string, node: NodeExpression): GradingText {
  return { en: clip(id === node.statement.name ? formatAssignment(node.statement) : formatExpr(node.expr)) };
}

/** The required quantities of a construction part, in the order listed (by default, the graph's order). */
export function requiredQuantities(program: Program, part: { require?: readonly RequiredQuantitySpec[] }): RequiredQuantity[] {
  const nodes = nodeExpressions(program);
  const listed = part.require ?? [...nodes].filter(([id, n]) => id === n.statement.name && n.dependsOnInput).map(([node]) => ({ node }));
  return listed.map((q) => {
    const label = "label" in q && q.label !== undefined ? asText(q.label) : nodes.has(q.node) ? defaultLabel(q.node, nodes.get(q.node)!) : undefined;
    return { node: q.node, ...(label ? { label } : {}) };
  });
}

/** What is wrong with a part's `require` list: the item's index and the message. */
export function requireIssues(program: Program, part: { require?: readonly RequiredQuantitySpec[] }): { index: number; message: string }[] {
  const nodes = nodeExpressions(program);
  const inputs = new Set(program.statements.flatMap((s) => (s.kind === "input" ? s.decls.map((d) => d.name) : [])));
  const seen = new Set<string>();
  const issues: { index: number; message: string }[] = [];
  (part.require ?? []).forEach(({ node }, index) => {
    const n = nodes.get(node);
    if (seen.has(node)) issues.push({ index, message: `"${node}" is listed twice` });
    else if (inputs.has(node)) issues.push({ index, message: `"${node}" is an input: every graph has its inputs, there is nothing to require` });
    else if (!n) {
      const named = [...nodes].filter(([id, e]) => id === e.statement.name).map(([id]) => id);
      issues.push({
        index,
        message: `"${node}" is not a node of the graph (its named nodes are ${named.join(", ") || "none"}; sub-expressions are name.1, name.2, ...)`,
      });
    } else if (!n.dependsOnInput)
      issues.push({ index, message: `"${node}" depends on no input: it is the same number in every graph, there is nothing to require` });
    seen.add(node);
  });
  return issues;
}
