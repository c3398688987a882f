/** Author tests see a formula part's named mistake, as they see a number's. */
import { describe, expect, it } from "vitest";
import { runAuthorTest } from "@/lib/problems/author-tests";
import { testSpec } from "@/lib/problems/schema";
import { compile, problemYaml } from "./helpers";

const problem = () =>
  compile(
    problemYaml({
      parts: [
        "parts:",
        "  - id: formula",
        "    kind: expression",
        "    prompt: dL/dz as a formula in p and t.",
        "    points: 1",
        '    expected: "p - t"',
        "    variables: [p, t]",
        "    domain: { p: [0.01, 0.99], t: [0, 1] }",
      ].join("\n"),
    }),
  );

describe("author tests on formula parts", () => {
  it("pass when the expected mistake is named", () => {
    const p = problem();
    const r = runAuthorTest(
      p,
      testSpec.parse({
        name: "t - p is a flipped sign",
        base: "reference",
        answers: { formula: "t - p" },
        expect: { parts: { formula: { verdict: "incorrect", diagnosis: "sign-flip", score: 0 } } },
      }),
    );
    expect(r).toEqual({ name: "t - p is a flipped sign", passed: true, failures: [] });
  });

  it("fail, saying what was named, when another mistake is expected", () => {
    const r = runAuthorTest(
      problem(),
      testSpec.parse({ name: "wrong expectation", answers: { formula: "t - p" }, expect: { parts: { formula: { diagnosis: "wrong-log-base" } } } }),
    );
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual(["part formula: mistake sign-flip, expected wrong-log-base"]);
  });
});
