/** The grade command: its JSON contract in-process, every usage error, the readable report, and a real child process. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./fake-io";

const STD = "input x1 = -1, x2 = 3\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";
/** The seed's numbers, with ∂s/∂m given as one branch (0.5) and that mistake carried down. */
const ANSWERS = {
  nodes: {
    x1: { value: -1, grad: -0.25 },
    x2: { value: 3, grad: "3/4" },
    "m.1": { value: 2, grad: 0.25 },
    m: { value: 1, grad: 0.5 },
    "a.1": { value: -2, grad: -0.5 },
    a: { value: 4, grad: 0.125 },
    "b.1": { value: 2, grad: 0.5 },
    b: { value: 4, grad: 0.125 },
    "v.1": { value: 8, grad: 0.125 },
    v: { value: "4..", grad: 0.25 },
    s: { value: 2, grad: 1 },
  },
};
const FILES = { "std.graph": STD, "answers.json": JSON.stringify(ANSWERS) };

interface GradeJson {
  score: number;
  results: Array<{
    node: string;
    field: string;
    from: string | null;
    verdict: string;
    expected: unknown;
    given: unknown;
    diagnosis: string | null;
    message: string;
  }>;
}

function onlyJson(stdout: string): Record<string, unknown> {
  expect(stdout.trimEnd().split("\n")).toHaveLength(1);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe("grade --json", () => {
  it("prints the contract object: score and one result per asked field of every non-constant node", async () => {
    const { status, stdout, stderr } = await cli(["grade", "--graph", "std.graph", "--answers", "answers.json", "--json"], FILES);
    expect([status, stderr]).toEqual([0, ""]);
    const json = onlyJson(stdout) as unknown as GradeJson;
    expect(Object.keys(json)).toEqual(["score", "results"]);
    expect(json.results).toHaveLength(22);
    for (const r of json.results) expect(Object.keys(r)).toEqual(["node", "field", "from", "verdict", "expected", "given", "diagnosis", "message"]);
    const m = json.results.find((r) => r.node === "m" && r.field === "grad")!;
    expect(m).toMatchObject({ from: null, verdict: "incorrect", expected: 0, given: 0.5, diagnosis: "missing-fanout-sum" });
    expect(m.message).toContain("m feeds 2 nodes");
    expect(json.results.find((r) => r.node === "x2" && r.field === "grad")).toMatchObject({ verdict: "carried", given: 0.75, diagnosis: null });
    expect(json.results.find((r) => r.node === "v" && r.field === "value")).toMatchObject({ verdict: "invalid", given: "4.." });
    expect(json.score).toBeCloseTo(20 / 22, 12);
  });

  it("grades the fields asked with --fields, edges with from", async () => {
    const answers = { nodes: { "a.1": { edges: { m: { local: -1, downstream: 0.5 } } } } };
    const { status, stdout } = await cli(["grade", "--graph", "std.graph", "--answers", "a.json", "--fields", "local,downstream", "--json"], {
      ...FILES,
      "a.json": JSON.stringify(answers),
    });
    expect(status).toBe(0);
    const json = onlyJson(stdout) as unknown as GradeJson;
    expect(json.results).toHaveLength(26);
    expect(json.results.filter((r) => r.verdict === "correct").map((r) => [r.node, r.from, r.field])).toEqual([
      ["a.1", "m", "local"],
      ["a.1", "m", "downstream"],
    ]);
    expect(json.results.every((r) => r.from !== null)).toBe(true);
  });

  it("takes --at, --rtol and --atol", async () => {
    const answers = { nodes: { s: { value: 3.01 } } };
    const files = { ...FILES, "s.json": JSON.stringify(answers) };
    const base = ["grade", "--graph", "std.graph", "--answers", "s.json", "--fields", "value", "--at", "x1=1", "--at", "x2=7", "--json"];
    const strict = onlyJson((await cli(base, files)).stdout) as unknown as GradeJson;
    expect(strict.results.find((r) => r.node === "s")).toMatchObject({ verdict: "incorrect", expected: 3 });
    const loose = onlyJson((await cli([...base, "--rtol", "0.01"], files)).stdout) as unknown as GradeJson;
    expect(loose.results.find((r) => r.node === "s")!.verdict).toBe("correct");
    const absolute = onlyJson((await cli([...base, "--atol", "0.02"], files)).stdout) as unknown as GradeJson;
    expect(absolute.results.find((r) => r.node === "s")!.verdict).toBe("correct");
  });

  it("prints a readable report without --json", async () => {
    const { status, stdout } = await cli(["grade", "--graph", "std.graph", "--answers", "answers.json"], FILES);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^score 0\.909091 \(22 fields: 17 correct, 3 carried, 1 incorrect, 1 invalid\)/);
    expect(stdout).toMatch(/m\.grad\s+incorrect\s+0\s+0\.5\s+missing-fanout-sum/);
    expect(stdout).toContain("v.value: Could not read `4..`: unexpected `.` at column 3.");
  });

  it.each([
    [["--answers", "answers.json", "--json"], "--graph is required"],
    [["--graph", "std.graph", "--json"], "--answers is required"],
    [["--graph", "std.graph", "--answers", "answers.json", "--fields", "value,slope", "--json"], '--fields: "slope" is not a field'],
    [["--graph", "std.graph", "--answers", "answers.json", "--fields", "value,value", "--json"], '--fields: "value" is listed twice'],
    [["--graph", "std.graph", "--answers", "answers.json", "--rtol", "-1", "--json"], "--rtol:"],
    [["--graph", "std.graph", "--answers", "answers.json", "--rtol", "abc", "--json"], '--rtol: "abc" is not a number'],
    [["--graph", "std.graph", "--answers", "nope.json", "--json"], 'cannot read the answers file "nope.json": no such file'],
    [["--graph", "std.graph", "--answers", "bad.json", "--json"], 'the answers file "bad.json" is not valid JSON'],
    [["--graph", "std.graph", "--answers", "ghost.json", "--json"], 'nodes.q: there is no node "q" in the graph'],
    [["--graph", "std.graph", "--answers", "edge.json", "--json"], 'nodes.m.edges.x1: "x1" is not an input of "m" (the inputs of "m" are m.1, m.2)'],
    [["--graph", "std.graph", "--answers", "shape.json", "--json"], "nodes: Invalid input: expected record, received array"],
    [["--graph", "std.graph", "--answers", "answers.json", "--at", "x3=1", "--json"], 'a value was given for "x3"'],
    [["--graph", "-", "--answers", "-", "--json"], "cannot both read standard input"],
  ])("exits 1 with the error object: %j", async (args, message) => {
    const files = {
      ...FILES,
      "bad.json": "{nodes:",
      "ghost.json": JSON.stringify({ nodes: { q: { value: 1 } } }),
      "edge.json": JSON.stringify({ nodes: { m: { edges: { x1: { local: 1 } } } } }),
      "shape.json": JSON.stringify({ nodes: [1] }),
    };
    const { status, stdout } = await cli(["grade", ...args], files);
    expect(status).toBe(1);
    const json = onlyJson(stdout) as { error: { message: string; line: number | null; column: number | null } };
    expect(Object.keys(json)).toEqual(["error"]);
    expect(json.error.message).toContain(message);
  });

  it("locates errors in the graph file, and writes them to stderr without --json", async () => {
    const json = onlyJson(
      (await cli(["grade", "--graph", "g.graph", "--answers", "answers.json", "--json"], { ...FILES, "g.graph": "input x\ny = log(x +)\n" })).stdout,
    );
    expect(json).toMatchObject({ error: { line: 2, column: 12 } });
    const text = await cli(["grade", "--graph", "std.graph", "--answers", "nope.json"], FILES);
    expect([text.status, text.stdout]).toEqual([1, ""]);
    expect(text.stderr).toContain("error: cannot read the answers file");
  });

  it("reads the graph from standard input", async () => {
    const { status, stdout } = await cli(["grade", "--graph", "-", "--answers", "answers.json", "--json"], FILES, STD);
    expect(status).toBe(0);
    expect((onlyJson(stdout) as unknown as GradeJson).results).toHaveLength(22);
  });
});

describe("grade in a child process", () => {
  it("prints the JSON contract and exits 0, and exits 1 on a bad flag", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const dir = mkdtempSync(path.join(tmpdir(), "chainrule-grade-"));
    writeFileSync(path.join(dir, "std.graph"), STD);
    writeFileSync(path.join(dir, "answers.json"), JSON.stringify(ANSWERS));
    const run = (args: string[]) => spawnSync("npx", ["tsx", "lib/cli/main.ts", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
    const ok = run(["grade", "--graph", path.join(dir, "std.graph"), "--answers", path.join(dir, "answers.json"), "--json"]);
    expect(ok.status).toBe(0);
    const json = JSON.parse(ok.stdout) as GradeJson;
    expect(json.score).toBeCloseTo(20 / 22, 12);
    expect(json.results.find((r) => r.node === "m" && r.field === "grad")!.diagnosis).toBe("missing-fanout-sum");
    const bad = run(["grade", "--graph", path.join(dir, "std.graph"), "--answers", path.join(dir, "answers.json"), "--fields", "nope", "--json"]);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({
      error: { message: '--fields: "nope" is not a field (the fields are value, grad, local, downstream)', line: null, column: null },
    });
  });
});
