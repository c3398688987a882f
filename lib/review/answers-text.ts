/**
 * Stored answers as the answer boxes show them. The submit path accepts numbers and arrays as well
 * as typed text (answersSchema), but the read-only problem view expects text in every box; this turns
 * a stored submission back into what a student would have typed.
 */

function asText(v: unknown): unknown {
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return JSON.stringify(v);
  return v;
}

type NodeEntry = { value?: unknown; grad?: unknown; edges?: Record<string, { local?: unknown; downstream?: unknown }> };

export function answersAsTyped(answers: unknown): Record<string, unknown> {
  if (!answers || typeof answers !== "object") return {};
  const out: Record<string, unknown> = {};
  for (const [part, value] of Object.entries(answers as Record<string, unknown>)) {
    if (value && typeof value === "object" && !Array.isArray(value) && "nodes" in value) {
      const nodes: Record<string, NodeEntry> = {};
      for (const [id, n] of Object.entries(((value as { nodes?: Record<string, NodeEntry> }).nodes ?? {}) as Record<string, NodeEntry>)) {
        const entry: NodeEntry = {};
        if (n.value !== undefined) entry.value = asText(n.value);
        if (n.grad !== undefined) entry.grad = asText(n.grad);
        if (n.edges) entry.edges = Object.fromEntries(Object.entries(n.edges).map(([from, e]) => [from, { ...(e.local !== undefined ? { local: asText(e.local) } : {}), ...(e.downstream !== undefined ? { downstream: asText(e.downstream) } : {}) }]));
        nodes[id] = entry;
      }
      out[part] = { nodes };
    } else out[part] = asText(value);
  }
  return out;
}
