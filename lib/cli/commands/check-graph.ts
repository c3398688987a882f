/**
 * `check-graph --target FILE --student FILE [--at NAME=VALUE ...] [--ban op1,op2] [--require id1,id2] --json`:
 * whether the student's graph computes the same function as the target (at the problem's point and 20
 * random points around it), uses none of the banned operations and computes each required node of the
 * target as a node of its own. Standard output with --json:
 * {"equivalent": B, "detailed": B, "counterexample": {...} | null, "violations": [...], "missing": [...]}.
 * A graph that does not parse or compile is an error (exit 1), located in its file.
 */
import { evaluateSource } from "@/lib/graph-lang";
import { GraphError } from "@/lib/graph-lang";
import { type GraphCheck, checkGraphEquivalence, resolveBannedOps } from "@/lib/grading";
import { parseAtValues } from "@/lib/cli/at-values";
import { parseFlags } from "@/lib/cli/flags";
import { type CliCommand, type CliIO, CliUsageError } from "@/lib/cli/types";
import { readInputFile } from "./grade";

const FLAGS = {
  target: { kind: "string", required: true },
  student: { kind: "string", required: true },
  at: { kind: "string", repeat: true },
  ban: { kind: "string" },
  require: { kind: "string" },
  json: { kind: "boolean" },
} as const;

/** Keeps the location, prefixing the message with which file it is in. */
function inFile(error: unknown, label: string, source: string): unknown {
  if (!(error instanceof GraphError)) return error;
  const at = error.line === null ? null : { line: error.line, column: error.column! };
  return new GraphError(error.kind, `${label}: ${error.message}`, at, source);
}

function report(check: Extract<GraphCheck, { ok: true }>): string {
  const lines = [`equivalent: ${check.equivalent ? "yes" : "no"}`, `detailed: ${check.detailed ? "yes" : "no"}`];
  for (const v of check.violations) lines.push(`  uses ${v.op} at node ${v.node}${v.line === null ? "" : ` (line ${v.line})`}`);
  for (const m of check.missing) lines.push(`  never computes the target's node ${m.node}`);
  const c = check.counterexample;
  if (c !== null) {
    lines.push(`counterexample: ${c.message}`);
    if (c.at !== null) lines.push(`  at ${JSON.stringify(c.at)}`);
    if (c.expected !== null) lines.push(`  reference: ${JSON.stringify(c.expected)}`);
    if (c.given !== null) lines.push(`  yours: ${JSON.stringify(c.given)}`);
  }
  return `${lines.join("\n")}\n`;
}

export const command: CliCommand = {
  name: "check-graph",
  summary: "check that a student's graph computes the reference's function, without banned operations",
  usage: [
    "usage: npm run -s cli -- check-graph --target FILE --student FILE [--at NAME=VALUE ...] [--ban op1,op2] [--require id1,id2] --json",
    "",
    "  --target FILE      the reference graph (graph language)",
    "  --student FILE     the student's graph (graph language); one of the two may be - for standard input",
    "  --at NAME=VALUE    the problem's point: value of a reference input, overriding its default; repeatable",
    "  --ban LIST         operations the student may not use, comma-separated (softmax,cross_entropy,...)",
    "  --require LIST     nodes of the target the student's graph must compute too, each as a node of its own, comma-separated ids (m,a,b)",
    "  --json             print one JSON object: { equivalent, detailed, counterexample, violations, missing }, or { error: {...} }",
  ].join("\n"),
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const flags = parseFlags(args, FLAGS);
    if (flags.target === "-" && flags.student === "-") throw new CliUsageError("--target and --student cannot both read standard input");
    const at = parseAtValues(flags.at);
    const ban = flags.ban === undefined ? [] : flags.ban.split(",");
    try {
      resolveBannedOps(ban);
    } catch (error) {
      throw new CliUsageError(`--ban: ${(error as Error).message}`);
    }
    const targetSource = await readInputFile(flags.target, io, "target graph file");
    const studentSource = await readInputFile(flags.student, io, "student graph file");
    let target;
    try {
      target = evaluateSource(targetSource, { at }).graph;
    } catch (error) {
      throw inFile(error, `target graph "${flags.target}"`, targetSource);
    }
    const required = (flags.require === undefined ? [] : flags.require.split(",")).map((node) => ({ node: node.trim() })).filter((q) => q.node !== "");
    let check: GraphCheck;
    try {
      check = checkGraphEquivalence({ target, studentSource, ban, require: required });
    } catch (error) {
      if (error instanceof RangeError) throw new CliUsageError(`--require: ${error.message}`);
      throw error;
    }
    if (!check.ok) {
      const e = check.error;
      const label = e.source === "student" ? `student graph "${flags.student}"` : `target graph "${flags.target}"`;
      const at2 = e.line === null ? null : { line: e.line, column: e.column! };
      throw new GraphError("syntax", `${label}: ${e.message}`, at2, e.source === "student" ? studentSource : targetSource);
    }
    const { equivalent, detailed, counterexample, violations } = check;
    const missing = check.missing.map((m) => m.node);
    io.stdout(flags.json ? `${JSON.stringify({ equivalent, detailed, counterexample, violations, missing })}\n` : report(check));
    return 0;
  },
};
