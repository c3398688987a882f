/**
 * `eval --graph FILE [--at NAME=VALUE ...] [--json]`: evaluates a graph-language file (or `-` for
 * standard input) forward and backward. With --json, standard output is exactly one object in the
 * eval contract (see lib/autograd/eval-json.ts); errors exit with status 1.
 */
import { toEvalJson } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { parseAtValues } from "@/lib/cli/at-values";
import { parseFlags } from "@/lib/cli/flags";
import { formatNodeTable } from "@/lib/cli/format/node-table";
import { type CliCommand, type CliIO, CliUsageError } from "@/lib/cli/types";

const FLAGS = {
  graph: { kind: "string", required: true },
  at: { kind: "string", repeat: true },
  json: { kind: "boolean" },
} as const;

export const command: CliCommand = {
  name: "eval",
  summary: "evaluate a graph-language file: every node's value and gradient",
  usage: [
    "usage: npm run -s cli -- eval --graph FILE [--at NAME=VALUE ...] [--json]",
    "",
    "  --graph FILE       graph-language file, or - for standard input",
    "  --at NAME=VALUE    value of an input (a number or a JSON array), overriding its default; repeatable",
    "  --json             print one JSON object: { output, value, nodes: [...] }, or { error: {...} }",
  ].join("\n"),
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const flags = parseFlags(args, FLAGS);
    const at = parseAtValues(flags.at);
    const source = await readSource(flags.graph, io);
    const { evaluated } = evaluateSource(source, { at });
    for (const point of evaluated.nonDifferentiable) {
      const where = point.position === null ? "" : ` (line ${point.position.line})`;
      const element = point.index.length === 0 ? "" : ` at ${JSON.stringify(point.index)}`;
      io.stderr(`warning: node "${point.nodeId}"${where}${element}: ${point.note}\n`);
    }
    io.stdout(flags.json ? `${JSON.stringify(toEvalJson(evaluated))}\n` : formatNodeTable(evaluated));
    return 0;
  },
};

async function readSource(path: string, io: CliIO): Promise<string> {
  if (path === "-") return io.readStdin();
  try {
    return await io.readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CliUsageError(`cannot read the graph file "${path}": ${reason}`);
  }
}
