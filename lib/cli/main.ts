/** `npm run -s cli -- <command> ...`: see registry.ts for the commands. */
import { nodeIO } from "./node-io";
import { runCli } from "./run";

runCli(process.argv.slice(2), nodeIO).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
