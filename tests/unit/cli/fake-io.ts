/** CliIOs for the tests: both streams captured, files served from strings (`cli`) or from the disk (`cliOnDisk`). */
import fs from "node:fs";
import { runCli } from "@/lib/cli/run";
import type { CliIO } from "@/lib/cli/types";

export interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], files: Record<string, string> = {}, stdin = ""): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => stdin,
    readSecret: async () => stdin,
    readFile: async (path) => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return files[path]!;
    },
  };
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}

/** The command on real files (the bank, fixtures, temporary answer sheets), standard input empty. */
export async function cliOnDisk(argv: string[]): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => "",
    readSecret: async () => "",
    readFile: (path) => fs.promises.readFile(path, "utf8"),
  };
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}
