/**
 * `npm run bench`: finds every `*.bench.ts` beside this file, runs each of its cases in a fresh child
 * process (same Node flags, so the same TypeScript loader) and prints a table of figures.
 *   tsx tests/bench/run.ts [filter]          all cases whose "file: name" contains filter
 *   tsx tests/bench/run.ts --child FILE NAME  (internal) run one case, print its figures as JSON
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Benchmark, Figure } from "./types";

const here = path.dirname(process.argv[1]!);

async function loadCases(file: string): Promise<Benchmark[]> {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { benchmarks?: Benchmark[] };
  if (!Array.isArray(mod.benchmarks)) throw new Error(`${file} does not export benchmarks: Benchmark[]`);
  return mod.benchmarks;
}

async function child(file: string, name: string): Promise<void> {
  const bench = (await loadCases(file)).find((b) => b.name === name);
  if (bench === undefined) throw new Error(`no benchmark "${name}" in ${file}`);
  const figures = await bench.run();
  const peak: Figure = { value: process.resourceUsage().maxRSS / 1024, unit: "MB", note: "peak RSS of the process" };
  process.stdout.write(`${JSON.stringify({ ...figures, "peak memory": peak })}\n`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    await child(args[1]!, args[2]!);
    return 0;
  }
  const filter = args[0] ?? "";
  const files = readdirSync(here)
    .filter((f) => f.endsWith(".bench.ts"))
    .sort();
  let failures = 0;
  for (const file of files) {
    for (const bench of await loadCases(file)) {
      const title = `${file.replace(/\.bench\.ts$/, "")}: ${bench.name}`;
      if (!title.includes(filter)) continue;
      process.stdout.write(`\n${title}\n`);
      const result = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--child", file, bench.name], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0) {
        failures++;
        process.stdout.write(`  FAILED (status ${result.status})\n${result.stderr}\n`);
        continue;
      }
      const figures = JSON.parse(result.stdout.trim().split("\n").pop()!) as Record<string, Figure>;
      const width = Math.max(...Object.keys(figures).map((k) => k.length));
      for (const [label, f] of Object.entries(figures)) {
        const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(f.value < 10 ? 2 : 1);
        process.stdout.write(`  ${label.padEnd(width)}  ${value} ${f.unit}${f.note ? `  (${f.note})` : ""}\n`);
      }
    }
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
