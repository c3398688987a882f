/** check-graph: the JSON contract in-process, bans, counterexamples, located errors, and a real child process. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./fake-io";

const CE = "input Y[3,3] = [[0.65,0.43,0.11],[0.05,0.51,0.18],[0.33,0.21,0.72]]\nT = [[1,0,0],[0,1,0],[0,0,1]]\nL = sum(cross_entropy(Y, T))\n";
const MINE = "input Y[3,3]\nT = [[1,0,0],[0,1,0],[0,0,1]]\nP = softmax(Y)\nL = -sum(T * log(P))\n";
const STD = "input x1 = -1, x2 = 3\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";
const FILES = {
  "ce.graph": CE,
  "mine.graph": MINE,
  "mean.graph": MINE.replace("-sum(", "-mean("),
  "broken.graph": "input Y[3,3]\nL = sum(Y +)\n",
  "std.graph": STD,
  "shortcut.graph": "input x1, x2\nd = (x1 - x2) / 2\ns = sqrt(d ^ 2)\n",
};

function onlyJson(stdout: string): Record<string, unknown> {
  expect(stdout.trimEnd().split("\n")).toHaveLength(1);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe("check-graph --json", () => {
  it("prints equivalent, detailed, counterexample, violations and missing", async () => {
    const { status, stdout } = await cli(["check-graph", "--target", "ce.graph", "--student", "mine.graph", "--ban", "cross_entropy,softmax", "--json"], FILES);
    expect(status).toBe(0);
    expect(onlyJson(stdout)).toEqual({
      equivalent: true,
      detailed: false,
      counterexample: null,
      violations: [{ node: "P", op: "softmax", line: 3, column: 5 }],
      missing: [],
    });
    const allowed = onlyJson((await cli(["check-graph", "--target", "ce.graph", "--student", "mine.graph", "--ban", "cross_entropy", "--json"], FILES)).stdout);
    expect([allowed.equivalent, allowed.detailed]).toEqual([true, true]);
  });

  it("names the required nodes of the target the student's graph never computes (--require)", async () => {
    const { status, stdout } = await cli(["check-graph", "--target", "std.graph", "--student", "shortcut.graph", "--require", "m,a,b,v,s", "--json"], FILES);
    expect(status).toBe(0);
    expect(onlyJson(stdout)).toMatchObject({ equivalent: true, detailed: false, violations: [], missing: ["m", "b", "v"] });
    const text = (await cli(["check-graph", "--target", "std.graph", "--student", "shortcut.graph", "--require", "m"], FILES)).stdout;
    expect(text).toBe("equivalent: yes\ndetailed: no\n  never computes the target's node m\n");
  });

  it("gives a counterexample at the problem's point, which --at moves", async () => {
    const json = onlyJson((await cli(["check-graph", "--target", "ce.graph", "--student", "mean.graph", "--json"], FILES)).stdout) as {
      equivalent: boolean;
      counterexample: { reason: string; at: { Y: number[][] }; expected: number; given: number };
    };
    expect(json.equivalent).toBe(false);
    expect(json.counterexample.reason).toBe("value");
    expect(json.counterexample.at.Y[0]).toEqual([0.65, 0.43, 0.11]);
    const moved = onlyJson(
      (await cli(["check-graph", "--target", "ce.graph", "--student", "mean.graph", "--at", "Y=[[0,0,0],[0,0,0],[0,0,0]]", "--json"], FILES)).stdout,
    ) as {
      counterexample: { at: { Y: number[][] }; expected: number };
    };
    expect(moved.counterexample.at.Y[0]).toEqual([0, 0, 0]);
    expect(moved.counterexample.expected).toBeCloseTo(3 * Math.log(3), 12);
  });

  it("exits 1 with a located error for a student graph that does not parse", async () => {
    const { status, stdout } = await cli(["check-graph", "--target", "ce.graph", "--student", "broken.graph", "--json"], FILES);
    expect(status).toBe(1);
    expect(onlyJson(stdout)).toEqual({ error: { message: expect.stringMatching(/^student graph "broken.graph": /) as unknown, line: 2, column: 12 } });
  });

  it.each([
    [["--student", "mine.graph", "--json"], "--target is required"],
    [["--target", "ce.graph", "--student", "mine.graph", "--ban", "frob", "--json"], '--ban: cannot ban "frob"'],
    [["--target", "std.graph", "--student", "shortcut.graph", "--require", "q", "--json"], '--require: cannot require "q": not a node of the reference graph'],
    [["--target", "nope.graph", "--student", "mine.graph", "--json"], 'cannot read the target graph file "nope.graph"'],
    [["--target", "ce.graph", "--student", "mine.graph", "--at", "Z=1", "--json"], 'target graph "ce.graph": a value was given for "Z"'],
    [["--target", "ce.graph", "--student", "mine.graph", "--json", "extra"], 'unexpected argument "extra"'],
  ])("exits 1 on %j", async (args, message) => {
    const { status, stdout } = await cli(["check-graph", ...args], FILES);
    expect(status).toBe(1);
    expect((onlyJson(stdout) as { error: { message: string } }).error.message).toContain(message);
  });

  it("prints a readable report without --json", async () => {
    const { stdout } = await cli(["check-graph", "--target", "ce.graph", "--student", "mean.graph", "--ban", "softmax"], FILES);
    expect(stdout).toMatch(/^equivalent: no\ndetailed: no\n  uses softmax at node P \(line 3\)\ncounterexample: your graph computes a different value here/);
  });
});

describe("check-graph in a child process", () => {
  it("prints the JSON contract and exits 0", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const dir = mkdtempSync(path.join(tmpdir(), "chainrule-check-graph-"));
    writeFileSync(path.join(dir, "ce.graph"), CE);
    writeFileSync(path.join(dir, "mine.graph"), MINE);
    const r = spawnSync(
      "npx",
      [
        "tsx",
        "lib/cli/main.ts",
        "check-graph",
        "--target",
        path.join(dir, "ce.graph"),
        "--student",
        path.join(dir, "mine.graph"),
        "--ban",
        "softmax",
        "--json",
      ],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ equivalent: true, detailed: false, counterexample: null });
  });
});
