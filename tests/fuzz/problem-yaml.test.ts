/**
 * Problem files under random input: any text, YAML of random JSON, and the bank's own files with
 * lines deleted, repeated or changed. Loading gives a problem or located issues; it never throws.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { loadProblem } from "@/lib/problems/load";
import { RUNS, TEST_TIMEOUT, anyJson, params, report, tally, timed } from "./budget";

const BANK = ["problems/seed", "problems/classic"].flatMap((dir) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8")),
);

function load(t: ReturnType<typeof tally>, text: string) {
  timed(t, () => {
    const r = loadProblem(text);
    for (const issue of r.issues) {
      expect(issue.line === null || (Number.isInteger(issue.line) && issue.line >= 1)).toBe(true);
      expect(issue.message.length).toBeGreaterThan(0);
    }
    if (r.ok) t.accepted++;
    else t.refused++;
  });
}

/** A bank file with one line deleted, repeated, or one character replaced. */
const mutated = fc
  .tuple(fc.constantFrom(...BANK), fc.nat(), fc.nat(), fc.constantFrom("delete", "repeat", "char", "indent"), fc.string({ minLength: 1, maxLength: 3 }))
  .map(([file, a, b, how, s]) => {
    const lines = file.split("\n");
    const i = a % lines.length;
    switch (how) {
      case "delete":
        lines.splice(i, 1);
        break;
      case "repeat":
        lines.splice(i, 0, lines[i]!);
        break;
      case "indent":
        lines[i] = " " + lines[i];
        break;
      case "char": {
        const line = lines[i]!;
        const j = line.length ? b % line.length : 0;
        lines[i] = line.slice(0, j) + s + line.slice(j + 1);
      }
    }
    return lines.join("\n");
  });

describe("fuzzing problem files", () => {
  afterAll(() => console.log(`fuzz (${RUNS} runs per target):\n${report()}`));

  it("any text loads or is refused with located issues", { timeout: TEST_TIMEOUT }, () => {
    const t = tally("problem YAML: random text");
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => load(t, text)),
      params(),
    );
  });

  it("YAML of random JSON loads or is refused with located issues", { timeout: TEST_TIMEOUT }, () => {
    const t = tally("problem YAML: random documents");
    const doc = fc.oneof(
      anyJson,
      fc.record({ id: fc.string(), title: anyJson, graph: fc.string(), parts: fc.array(anyJson, { maxLength: 3 }), parameters: anyJson }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(doc, (d) => load(t, stringify(d))),
      params(),
    );
  });

  it("the bank's files with a line deleted, repeated, re-indented or changed load or are refused", { timeout: TEST_TIMEOUT }, () => {
    const t = tally("problem YAML: mutated bank files");
    fc.assert(
      fc.property(mutated, (text) => load(t, text)),
      params(),
    );
  });
});
