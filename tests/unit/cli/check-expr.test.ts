/** check-expr: the JSON contract in-process, --domain, errors with their column, and a real child process. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./fake-io";

const SEED = "-ln(exp(y11)/(exp(y11)+exp(y12)+exp(y13)))";

function onlyJson(stdout: string): Record<string, unknown> {
  expect(stdout.trimEnd().split("\n")).toHaveLength(1);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe("check-expr --json", () => {
  it("prints equivalent and a null counterexample for an equivalent formula", async () => {
    const { status, stdout } = await cli(["check-expr", "--expected", SEED, "--given", "ln(exp(y11)+exp(y12)+exp(y13)) - y11", "--json"]);
    expect(status).toBe(0);
    expect(onlyJson(stdout)).toEqual({ equivalent: true, counterexample: null });
  });

  it("prints a counterexample inside the --domain given", async () => {
    const { status, stdout } = await cli([
      "check-expr",
      "--expected",
      SEED,
      "--given",
      "log10(exp(y11)+exp(y12)+exp(y13)) - y11",
      "--domain",
      "y11=0:1",
      "--domain=y12=-1:0",
      "--json",
    ]);
    expect(status).toBe(0);
    const json = onlyJson(stdout) as { equivalent: boolean; counterexample: { at: Record<string, number>; expected: number; given: number } };
    expect(json.equivalent).toBe(false);
    expect(Object.keys(json.counterexample).sort()).toEqual(["at", "expected", "given"]);
    expect(json.counterexample.at.y11).toBeGreaterThanOrEqual(0);
    expect(json.counterexample.at.y11).toBeLessThanOrEqual(1);
    expect(json.counterexample.at.y12).toBeLessThanOrEqual(0);
    expect(json.counterexample.at.y13).toBeGreaterThanOrEqual(-2);
  });

  it("exits 1 with the column of an unreadable formula", async () => {
    const { status, stdout } = await cli(["check-expr", "--expected", "x^2", "--given", "x^^2", "--json"]);
    expect(status).toBe(1);
    expect(onlyJson(stdout)).toEqual({ error: { message: "given: could not read `x^^2`: unexpected `^` at column 3", line: 1, column: 3 } });
  });

  it.each([
    [["--expected", "x", "--json"], "--given is required"],
    [["--expected", "x", "--given", "x", "--domain", "x", "--json"], "expected NAME=LO:HI"],
    [["--expected", "x", "--given", "x", "--domain", "x=2:1", "--json"], "LO must be below HI"],
    [["--expected", "x", "--given", "x", "--domain", "x=a:1", "--json"], "LO and HI must be numbers"],
    [["--expected", "x", "--given", "x", "--domain", "x=0:1", "--domain", "x=0:2", "--json"], "--domain x is given more than once"],
    [["--expected", "sqrt(x)", "--given", "x^0.5", "--domain", "x=-9:-1", "--json"], "only 0 of 20 random points"],
  ])("exits 1 on %j", async (args, message) => {
    const { status, stdout } = await cli(["check-expr", ...args]);
    expect(status).toBe(1);
    expect((onlyJson(stdout) as { error: { message: string } }).error.message).toContain(message);
  });

  it("prints a readable line without --json, and the caret on stderr for an error", async () => {
    expect((await cli(["check-expr", "--expected", "2*x", "--given", "x+x"])).stdout).toBe("equivalent: yes (20 points compared)\n");
    expect((await cli(["check-expr", "--expected", "ln(x)", "--given", "log10(x)", "--domain", "x=0.5:3"])).stdout).toBe(
      'equivalent: no (1 points compared)\ncounterexample at {"x":2}: expected 0.6931471805599453, given 0.3010299956639812\nmistake: wrong-log-base {"base":10}\n',
    );
    const bad = await cli(["check-expr", "--expected", "2*x", "--given", "x+"]);
    expect(bad.stderr).toBe("error: line 1, column 3: given: could not read `x+`: the answer ends too early at column 3\n1 | x+\n  |   ^\n");
  });
});

describe("check-expr in a child process", () => {
  it("prints the JSON contract and exits 0", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const r = spawnSync("npx", ["tsx", "lib/cli/main.ts", "check-expr", "--expected", "ln(x^2)", "--given", "2*ln(x)", "--domain", "x=0.1:5", "--json"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ equivalent: true, counterexample: null });
  });
});
