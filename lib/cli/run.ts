/** The dispatcher: finds the command, runs it, and turns any failure into exit status 1. */
import { GraphError } from "@/lib/graph-lang";
import { COMMANDS } from "./registry";
import { type CliCommand, type CliIO, CliUsageError } from "./types";

export const USAGE = "usage: npm run -s cli -- <command> [flags]    (npm run -s cli -- help <command> for its flags)";

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  // Whether the caller asked for JSON is known before the command parses its flags, so that even a
  // usage error comes back in the JSON contract.
  const json = args.includes("--json");
  let usage = USAGE;
  try {
    if (name === undefined) throw new CliUsageError("no command given; try: npm run -s cli -- help");
    if (name === "help" || name === "--help" || name === "-h") return await help(args[0], io);
    const command = await load(name);
    usage = command.usage;
    return await command.run(args, io);
  } catch (error) {
    reportError(error, json, io, usage);
    return 1;
  }
}

async function load(name: string): Promise<CliCommand> {
  const loader = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (loader === undefined) {
    throw new CliUsageError(`unknown command "${name}"; the commands are ${Object.keys(COMMANDS).join(", ")}`);
  }
  return (await loader()).command;
}

async function help(name: string | undefined, io: CliIO): Promise<number> {
  if (name !== undefined) {
    io.stdout(`${(await load(name)).usage}\n`);
    return 0;
  }
  const lines = [USAGE, "", "commands:"];
  for (const key of Object.keys(COMMANDS)) lines.push(`  ${key.padEnd(14)} ${(await load(key)).summary}`);
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}

/** `{"error": {"message", "line", "column"}}` on stdout with --json, the message on stderr otherwise. */
export function reportError(error: unknown, json: boolean, io: CliIO, usage: string = USAGE): void {
  const located = error instanceof GraphError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  if (json) {
    const body = located?.toJSON() ?? { message, line: null, column: null };
    io.stdout(`${JSON.stringify({ error: body })}\n`);
    return;
  }
  const text = located?.format() ?? message;
  io.stderr(`error: ${text}\n`);
  if (error instanceof CliUsageError) io.stderr(`${usage}\n`);
  // Unexpected failures (not a located or usage error) keep their stack for whoever debugs them.
  const unexpected = located === null && !(error instanceof CliUsageError);
  if (unexpected && error instanceof Error && process.env.CHAINRULE_DEBUG) io.stderr(`${error.stack}\n`);
}
