/**
 * `check-expr --expected "EXPR" --given "EXPR" [--domain NAME=LO:HI ...] --json`: whether two formulas
 * in the answer language agree at 20 random points of the domain (variables not listed range over
 * [-2, 2]). Standard output with --json: {"equivalent": B, "counterexample": {...} | null}. An
 * unreadable formula, or a domain where too few points are defined, is an error (exit 1).
 */
import { GraphError } from "@/lib/graph-lang";
import { DEFAULT_VARIABLE_RANGE, checkExpression } from "@/lib/grading";
import { parseFlags, parseNumber } from "@/lib/cli/flags";
import { type CliCommand, type CliIO, CliUsageError } from "@/lib/cli/types";

const FLAGS = {
  expected: { kind: "string", required: true },
  given: { kind: "string", required: true },
  domain: { kind: "string", repeat: true },
  json: { kind: "boolean" },
} as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseDomain(entries: readonly string[]): Record<string, [number, number]> {
  const domain: Record<string, [number, number]> = Object.create(null) as Record<string, [number, number]>;
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? "" : entry.slice(0, eq).trim();
    const range = eq < 0 ? "" : entry.slice(eq + 1).trim();
    const colon = range.indexOf(":", 1);
    if (eq < 0 || colon < 0) throw new CliUsageError(`--domain ${entry}: expected NAME=LO:HI, e.g. --domain y11=-2:2`);
    if (!NAME.test(name)) throw new CliUsageError(`--domain ${entry}: "${name}" is not a variable name`);
    if (Object.prototype.hasOwnProperty.call(domain, name)) throw new CliUsageError(`--domain ${name} is given more than once`);
    const lo = parseNumber(range.slice(0, colon).trim());
    const hi = parseNumber(range.slice(colon + 1).trim());
    if (lo === null || hi === null) throw new CliUsageError(`--domain ${entry}: LO and HI must be numbers`);
    if (!(lo < hi)) throw new CliUsageError(`--domain ${entry}: LO must be below HI`);
    domain[name] = [lo, hi];
  }
  return domain;
}

export const command: CliCommand = {
  name: "check-expr",
  summary: "check that a student's formula equals the reference formula at random points",
  usage: [
    'usage: npm run -s cli -- check-expr --expected "EXPR" --given "EXPR" [--domain NAME=LO:HI ...] --json',
    "",
    "  --expected EXPR    the reference formula (answer language: + - * / ^, exp ln log log10 log2 sqrt, e, pi)",
    "  --given EXPR       the student's formula",
    `  --domain N=LO:HI   range of a variable; repeatable (others range over [${DEFAULT_VARIABLE_RANGE.join(", ")}])`,
    "  --json             print one JSON object: { equivalent, counterexample }, or { error: {...} }",
  ].join("\n"),
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const flags = parseFlags(args, FLAGS);
    const domain = parseDomain(flags.domain);
    const check = checkExpression({ expected: flags.expected, given: flags.given, domain });
    if (!check.ok) {
      const e = check.error;
      // A formula is a one-line text: the error is at line 1 of it, with a caret under the column.
      const text = e.which === "given" ? flags.given : flags.expected;
      throw new GraphError("syntax", e.message, e.column === null ? null : { line: 1, column: e.column }, text);
    }
    const { equivalent, counterexample } = check;
    if (flags.json) {
      io.stdout(`${JSON.stringify({ equivalent, counterexample })}\n`);
    } else {
      const lines = [`equivalent: ${equivalent ? "yes" : "no"} (${check.points} points compared)`];
      if (counterexample !== null) {
        lines.push(
          `counterexample at ${JSON.stringify(counterexample.at)}: expected ${JSON.stringify(counterexample.expected)}, given ${JSON.stringify(counterexample.given)}`,
        );
      }
      if (check.diagnosis) lines.push(`mistake: ${check.diagnosis.code} ${JSON.stringify(check.diagnosis.params)}`);
      io.stdout(`${lines.join("\n")}\n`);
    }
    return 0;
  },
};
