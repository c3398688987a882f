/**
 * `admin create|password`: the operator's accounts, on the configured database (DATABASE_URL). The
 * first administrator of a deployment without demo data is made here. A password is read from a
 * prompt (no echo) or from standard input, never from an argument, which would stay in the shell's
 * history and in the process list.
 */
import { type FlagSpec, parseFlags } from "@/lib/cli/flags";
import { withDb } from "@/lib/cli/with-db";
import { type CliCommand, type CliIO, CliUsageError } from "@/lib/cli/types";

const USAGE = [
  "usage: npm run -s cli -- admin <create|password> ...",
  "",
  "  admin create --email EMAIL [--name NAME]   a new site administrator (name default: the email's local part)",
  "  admin password --email EMAIL              a new password for an existing account; ends its sessions",
  "",
  "  The password is typed at a prompt (twice, without echo) or given on standard input:",
  "    printf '%s\\n' \"$PASSWORD\" | npm run -s cli -- admin create --email ops@example.edu",
  "  It is never an argument. Both commands are recorded in the audit log.",
].join("\n");

const CREATE: Record<string, FlagSpec> = { email: { kind: "string", required: true }, name: { kind: "string" } };
const PASSWORD: Record<string, FlagSpec> = { email: { kind: "string", required: true } };

function refusePasswordFlag(args: readonly string[]): void {
  if (args.some((a) => a === "--password" || a.startsWith("--password="))) {
    throw new CliUsageError(
      "a password is never an argument (it would stay in the shell's history and the process list): type it at the prompt, or give it on standard input",
    );
  }
}

async function readPassword(io: CliIO): Promise<string> {
  const { checkNewPassword } = await import("@/lib/ops/accounts");
  const text = io.readSecret ? await io.readSecret("Password: ") : await io.readStdin();
  if (text.trim() === "") throw new Error("no password was given: type it at the prompt, or give it on standard input");
  return checkNewPassword(text);
}

export const command: CliCommand = {
  name: "admin",
  summary: "create a site administrator, or give an account a new password",
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    refusePasswordFlag(rest);
    const accounts = await import("@/lib/ops/accounts");
    if (sub === "create") {
      const flags = parseFlags(rest, CREATE);
      const email = accounts.checkEmail(flags.email as string);
      const name = accounts.checkName(flags.name ?? email.split("@")[0]!);
      const password = await readPassword(io);
      const user = await withDb((db) => accounts.createSiteAdmin(db, { email, name, password }));
      io.stdout(`created site administrator ${email} (${user.id})\n`);
      return 0;
    }
    if (sub === "password") {
      const flags = parseFlags(rest, PASSWORD);
      const email = accounts.checkEmail(flags.email as string);
      const password = await readPassword(io);
      await withDb((db) => accounts.setPassword(db, email, password));
      io.stdout(`new password set for ${email}; its sessions have ended\n`);
      return 0;
    }
    throw new CliUsageError(sub === undefined ? "admin needs a subcommand: create or password" : `unknown subcommand "${sub}" (admin create | admin password)`);
  },
};
