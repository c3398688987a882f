/**
 * A student's annotations of a graph, as the `grade` command's answers file holds them:
 *
 *   {"nodes": {"<node id>": {"value": V, "grad": V, "edges": {"<input id>": {"local": V, "downstream": V}}}}}
 *
 * where V is a number, an array, an answer text, or null (blank). Parsed by a zod schema, then checked
 * against the graph: an id that is not a node, or not an input of that node, is an error that names it.
 */
import { z } from "zod";
import type { Graph } from "../autograd";

const Answer = z.unknown();

export const NodeAnswersSchema = z
  .object({
    value: Answer.optional(),
    grad: Answer.optional(),
    edges: z.record(z.string(), z.object({ local: Answer.optional(), downstream: Answer.optional() }).strict()).optional(),
  })
  .strict();

export const AnswerFileSchema = z.object({ nodes: z.record(z.string(), NodeAnswersSchema) }).strict();

export type NodeAnswers = z.infer<typeof NodeAnswersSchema>;
/** The student's entries by node id. */
export type AnswerSheet = Readonly<Record<string, NodeAnswers>>;

export type SheetResult = { ok: true; sheet: AnswerSheet } | { ok: false; message: string };

function path(issue: z.core.$ZodIssue): string {
  return issue.path.length === 0
    ? "the answers"
    : issue.path
        .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
        .join("")
        .slice(1);
}

/** Validates an answers file (already parsed from JSON) against the graph. */
export function parseAnswerFile(json: unknown, graph: Graph): SheetResult {
  const parsed = AnswerFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${path(issue)}: ${issue.message}` };
  }
  const sheet = parsed.data.nodes;
  for (const [id, answers] of Object.entries(sheet)) {
    if (!graph.has(id)) {
      return { ok: false, message: `nodes.${id}: there is no node "${id}" in the graph` };
    }
    const node = graph.node(id);
    const inputs = node.inputs.map((j) => graph.nodes[j]!.id);
    for (const from of Object.keys(answers.edges ?? {})) {
      if (!inputs.includes(from)) {
        const known = inputs.length === 0 ? `"${id}" has no inputs` : `the inputs of "${id}" are ${inputs.join(", ")}`;
        return { ok: false, message: `nodes.${id}.edges.${from}: "${from}" is not an input of "${id}" (${known})` };
      }
    }
  }
  return { ok: true, sheet };
}
