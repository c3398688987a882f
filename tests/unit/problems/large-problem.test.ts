/**
 * Validation of a problem at the graph language's size limit: vetting stays within a time budget and
 * says so when it stops early, and the fast path that reuses one compiled graph for every draw gives
 * exactly the variants a fresh compilation gives.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toEvalJson } from "@/lib/autograd";
import { runCli } from "@/lib/cli/run";
import type { CliIO } from "@/lib/cli/types";
import { loadProblem } from "@/lib/problems/load";
import { validateLoaded, validateSource } from "@/lib/problems/validate";
import { drawAt, tryDraw, type CompiledProblem } from "@/lib/problems/variant";
import { largeGraphNodes, largeProblemSource } from "../../fixtures/large-problem";

function compiled(text: string): CompiledProblem {
  const loaded = loadProblem(text);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.line}: ${i.message}`).join("\n"));
  return loaded.problem;
}

describe("a 9,990-node problem", () => {
  const source = largeProblemSource();

  it("is at the size the benchmark measures, and valid", () => {
    const r = validateSource(source, { seeds: 3, runTests: false });
    expect(r.issues).toEqual([]);
    const draw = tryDraw(r.problem!, "0", 1);
    expect(draw.ok && draw.variant.graph.nodes.length).toBe(largeGraphNodes(9_990));
    expect(largeGraphNodes(9_990)).toBeGreaterThan(9_980);
    expect(r.vetting).toEqual({ seeds: 3, planned: 3, stoppedByBudgetMs: null });
  });

  it("stops vetting when the time budget runs out, estimates the count, and says how many variants were vetted", () => {
    const r = validateLoaded(loadProblem(source), { budgetMs: 1, runTests: false });
    expect(r.vetting!.stoppedByBudgetMs).toBe(1);
    expect(r.vetting!.seeds).toBeGreaterThanOrEqual(1);
    expect(r.vetting!.seeds).toBeLessThan(1000);
    expect(r.variants).toMatchObject({ exact: false });
    expect(r.issues).toEqual([
      {
        severity: "warning",
        line: 5,
        message: `only ${r.vetting!.seeds.toLocaleString("en-US")} of 1,000 variants were vetted within the time budget of 0 s: the graph is too large to vet them all`,
      },
    ]);
    expect(r.ok).toBe(true);
  });

  it("problem validate --budget prints the warning and the vetted count on the file's line", async () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "large-problem-"));
    const file = path.join(dir, "large.yaml");
    fs.writeFileSync(file, source);
    let stdout = "";
    const io: CliIO = { stdout: (t) => void (stdout += t), stderr: () => {}, readStdin: async () => "", readFile: (p) => fs.promises.readFile(p, "utf8") };
    const status = await runCli(["problem", "validate", file, "--budget", "0.001"], io);
    fs.rmSync(dir, { recursive: true });
    expect(status).toBe(0);
    expect(stdout).toMatch(
      new RegExp(`^${file}:5: warning: only \\d+ of 1,000 variants were vetted within the time budget of 0 s: the graph is too large to vet them all$`, "m"),
    );
    expect(stdout).toMatch(new RegExp(`^${file}: ok \\(≈\\d+ variants; \\d+ of 1,000 vetted in 0 s; 1 author test passed\\)$`, "m"));
  });
});

describe("drawing variants from one compiled graph", () => {
  const bank = [
    "problems/seed/std-dev-random.yaml",
    "problems/classic/tanh-relu-chain.yaml",
    "problems/seed/cross-entropy-random.yaml",
    "problems/classic/two-layer-mlp.yaml",
  ];

  it.each(bank)("%s: every draw equals the draw of a freshly compiled problem", (file) => {
    const text = fs.readFileSync(file, "utf8");
    const shared = compiled(text);
    for (let seed = 0; seed < 40; seed++) {
      // A fresh CompiledProblem has no template yet, so its draw compiles the graph from the program.
      const fresh = tryDraw(compiled(text), String(seed), 1);
      const reused = tryDraw(shared, String(seed), 1);
      expect(reused.ok).toBe(fresh.ok);
      if (reused.ok && fresh.ok) {
        expect(reused.variant.parameters).toEqual(fresh.variant.parameters);
        expect(toEvalJson(reused.variant.evaluated)).toEqual(toEvalJson(fresh.variant.evaluated));
      } else if (!reused.ok && !fresh.ok) {
        expect(reused.reason).toBe(fresh.reason);
      }
    }
  });

  it("a value of another shape than the first draw's takes the compiler's path and its located error", () => {
    const problem = compiled(fs.readFileSync("problems/seed/cross-entropy-random.yaml", "utf8"));
    const first = tryDraw(problem, "0", 1);
    expect(first.ok).toBe(true);
    const wrong = drawAt(problem, "x", { Y: [1, 2, 3] }, 1);
    expect(wrong).toMatchObject({ ok: false, culprit: ["graph"] });
    expect(!wrong.ok && wrong.reason).toBe('graph: shape mismatch: "Y" is declared [3, 3] but the value given has shape [3]');
  });
});
