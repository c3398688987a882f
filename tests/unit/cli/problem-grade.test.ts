/**
 * Authoring that scales: `problem grade` (a whole submission, text and the JSON contract), `problem
 * test --verbose` and a failing test's given and expected values, why `problem validate` redrew
 * variants, and a misspelt mistake code in an author test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliOnDisk } from "./fake-io";
import { loadProblem } from "@/lib/problems/load";
import { formatRejections, rejectionKey } from "@/lib/problems/validate";

const run = cliOnDisk;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-grade-"));
function answersFile(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const GATE = "problems/classic/add-mul-gate.yaml";
// Seed 0: x = 2, y = 5, z = -3, so q = 7, f = -21, ∂f/∂q = -3, ∂f/∂z = 7.
const SUBMISSION = {
  annotate: { nodes: { q: { value: 7, grad: -3 }, f: { value: -21, edges: { q: { downstream: 1 } } } } },
  dfdx: "-z",
  "grad-z": "-7",
};

describe("problem grade", () => {
  it("prints the stable JSON: every part, every field, named mistakes and messages", async () => {
    const r = await run(["problem", "grade", GATE, "--seed", "0", "--answers", answersFile("a.json", SUBMISSION), "--json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["id", "seed", "score", "invalid", "parts", "unreadable"]);
    expect(json).toMatchObject({ id: "add-mul-gate", seed: "0", invalid: false, unreadable: [] });
    expect(json.parts.map((p: { id: string }) => p.id)).toEqual(["annotate", "dfdx", "grad-z"]);
    for (const p of json.parts) expect(Object.keys(p)).toEqual(["id", "kind", "points", "score", "verdict", "mistake", "message", "fields"]);
    const [annotate, dfdx, gradZ] = json.parts;
    expect(annotate.fields).toHaveLength(14);
    expect(Object.keys(annotate.fields[0])).toEqual(["node", "field", "from", "verdict", "expected", "given", "mistake", "message"]);
    expect(annotate.fields.find((f: { from: string | null; node: string }) => f.node === "f" && f.from === "q")).toMatchObject({
      field: "downstream",
      verdict: "incorrect",
      expected: -3,
      given: 1,
      mistake: "upstream-downstream-swapped",
    });
    expect(dfdx).toMatchObject({ verdict: "incorrect", mistake: "sign-flip", fields: [] });
    expect(dfdx.message).toBe("not equivalent to the reference at z = 1: expected 1, given -1");
    expect(gradZ).toMatchObject({ verdict: "incorrect", score: 0, mistake: "sign-flip", message: "The size is right but the sign is wrong." });
    expect(gradZ.fields).toEqual([expect.objectContaining({ node: "z", field: "grad", expected: 7, given: -7, mistake: "sign-flip" })]);
    // 3 of 14 annotation fields (6 points) and nothing else: 6 · 3/14 / 8.
    expect(json.score).toBeCloseTo((6 * 3) / 14 / 8, 12);
  });

  it("prints a readable table of parts, then each part's fields", async () => {
    const r = await run(["problem", "grade", GATE, "--seed", "0", "--answers", answersFile("a.json", SUBMISSION)]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("add-mul-gate, seed 0: score 0.160714 (1.28571 of 8 points)");
    expect(lines).toContain("grad-z    numeric           incorrect  0/1        sign-flip");
    expect(lines).toContain("  q → f downstream  incorrect  -3        1      upstream-downstream-swapped");
    expect(lines).toContain("grad-z: The size is right but the sign is wrong.");
  });

  it("grades the reference answers as full marks", async () => {
    const r = await run([
      "problem",
      "grade",
      "tests/fixtures/problems/failing-author-test.yaml",
      "--seed",
      "0",
      "--answers",
      answersFile("six.json", { y: "6" }),
    ]);
    expect(r.stdout.split("\n")[0]).toBe("failing-author-test, seed 0: score 1 (1 of 1 point)");
  });

  it("says what is wrong with the answers file, and where", async () => {
    const bad = async (content: unknown) =>
      (await run(["problem", "grade", GATE, "--seed", "0", "--answers", answersFile("bad.json", content)])).stderr.split("\n")[0];
    expect(await bad("{ y: 1")).toMatch(/^error: the answers file ".*bad\.json" is not valid JSON: /);
    expect(await bad([1, 2])).toContain("must hold one object with an answer per part id (annotate, dfdx, grad-z)");
    expect(await bad({ gradz: "7" })).toContain('"gradz" is not a part of add-mul-gate (its parts are annotate, dfdx, grad-z)');
    expect(await bad({ dfdx: 3 })).toContain("at dfdx (an expression part): ");
    expect(await bad({ annotate: { nodes: { q: { valu: 7 } } } })).toContain("at annotate.nodes.q (a graph-annotation part): ");
  });

  it("refuses bad calls as usage errors with status 1", async () => {
    const a = answersFile("a.json", SUBMISSION);
    const cases: [string[], string][] = [
      [["problem", "grade", GATE, "--answers", a], "--seed is required"],
      [["problem", "grade", GATE, "--seed", "0"], "--answers is required"],
      [["problem", "grade", "--seed", "0", "--answers", a], "grade takes exactly one problem file"],
      [["problem", "grade", "no/such.yaml", "--seed", "0", "--answers", a], 'cannot read the problem file "no/such.yaml": no such file'],
      [["problem", "grade", GATE, "--seed", "0", "--answers", "no/such.json"], 'cannot read the answers file "no/such.json": no such file'],
      [["problem", "grade", "tests/fixtures/problems/graph-error.yaml", "--seed", "0", "--answers", a], "is not a valid problem file"],
      [["problem", "grade", GATE, "--seed", "0", "--answers", a, "--bogus"], "unknown flag --bogus"],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.status, argv.join(" ")).toBe(1);
      expect(r.stderr).toContain(message);
    }
    const j = await run(["problem", "grade", GATE, "--seed", "0", "--answers", "no/such.json", "--json"]);
    expect(JSON.parse(j.stdout).error.message).toContain("no such file");
  });
});

describe("problem test", () => {
  it("prints a failing test's given and expected values", async () => {
    const r = await run(["problem", "test", "tests/fixtures/problems/failing-author-test.yaml"]);
    expect(r.status).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("tests/fixtures/problems/failing-author-test.yaml:20: FAIL seven is claimed to be right too (it is not)");
    expect(lines).toContain("    |   y.value  incorrect  6         7");
    // A passing test stays one line without --verbose.
    expect(lines.filter((l) => l.startsWith("    | failing-author-test"))).toHaveLength(1);
  });

  it("with --verbose prints every test's verdicts and messages", async () => {
    const r = await run(["problem", "test", GATE, "--verbose"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("    | add-mul-gate, seed 0: score 1 (8 of 8 points)");
    expect(r.stdout).toContain("    |   q → f downstream  incorrect  -3        1      upstream-downstream-swapped");
    expect((await run(["problem", "test", GATE, "--verbos"])).stderr).toContain("unknown flag --verbos (known flags: --verbose)");
  });
});

describe("problem validate: why variants were redrawn", () => {
  it("counts rejections per reason, constraints as written", async () => {
    const r = await run(["problem", "validate", GATE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\n {2}\d[\d,]* draws? rejected: [\d,]+ by `(x \+ y != 0|abs\(z\) >= 2)`.* \(over 1,000 seeds\)\n/);
  });

  it("formats the counts most frequent first", () => {
    expect(formatRejections({ "constraint failed: abs(z) >= 2": 112, "constraint failed: x + y != 0": 300 })).toBe(
      "412 draws rejected: 300 by `x + y != 0`, 112 by `abs(z) >= 2`",
    );
    expect(formatRejections({})).toBeNull();
    expect(rejectionKey("constraint failed: abs(z) >= 2")).toBe("constraint failed: abs(z) >= 2");
    expect(rejectionKey('non-differentiable point at node "h1" (relu is not differentiable at 0)')).toBe('non-differentiable point at node "h1"');
    expect(rejectionKey('node "h2": 123456 has more than 4 digits before the point')).toBe('node "h2": # has more than 4 digits before the point');
    expect(rejectionKey('graph: node "s" (line 6): sqrt(-0.5) is undefined')).toBe('graph: node "s" (line 6): sqrt(#) is undefined');
  });
});

describe("a misspelt mistake code in an author test", () => {
  const source = (code: string) =>
    fs
      .readFileSync(GATE, "utf8")
      .replace(
        "annotate/q/downstream/x: { verdict: incorrect, diagnosis: local-not-chained }",
        `annotate/q/downstream/x: { verdict: incorrect, diagnosis: ${code} }`,
      );

  it("is an error at its line naming the closest known codes", () => {
    const loaded = loadProblem(source("local-not-chaned"));
    const issue = loaded.issues.find((i) => i.message.includes("is not a mistake code"));
    expect(issue).toBeDefined();
    expect(issue!.severity).toBe("error");
    expect(issue!.message).toContain('"local-not-chaned" is not a mistake code: did you mean `local-not-chained`?');
    expect(issue!.line).toBe(
      source("x")
        .split("\n")
        .findIndex((l) => l.includes("diagnosis: x }")) + 1,
    );
  });

  it("names a problem's own mistakes too, and lists every code when none is close", () => {
    const own = loadProblem(
      fs.readFileSync("problems/classic/sigmoid-neuron.yaml", "utf8").replace("diagnosis: sign-flip }", "diagnosis: sigmoid-derivative-droped }"),
    );
    expect(own.issues.map((i) => i.message).join("\n")).toContain("did you mean `sigmoid-derivative-dropped`?");
    const far = loadProblem(source("zzzzzzzzzzzz"));
    expect(far.issues.map((i) => i.message).join("\n")).toContain("the codes are local-not-chained, missing-fanout-sum,");
  });

  it("passes the codes of the whole bank", async () => {
    for (const file of fs.readdirSync("problems/classic")) {
      const loaded = loadProblem(fs.readFileSync(path.join("problems/classic", file), "utf8"));
      expect(
        loaded.issues.filter((i) => i.message.includes("mistake code")),
        file,
      ).toEqual([]);
    }
  });
});

describe("problem file messages that name what to do", () => {
  const base = ["id: t", "title: T", "topic: x", "statement: S", "parameters:", "  x: 3", "graph: |", "  input x", "  y = x * 2", "solution: y = 6."];
  it("names a missing required key and the mapping that lacks it", () => {
    const text = [
      ...base,
      "parts:",
      "  - id: y",
      "    kind: numeric",
      "    prompt: P",
      "    points: 1",
      "  - id: z",
      "    kind: numeric",
      "    points: 1",
    ].join("\n");
    const loaded = loadProblem(text);
    expect(loaded.issues).toEqual([{ severity: "error", line: 16, message: "parts[1]: `prompt` is required" }]);
    const top = loadProblem(base.filter((l) => !l.startsWith("solution")).join("\n") + "\nparts: []\n");
    expect(top.issues.map((i) => i.message)).toContain("`solution` is required");
  });

  it("reports a bad escape in double quotes once per line, suggesting single quotes", () => {
    const loaded = loadProblem(["id: t", 'title: "T \\s and \\x and \\alpha"', "topic: x"].join("\n"));
    expect(loaded.issues).toHaveLength(1);
    expect(loaded.issues[0]!.line).toBe(2);
    expect(loaded.issues[0]!.message).toMatch(/^YAML: Invalid escape sequence .*write the text in 'single quotes'/);
  });
});

describe("a new assignment entry's points", () => {
  it("default to the sum of the problem's part points", async () => {
    const { partPointsSum } = await import("@/lib/authoring/assignments");
    expect(partPointsSum({ parts: [{ points: 6 }, { points: 1 }, { points: 1 }] })).toBe(8);
    expect(partPointsSum({ parts: [{ points: 0.1 }, { points: 0.2 }] })).toBe(0.3);
    expect(partPointsSum(null)).toBe(0);
    expect(partPointsSum({})).toBe(0);
  });
});
