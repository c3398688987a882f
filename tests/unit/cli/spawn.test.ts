/** The real command line, as other tools call it: `npx tsx lib/cli/main.ts eval ...` in a child process. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const dir = mkdtempSync(path.join(tmpdir(), "chainrule-cli-"));
const stdFile = path.join(dir, "std.graph");
writeFileSync(stdFile, "input x1 = -1, x2 = 3\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n");

function run(args: string[], input?: string) {
  const result = spawnSync("npx", ["tsx", "lib/cli/main.ts", ...args], { cwd: root, input, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("eval in a child process", () => {
  it("prints the JSON contract and exits 0", () => {
    const { status, stdout } = run(["eval", "--graph", stdFile, "--json", "--at", "x2=5"]);
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as { output: string; value: number; nodes: Array<{ id: string; grad: number }> };
    expect([json.output, json.value]).toEqual(["s", 3]);
    expect(json.nodes.find((n) => n.id === "x1")!.grad).toBe(-0.5);
  });

  it("reads standard input with --graph - and takes a JSON matrix with --at", () => {
    const source = "input Y[2,2]\nL = sum(cross_entropy(Y, [[1,0],[0,1]]))\n";
    const { status, stdout } = run(["eval", "--graph", "-", "--json", "--at", "Y=[[0,0],[0,0]]"], source);
    expect(status).toBe(0);
    expect((JSON.parse(stdout) as { value: number }).value).toBeCloseTo(2 * Math.log(2), 12);
  });

  it("exits 1 with the error object on a bad graph, and with the message on stderr without --json", () => {
    const json = run(["eval", "--graph", "-", "--json"], "input x = 0\ny = log(x)\n");
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { message: 'node "y" (line 2): log of a non-positive number: log(0)', line: 2, column: 5 },
    });
    const text = run(["eval", "--graph", stdFile, "--at", "x1=abc"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe("");
    expect(text.stderr).toContain('error: --at x1=abc: "abc" is not a number or a JSON array');
  });
});
