/**
 * `npm run -s test:differential`: the engine against PyTorch, through the `eval --json` contract.
 *
 * 1. Generated graphs (generate.ts, seeded): each is evaluated by the real CLI dispatcher
 *    (`eval --graph - --json`, in this process), and the few whose evaluation fails, whose numbers
 *    exceed 1e6 (ill-conditioned for a relative comparison), or that report a tied maximum (where the
 *    engine's documented convention, the first element, and torch's max() differ) are redrawn and counted.
 * 2. The bank: every problems/**\/*.yaml at a few seeds, its reference graph evaluated by the same
 *    command at the variant's inputs (`--at NAME=VALUE`), and checked byte-equal to the variant the
 *    problem loader computed; and each of its mistakes that is a graph, at the same parameters.
 * Then one Python process (compare.py, torch float64) rebuilds every graph from its op names and
 * compares every node's value and gradient and every edge's local and downstream derivative.
 * Exit status 1 on any mismatch or unknown op.
 *
 * Options: --count N (generated graphs, default 600), --seed S (default 13), --python PATH
 * (default /usr/bin/python3, or $DIFFERENTIAL_PYTHON), --keep FILE (also write the JSON lines there).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { toEvalJson, type NestedNumbers } from "@/lib/autograd";
import { runCli } from "@/lib/cli/run";
import type { CliIO } from "@/lib/cli/types";
import { loadProblem } from "@/lib/problems/load";
import { parseGraph } from "@/lib/graph-lang";
import { generateVariant, graphInputs } from "@/lib/problems/variant";
import { generateGraph } from "./generate";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BANK_SEEDS = ["0", "1", "7", "42"];
/** Numbers beyond this make a relative comparison meaningless (cancellation); such graphs are redrawn. */
const MAGNITUDE_LIMIT = 1e6;
const MAX_ATTEMPTS = 20;
/** eval's warning for a max reduction whose maximum is shared (generate.ts spreads values so this is rare). */
const MAX_TIE = /tie for the maximum/;

interface Line {
  name: string;
  source: string;
  eval: unknown;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

/** `eval --graph - --json [--at ...]` with the source on standard input: the CLI's own dispatcher. */
async function evalJson(source: string, at: Record<string, unknown> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: () => Promise.resolve(source),
    readFile: () => Promise.reject(new Error("no files here")),
  };
  const args = ["eval", "--graph", "-", "--json", ...Object.entries(at).flatMap(([k, v]) => ["--at", `${k}=${JSON.stringify(v)}`])];
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

function largest(x: NestedNumbers | null): number {
  if (x === null) return 0;
  if (typeof x === "number") return Math.abs(x);
  return x.reduce((m: number, y) => Math.max(m, largest(y)), 0);
}

function wellConditioned(json: { nodes: { value: NestedNumbers; grad: NestedNumbers | null }[] }): boolean {
  return json.nodes.every((n) => largest(n.value) <= MAGNITUDE_LIMIT && largest(n.grad) <= MAGNITUDE_LIMIT);
}

async function generated(count: number, seed: number): Promise<{ lines: Line[]; redrawn: number }> {
  const lines: Line[] = [];
  let redrawn = 0;
  for (let i = 0; i < count; i++) {
    for (let attempt = 0; ; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new Error(`graph #${i}: no evaluable draw in ${MAX_ATTEMPTS} attempts; fix the generator`);
      const g = generateGraph(seed, i, attempt);
      const { status, stdout, stderr } = await evalJson(g.source);
      const json = status === 0 ? (JSON.parse(stdout) as Parameters<typeof wellConditioned>[0]) : null;
      if (json && wellConditioned(json) && !MAX_TIE.test(stderr)) {
        lines.push({ name: g.name, source: g.source, eval: json });
        break;
      }
      redrawn++;
    }
  }
  return { lines, redrawn };
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out.sort();
}

/** The parameters a mistake's own graph declares as inputs. */
function mistakeInputs(graph: string, parameters: Record<string, unknown>): Record<string, unknown> {
  const names = parseGraph(graph).statements.flatMap((s) => (s.kind === "input" ? s.decls.map((d) => d.name) : []));
  return Object.fromEntries(names.filter((n) => n in parameters).map((n) => [n, parameters[n]]));
}

async function bank(): Promise<{ lines: Line[]; problems: number; mistakes: number; skipped: number }> {
  const lines: Line[] = [];
  let mistakes = 0;
  let skipped = 0;
  const files = yamlFiles(path.join(ROOT, "problems"));
  for (const file of files) {
    const rel = path.relative(ROOT, file);
    const loaded = loadProblem(fs.readFileSync(file, "utf8"));
    if (!loaded.ok) throw new Error(`${rel} does not load: ${loaded.issues.map((i) => i.message).join("; ")}`);
    const problem = loaded.problem;
    for (const seed of BANK_SEEDS) {
      const variant = generateVariant(problem, seed);
      const { status, stdout } = await evalJson(problem.file.graph, graphInputs(problem, variant.parameters));
      if (status !== 0) throw new Error(`${rel} seed ${seed}: eval failed: ${stdout}`);
      const expected = `${JSON.stringify(toEvalJson(variant.evaluated))}\n`;
      if (stdout !== expected) throw new Error(`${rel} seed ${seed}: eval --json differs from the loader's own evaluation of the variant`);
      lines.push({ name: `${rel}@${seed}`, source: problem.file.graph, eval: JSON.parse(stdout) });
      // The problem's own mistakes that are graphs: what the grader compares wrong answers with.
      for (const mistake of problem.file.mistakes) {
        if (mistake.graph === undefined) continue;
        const m = await evalJson(mistake.graph, mistakeInputs(mistake.graph, variant.parameters));
        if (m.status !== 0) {
          skipped++; // a mistake's graph may leave its domain at some variant: counted, not compared
          continue;
        }
        mistakes++;
        lines.push({ name: `${rel}@${seed} mistake ${mistake.code}`, source: mistake.graph, eval: JSON.parse(m.stdout) });
      }
    }
  }
  return { lines, problems: files.length, mistakes, skipped };
}

async function main(): Promise<number> {
  const count = Number(option("count", "600"));
  const seed = Number(option("seed", "13"));
  const python = option("python", process.env.DIFFERENTIAL_PYTHON ?? "/usr/bin/python3");
  const started = Date.now();
  const gen = await generated(count, seed);
  const bk = await bank();
  const lines = [...gen.lines, ...bk.lines];
  const payload = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
  const keep = option("keep", "");
  if (keep) fs.writeFileSync(keep, payload);
  console.log(
    `[differential] ${gen.lines.length} generated graphs (seed ${seed}; ${gen.redrawn} draws redrawn) + ${bk.lines.length} bank graphs ` +
      `(${bk.problems} problems × ${BANK_SEEDS.length} seeds: reference graphs, and ${bk.mistakes} of their mistakes' graphs, ` +
      `${bk.skipped} outside their domain), evaluated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const child = spawn(python, [path.join(import.meta.dirname, "compare.py")], {
    stdio: ["pipe", "inherit", "inherit"],
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  child.stdin.end(payload);
  const status = await done;
  console.log(`[differential] total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(`[differential] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
