/** The seed problems and a helper that fills an answer sheet from the reference, with changes. */
import { type EvaluatedGraph, toNested } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import type { AnswerSheet, Field, FieldResult, NodeAnswers } from "@/lib/grading";

export const STD = `# standard deviation of two samples
input x1 = -1, x2 = 3
m = (x1 + x2) / 2
a = (x1 - m) ^ 2
b = (x2 - m) ^ 2
v = (a + b) / 2
s = sqrt(v)
`;

export const CE = `input Y[3,3] = [[0.65,0.43,0.11],[0.05,0.51,0.18],[0.33,0.21,0.72]]
T = [[1,0,0],[0,1,0],[0,0,1]]
L = sum(cross_entropy(Y, T))
`;

export const std = () => evaluateSource(STD).evaluated;
export const ce = () => evaluateSource(CE).evaluated;

/** Every asked field filled with the reference; `changes` overrides entries ("m.grad": 0.5, "m<-x.local": 1). */
export function sheet(evaluated: EvaluatedGraph, fields: readonly Field[], changes: Record<string, unknown> = {}): AnswerSheet {
  const out: Record<string, NodeAnswers> = {};
  for (const n of evaluated.nodes) {
    if (n.op === "const") continue;
    const entry: { value?: unknown; grad?: unknown; edges?: Record<string, { local?: unknown; downstream?: unknown }> } = {};
    if (fields.includes("value")) entry.value = toNested(n.value);
    if (fields.includes("grad") && n.grad !== null) entry.grad = toNested(n.grad);
    for (const e of n.edges) {
      entry.edges ??= {};
      const slot: { local?: unknown; downstream?: unknown } = {};
      if (fields.includes("local") && e.local !== null) slot.local = toNested(e.local);
      if (fields.includes("downstream") && e.downstream !== null) slot.downstream = toNested(e.downstream);
      entry.edges[e.from] = slot;
    }
    out[n.id] = entry;
  }
  for (const [key, v] of Object.entries(changes)) {
    const edge = /^(.+)<-(.+)\.(local|downstream)$/.exec(key);
    if (edge) {
      const [, node, from, field] = edge;
      ((out[node!]!.edges ??= {})[from!] ??= {})[field as "local"] = v;
    } else {
      const dot = key.lastIndexOf(".");
      (out[key.slice(0, dot)] as Record<string, unknown>)[key.slice(dot + 1)] = v;
    }
  }
  return out;
}

/** The result for one field: "m.grad" or "a.1<-m.downstream". */
export function pick(results: readonly FieldResult[], key: string): FieldResult {
  const edge = /^(.+)<-(.+)\.(local|downstream)$/.exec(key);
  const found = edge
    ? results.find((r) => r.node === edge[1] && r.from === edge[2] && r.field === edge[3])
    : results.find((r) => r.node === key.slice(0, key.lastIndexOf(".")) && r.field === key.slice(key.lastIndexOf(".") + 1) && r.from === null);
  if (found === undefined) throw new Error(`no result ${key}`);
  return found;
}

export const verdicts = (results: readonly FieldResult[]) =>
  Object.fromEntries(results.map((r) => [`${r.from === null ? "" : `${r.from}->`}${r.node}.${r.field}`, r.verdict]));

/**
 * micrograd's README example (karpathy/micrograd), written with fresh names for its reassignments:
 * dg/da = 138.8338, dg/db = 645.5773. c feeds two nodes (c2 and c2.2), as do d, c2, d2 and f.
 */
export const MICROGRAD = `# micrograd's README example
input a = -4.0, b = 2.0
c = a + b
d = a * b + b ^ 3
c2 = c + (c + 1)
c3 = c2 + (1 + c2 + (-a))
d2 = d + (d * 2 + relu(b + a))
d3 = d2 + (3 * d2 + relu(b - a))
e = c3 - d3
f = e ^ 2
g1 = f / 2
g = g1 + 10 / f
`;

export const micrograd = () => evaluateSource(MICROGRAD).evaluated;
