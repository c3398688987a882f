/** What a command is and what it may touch, so commands run the same in a process and in tests. */

export interface CliIO {
  /** Writes to standard output as is (add the newline yourself). */
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  /**
   * A secret such as a password: typed at a prompt without echo when standard input is a terminal
   * (asked twice, the two must match), otherwise standard input's text. Never a command-line argument.
   * Optional: without it a command reads standard input.
   */
  readSecret?(prompt: string): Promise<string>;
  readFile(path: string): Promise<string>;
}

export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full usage text, shown on `help <name>` and after usage errors. */
  readonly usage: string;
  /**
   * Runs with the arguments after the command name; returns the exit status. Throwing is the way to
   * fail: the dispatcher prints the error (as `{"error": {...}}` on stdout when `--json` was given) and
   * exits with status 1.
   */
  run(args: readonly string[], io: CliIO): Promise<number>;
}

/** A mistake in how the command was called (unknown flag, missing value, bad number...). */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}
