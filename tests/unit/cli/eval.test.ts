/** The eval command in-process: the JSON contract, --at, standard input, the table, and every failure. */
import { describe, expect, it } from "vitest";
import { COMMANDS } from "@/lib/cli/registry";
import { cli } from "./fake-io";

const STD = `# standard deviation of two samples
input x1 = -1, x2 = 3
m = (x1 + x2) / 2
a = (x1 - m) ^ 2
b = (x2 - m) ^ 2
v = (a + b) / 2
s = sqrt(v)
output s
`;
const CE = `input Y[3,3] = [[0.65,0.43,0.11],[0.05,0.51,0.18],[0.33,0.21,0.72]]
T = [[1,0,0],[0,1,0],[0,0,1]]
L = sum(cross_entropy(Y, T))
`;
const FILES = { "std.graph": STD, "ce.graph": CE, "relu.graph": "input x = 0\ny = relu(x)\n" };

/** Standard output holds exactly one JSON object (one line). */
function onlyJson(stdout: string): Record<string, unknown> {
  expect(stdout.endsWith("\n")).toBe(true);
  expect(stdout.trimEnd().split("\n")).toHaveLength(1);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe("eval --json", () => {
  it("prints the contract object for the seed's standard deviation", async () => {
    const { status, stdout, stderr } = await cli(["eval", "--graph", "std.graph", "--json"], FILES);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const json = onlyJson(stdout) as { output: string; value: number; nodes: Array<Record<string, unknown>> };
    expect(Object.keys(json)).toEqual(["output", "value", "nodes"]);
    expect([json.output, json.value]).toEqual(["s", 2]);
    expect(json.nodes).toHaveLength(15);
    expect(json.nodes.find((n) => n.id === "m")).toEqual({
      id: "m",
      op: "div",
      inputs: ["m.1", "m.2"],
      shape: [],
      value: 1,
      grad: 0,
      edges: [
        { from: "m.1", local: 0.5, downstream: 0 },
        { from: "m.2", local: -0.5, downstream: 0 },
      ],
      line: 3,
    });
    expect(json.nodes.slice(0, 2).map((n) => [n.id, n.op, n.grad])).toEqual([
      ["x1", "input", -0.5],
      ["x2", "input", 0.5],
    ]);
  });

  it("--at overrides defaults, one number and one JSON matrix", async () => {
    const moved = onlyJson((await cli(["eval", "--graph", "std.graph", "--json", "--at", "x1=1", "--at", "x2=7"], FILES)).stdout);
    expect(moved.value).toBe(3);
    const zeros = "Y=[[0,0,0],[0,0,0],[0,0,0]]";
    const ce = onlyJson((await cli(["eval", "--graph", "ce.graph", "--at", zeros, "--json"], FILES)).stdout) as {
      value: number;
      nodes: Array<{ id: string; value: unknown; grad: unknown }>;
    };
    expect(ce.value).toBeCloseTo(3 * Math.log(3), 12);
    expect(ce.nodes[0]).toMatchObject({
      id: "Y",
      value: [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
    });
    const g = ce.nodes[0]!.grad as number[][];
    expect(g[0]![0]).toBeCloseTo(1 / 3 - 1, 14);
    expect(g[0]![1]).toBeCloseTo(1 / 3, 14);
  });

  it("reads the graph from standard input with --graph -", async () => {
    const { status, stdout } = await cli(["eval", "--graph", "-", "--json"], {}, CE);
    expect(status).toBe(0);
    expect(onlyJson(stdout).value).toBeCloseTo(2.546916, 6);
  });

  it("warns on standard error about non-differentiable points, leaving the JSON as is", async () => {
    const { status, stdout, stderr } = await cli(["eval", "--graph", "relu.graph", "--json"], FILES);
    expect(status).toBe(0);
    expect(onlyJson(stdout).value).toBe(0);
    expect(stderr).toBe(`warning: node "y" (line 2): relu is not differentiable at 0; relu'(0) = 0 is used, as in PyTorch\n`);
  });
});

describe("eval without --json", () => {
  it("prints a table of id, op, value and gradient", async () => {
    const { status, stdout, stderr } = await cli(["eval", "--graph", "std.graph"], FILES);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("output s = 2");
    expect(lines[2]).toMatch(/^id\s+op\s+shape\s+value\s+grad\s+line$/);
    expect(lines.find((l) => l.startsWith("x1 "))).toMatch(/^x1\s+input\s+\[\]\s+-1\s+-0\.5\s+2$/);
    expect(lines.find((l) => l.startsWith("m "))).toMatch(/^m\s+div\s+\[\]\s+1\s+0\s+3$/);
    expect(lines.find((l) => l.startsWith("a.2 "))).toMatch(/^a\.2\s+const\s+\[\]\s+2\s+—\s+4$/);
  });
});

describe("failures exit with status 1", () => {
  const failures: Array<[string, string[], string, number | null, number | null]> = [
    ["a graph error", ["eval", "--graph", "bad.graph"], 'unknown name "x3" (did you mean "x1"?)', 2, 11],
    ["a domain error", ["eval", "--graph", "log.graph"], 'node "y" (line 2): log of a non-positive number: log(-1)', 2, 5],
    ["a missing input value", ["eval", "--graph", "noval.graph"], 'input "x" has no value', 1, 7],
    ["a value for an undeclared input", ["eval", "--graph", "std.graph", "--at", "z=1"], 'a value was given for "z"', null, null],
    ["an unknown flag", ["eval", "--graph", "std.graph", "--verbose"], "unknown flag --verbose", null, null],
    ["a missing value", ["eval", "--graph"], "--graph needs a value", null, null],
    ["a bad number", ["eval", "--graph", "std.graph", "--at", "x1=one"], '"one" is not a number or a JSON array', null, null],
    ["a missing --graph", ["eval"], "--graph is required", null, null],
    ["a missing file", ["eval", "--graph", "nope.graph"], 'cannot read the graph file "nope.graph": no such file', null, null],
    ["an unknown command", ["evaluate", "--graph", "std.graph"], 'unknown command "evaluate"; the commands are eval', null, null],
  ];
  const files = {
    ...FILES,
    "bad.graph": "input x1 = 1, x2 = 2\nm = (x1 + x3) / 2\n",
    "log.graph": "input x = -1\ny = log(x)\n",
    "noval.graph": "input x\ny = x * 2\n",
  };

  it.each(failures)('%s, with --json: only {"error": {...}} on standard output', async (_what, argv, message, line, column) => {
    const { status, stdout, stderr } = await cli([...argv, "--json"], files);
    expect(status).toBe(1);
    expect(stderr).toBe("");
    const json = onlyJson(stdout) as { error: { message: string; line: number | null; column: number | null } };
    expect(Object.keys(json)).toEqual(["error"]);
    expect(Object.keys(json.error)).toEqual(["message", "line", "column"]);
    expect(json.error.message).toContain(message);
    expect([json.error.line, json.error.column]).toEqual([line, column]);
  });

  it.each(failures)("%s, without --json: the message on standard error, nothing on standard output", async (_what, argv, message, line) => {
    const { status, stdout, stderr } = await cli(argv, files);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.startsWith("error: ")).toBe(true);
    expect(stderr).toContain(message);
    if (line !== null) expect(stderr).toContain(`line ${line}, column`);
  });

  it("shows the caret excerpt on standard error", async () => {
    const { stderr } = await cli(["eval", "--graph", "bad.graph"], files);
    expect(stderr).toContain("2 | m = (x1 + x3) / 2\n  |           ^\n");
  });

  it("no command at all is an error too", async () => {
    const { status, stderr } = await cli([]);
    expect(status).toBe(1);
    expect(stderr).toContain("no command given");
  });
});

describe("the command registry", () => {
  it("loads every registered command under its own name, and help lists them", async () => {
    for (const [name, load] of Object.entries(COMMANDS)) {
      const { command } = await load();
      expect(command.name).toBe(name);
      expect(command.usage).toContain(name);
    }
    const { status, stdout } = await cli(["help"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^\s+eval\s+evaluate a graph-language file/m);
    const usage = await cli(["help", "eval"]);
    expect(usage.stdout).toContain("--at NAME=VALUE");
  });
});
