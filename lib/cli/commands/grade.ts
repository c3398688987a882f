/**
 * `grade --graph FILE [--at NAME=VALUE ...] --answers FILE.json [--fields value,grad,local,downstream]
 * [--rtol R] [--atol A] [--json]`: grades a student's annotations of a graph field by field, with error
 * carried forward and the mistake named (lib/grading). With --json, standard output is exactly one
 * object: {"score": S, "results": [{"node", "field", "from", "verdict", "expected", "given",
 * "diagnosis", "message"}]}. Errors exit with status 1, as in eval.
 */
import { evaluateSource } from "@/lib/graph-lang";
import { FIELDS, type Field, type Tolerance, ToleranceSchema, formatGradeReport, gradeAnnotations, parseAnswerFile, toGradeJson } from "@/lib/grading";
import { parseAtValues } from "@/lib/cli/at-values";
import { parseFlags } from "@/lib/cli/flags";
import { type CliCommand, type CliIO, CliUsageError } from "@/lib/cli/types";

const FLAGS = {
  graph: { kind: "string", required: true },
  at: { kind: "string", repeat: true },
  answers: { kind: "string", required: true },
  fields: { kind: "string" },
  rtol: { kind: "number" },
  atol: { kind: "number" },
  json: { kind: "boolean" },
} as const;

/** Reads a file named on the command line, or standard input for "-"; a missing file is a usage error. */
export async function readInputFile(path: string, io: CliIO, what: string): Promise<string> {
  if (path === "-") return io.readStdin();
  try {
    return await io.readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CliUsageError(`cannot read the ${what} "${path}": ${reason}`);
  }
}

export function parseFields(text: string | undefined): Field[] {
  if (text === undefined) return ["value", "grad"];
  const fields: Field[] = [];
  for (const raw of text.split(",")) {
    const f = raw.trim();
    if (!(FIELDS as readonly string[]).includes(f)) {
      throw new CliUsageError(`--fields: "${f}" is not a field (the fields are ${FIELDS.join(", ")})`);
    }
    if (fields.includes(f as Field)) throw new CliUsageError(`--fields: "${f}" is listed twice`);
    fields.push(f as Field);
  }
  return fields;
}

/** --rtol and --atol replace the default's 1e-3 and 1e-6: correct within max(R·|expected|, A). */
function toleranceOf(rtol: number | undefined, atol: number | undefined): Tolerance {
  const parsed = ToleranceSchema.safeParse({ mode: "default", ...(rtol === undefined ? {} : { rtol }), ...(atol === undefined ? {} : { atol }) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliUsageError(`--${String(issue.path[0])}: ${issue.message}`);
  }
  return parsed.data;
}

export const command: CliCommand = {
  name: "grade",
  summary: "grade a student's annotated graph (values, gradients) with error carried forward",
  usage: [
    "usage: npm run -s cli -- grade --graph FILE [--at NAME=VALUE ...] --answers FILE.json",
    "                              [--fields value,grad,local,downstream] [--rtol R] [--atol A] [--json]",
    "",
    "  --graph FILE       the reference graph (graph language), or - for standard input",
    "  --at NAME=VALUE    value of an input (a number or a JSON array), overriding its default; repeatable",
    '  --answers FILE     {"nodes": {"<id>": {"value": V, "grad": V, "edges": {"<input id>": {"local": V, "downstream": V}}}}}',
    '                     where V is a number, an array, an answer text such as "1/4" or "-ln(0.3)", or null',
    "  --fields LIST      the fields asked, comma-separated (default value,grad)",
    "  --rtol R, --atol A correct within max(R·|expected|, A) (default R = 1e-3, A = 1e-6)",
    "  --json             print one JSON object: { score, results: [...] }, or { error: {...} }",
  ].join("\n"),
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const flags = parseFlags(args, FLAGS);
    if (flags.graph === "-" && flags.answers === "-") throw new CliUsageError("--graph and --answers cannot both read standard input");
    const at = parseAtValues(flags.at);
    const fields = parseFields(flags.fields);
    const tolerance = toleranceOf(flags.rtol, flags.atol);
    const source = await readInputFile(flags.graph, io, "graph file");
    const { evaluated } = evaluateSource(source, { at });
    const answersText = await readInputFile(flags.answers, io, "answers file");
    let json: unknown;
    try {
      json = JSON.parse(answersText);
    } catch (error) {
      throw new CliUsageError(`the answers file "${flags.answers}" is not valid JSON: ${(error as Error).message}`);
    }
    const sheet = parseAnswerFile(json, evaluated.graph);
    if (!sheet.ok) throw new CliUsageError(`the answers file "${flags.answers}": ${sheet.message}`);
    const outcome = gradeAnnotations({ evaluated, entries: sheet.sheet, fields, tolerance });
    io.stdout(flags.json ? `${JSON.stringify(toGradeJson(outcome))}\n` : formatGradeReport(outcome));
    return 0;
  },
};
