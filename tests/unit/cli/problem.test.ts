/** The problem command on real files: validate, preview (the JSON contract), test, and usage errors. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cliOnDisk } from "./fake-io";

const run = cliOnDisk;

describe("problem validate", () => {
  it("passes the built-in bank", async () => {
    const r = await run(["problem", "validate", "problems/"]);
    expect(r.stdout).toMatch(/problem files?: (\d+) ok, 0 with errors\n$/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("problems/seed/std-dev-random.yaml: ok (156 variants;");
  }, 120_000); // validates the whole bank: 1,000 variants and every author test per problem

  it("reports each broken fixture as file:line: message and exits 1", { timeout: 120_000 }, async () => {
    const r = await run(["problem", "validate", "tests/fixtures/problems"]);
    expect(r.status).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("tests/fixtures/problems/bad-yaml.yaml:7: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]");
    expect(lines).toContain("tests/fixtures/problems/unknown-parameter.yaml:4: statement: {{zeta}} is not a parameter");
    expect(lines).toContain("tests/fixtures/problems/graph-error.yaml:10: graph: exp takes 1 argument, got 2 (graph line 3, column 5)");
    expect(lines.some((l) => l.startsWith("tests/fixtures/problems/impossible-constraint.yaml:8: 1000 of 1000 seeds give no valid variant;"))).toBe(true);
    expect(lines).toContain(
      'tests/fixtures/problems/failing-author-test.yaml:20: author test "seven is claimed to be right too (it is not)" failed: score 0, expected 1 (y: incorrect 0)',
    );
    expect(lines.at(-2)).toBe("5 problem files: 0 ok, 5 with errors");
  });

  it("refuses a missing path and unknown flags as usage errors", async () => {
    expect((await run(["problem", "validate", "no/such/place"])).stderr).toContain("no such file or folder: no/such/place");
    expect((await run(["problem", "validate", "problems/", "--bogus"])).stderr).toContain("unknown flag --bogus");
    expect((await run(["problem", "frobnicate"])).stderr).toContain('unknown subcommand "frobnicate"');
  });
});

describe("problem preview --json", () => {
  it("shows the seed's batch cross-entropy: 2.54692", async () => {
    const r = await run(["problem", "preview", "problems/seed/cross-entropy.yaml", "--seed", "0", "--json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["id", "seed", "parameters", "statement", "parts"]);
    expect(json.id).toBe("seed-cross-entropy");
    expect(json.seed).toBe("0");
    expect(json.parameters.Y).toEqual([
      [0.65, 0.43, 0.11],
      [0.05, 0.51, 0.18],
      [0.33, 0.21, 0.72],
    ]);
    expect(json.statement).toContain("\\begin{pmatrix} 0.65 & 0.43 & 0.11");
    const loss = json.parts.find((p: { id: string }) => p.id === "loss");
    expect(loss.kind).toBe("numeric");
    expect(loss.answer).toBeCloseTo(2.546916, 6);
    expect(json.parts.find((p: { id: string }) => p.id === "formula").kind).toBe("expression");
  });

  it("shows the seed's standard deviation graph: s = 2, ∂s/∂x1 = −0.5, ∂s/∂x2 = 0.5, ∂s/∂m = 0", async () => {
    const r = await run(["problem", "preview", "problems/seed/std-dev.yaml", "--seed", "0", "--json"]);
    const json = JSON.parse(r.stdout);
    const parts = Object.fromEntries(json.parts.map((p: { id: string; answer: unknown }) => [p.id, p.answer]));
    expect(parts["grad-x1"]).toBe(-0.5);
    expect(parts["grad-x2"]).toBe(0.5);
    const nodes = Object.fromEntries((parts.annotate as { id: string; value: number; grad: number }[]).map((n) => [n.id, n]));
    expect(nodes.s!.value).toBe(2);
    expect(nodes.m!.grad).toBe(0);
    expect(nodes.m!.value).toBe(1);
    // a graph part's answer is the eval node list
    expect(Object.keys(nodes.m!)).toEqual(["id", "op", "inputs", "shape", "value", "grad", "edges", "line"]);
  });

  it("gives every seed of a randomized problem its own variant, the same every time", async () => {
    const a = JSON.parse((await run(["problem", "preview", "problems/seed/cross-entropy-random.yaml", "--seed", "41", "--json"])).stdout);
    const b = JSON.parse((await run(["problem", "preview", "problems/seed/cross-entropy-random.yaml", "--seed", "41", "--json"])).stdout);
    const c = JSON.parse((await run(["problem", "preview", "problems/seed/cross-entropy-random.yaml", "--seed", "42", "--json"])).stdout);
    expect(a).toEqual(b);
    expect(a.parameters).not.toEqual(c.parameters);
  });

  it("needs --seed and one file", async () => {
    expect((await run(["problem", "preview", "problems/seed/std-dev.yaml"])).stderr).toContain("--seed is required");
    const j = await run(["problem", "preview", "problems/seed/std-dev.yaml", "problems/seed/cross-entropy.yaml", "--seed", "1", "--json"]);
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout).error.message).toBe("preview takes exactly one problem file");
  });
});

describe("problem test", () => {
  it("reports each author test and fails when one fails", async () => {
    const ok = await run(["problem", "test", "problems/seed"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("problems/seed/cross-entropy.yaml: PASS log base 10 is named");
    const bad = await run(["problem", "test", "tests/fixtures/problems/failing-author-test.yaml"]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("PASS six is right");
    expect(bad.stdout).toContain("tests/fixtures/problems/failing-author-test.yaml:20: FAIL seven is claimed to be right too (it is not)");
    expect(bad.stdout).toContain("2 author tests, 1 failed");
  });
});

describe("a real child process", () => {
  it("runs `npm run -s cli -- problem preview` with exit status 0 and one JSON object", () => {
    const r = spawnSync(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "lib/cli/main.ts", "problem", "preview", "problems/seed/std-dev-random.yaml", "--seed", "7", "--json"],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).id).toBe("seed-std-dev-random");
  });
});
