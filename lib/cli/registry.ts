/**
 * The commands of `npm run -s cli -- <command>`. To add one, write `commands/<name>.ts` exporting
 * `command: CliCommand` and add one line here. Modules load lazily, so a command's dependencies (the
 * database, say) cost nothing to the others.
 */
import type { CliCommand } from "./types";

export const COMMANDS: Readonly<Record<string, () => Promise<{ command: CliCommand }>>> = {
  eval: () => import("./commands/eval"),
  grade: () => import("./commands/grade"),
  "check-graph": () => import("./commands/check-graph"),
  "check-expr": () => import("./commands/check-expr"),
  problem: () => import("./commands/problem"),
  admin: () => import("./commands/admin"),
  lti: () => import("./commands/lti"),
};
