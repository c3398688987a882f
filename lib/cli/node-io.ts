/** The real process's standard streams and file system, as a `CliIO`. */
import { readFile } from "node:fs/promises";
import type { CliIO } from "./types";

/** One line typed at a terminal with echo off (Ctrl-C aborts). */
function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let text = "";
    const done = (error: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done(null);
        if (ch === "\u0003") return done(new Error("cancelled"));
        if (ch === "\u007f" || ch === "\b") text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export const nodeIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin,
  readSecret: async (prompt) => {
    if (!process.stdin.isTTY) return readStdin();
    const first = await promptHidden(prompt);
    const again = await promptHidden("Again: ");
    if (first !== again) throw new Error("the two passwords typed differ; nothing was changed");
    return first;
  },
  readFile: (path) => readFile(path, "utf8"),
};
