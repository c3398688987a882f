import { describe, expect, it } from "vitest";
import { constraintHolds, evaluateExpression, splitConstraint } from "@/lib/problems/expressions";
import { derivedOrder } from "@/lib/problems/parameters";
import { drawVariant, generateVariant, MAX_TRIES, studentSeed, VariantError } from "@/lib/problems/variant";
import { compile, problemYaml } from "./helpers";

const seeds = (n: number) => Array.from({ length: n }, (_, i) => String(i));

describe("parameter generators", () => {
  it("draws integers on the step grid, skipping excluded values", () => {
    const p = compile(problemYaml({ parameters: "parameters:\n  x: { type: int, min: -6, max: 6, step: 3, exclude: [0] }" }));
    const seen = new Set(seeds(300).map((s) => generateVariant(p, s).parameters.x));
    expect([...seen].sort((a, b) => Number(a) - Number(b))).toEqual([-6, -3, 3, 6]);
  });

  it("draws reals with the given number of decimals, within the range", () => {
    const p = compile(problemYaml({ parameters: "parameters:\n  x: { type: real, min: 0.5, max: 1.5, decimals: 2 }" }));
    for (const s of seeds(200)) {
      const x = generateVariant(p, s).parameters.x as number;
      expect(x).toBeGreaterThanOrEqual(0.5);
      expect(x).toBeLessThanOrEqual(1.5);
      expect(Math.round(x * 100) / 100).toBe(x);
    }
  });

  it("chooses from a list, and fills vectors and matrices from a scalar generator", () => {
    const p = compile(
      problemYaml({
        parameters: [
          "parameters:",
          "  x: { type: choice, values: [2, 4, 8] }",
          "  v: { type: vector, length: 3, of: { type: int, min: 1, max: 3 } }",
          "  W: { type: matrix, rows: 2, cols: 3, of: { type: real, min: -1, max: 1, decimals: 1 } }",
        ].join("\n"),
      }),
    );
    const { parameters } = generateVariant(p, "7");
    expect([2, 4, 8]).toContain(parameters.x);
    expect(parameters.v).toHaveLength(3);
    expect((parameters.W as number[][]).map((r) => r.length)).toEqual([3, 3]);
  });

  it("computes derived values from the others, in dependency order, with the graph language", () => {
    const p = compile(
      problemYaml({
        parameters: [
          "parameters:",
          "  x: { type: int, min: 1, max: 9 }",
          "  z: { type: derived, expr: 'w + 1' }",
          "  w: { type: derived, expr: 'x ^ 2' }",
          "  u: { type: derived, expr: 'x' }",
        ].join("\n"),
      }),
    );
    const { parameters } = generateVariant(p, "3");
    const x = parameters.x as number;
    expect(parameters.w).toBe(x * x);
    expect(parameters.z).toBe(x * x + 1);
    expect(parameters.u).toBe(x);
    expect(() => derivedOrder({ a: { type: "derived", expr: "b" }, b: { type: "derived", expr: "a + 1" } })).toThrow(/depend on each other/);
    expect(() => derivedOrder({ a: { type: "derived", expr: "q * 2" } })).toThrow(/"q", which is not a parameter/);
  });
});

describe("variants are a pure function of the seed", () => {
  const p = compile(problemYaml({ parameters: "parameters:\n  x: { type: real, min: -100, max: 100, decimals: 3 }" }));

  it("same seed, same variant, every time", () => {
    for (const s of ["0", "abc", "99"]) expect(generateVariant(p, s).parameters).toEqual(generateVariant(p, s).parameters);
  });

  it("different seeds give different variants", () => {
    const values = new Set(seeds(100).map((s) => generateVariant(p, s).parameters.x));
    expect(values.size).toBeGreaterThan(95);
  });
});

describe("constraints", () => {
  it("splits at the one top-level comparison and evaluates both sides", () => {
    expect(splitConstraint("abs(x - y) >= 0.5")).toEqual({ lhs: "abs(x - y)", op: ">=", rhs: "0.5" });
    expect(() => splitConstraint("x < y < z")).toThrow(/has 2/);
    expect(() => splitConstraint("x + y")).toThrow(/has 0/);
    expect(() => splitConstraint("x != ")).toThrow(/missing a side/);
    expect(constraintHolds("x != y", { x: 1, y: 2 })).toBe(true);
    expect(constraintHolds("x != y", { x: 2, y: 2 })).toBe(false);
    expect(constraintHolds("v > 0", { v: [1, 2, 3] })).toBe(true);
    expect(constraintHolds("v > 0", { v: [1, -2, 3] })).toBe(false);
    expect(constraintHolds("0.1 + 0.2 == 0.3", {})).toBe(true);
    expect(evaluateExpression("sum(v) * 2", { v: [1, 2, 3] }).data[0]).toBe(12);
  });

  it("redraws until every constraint holds", () => {
    const p = compile(
      problemYaml({
        parameters: "parameters:\n  x: { type: int, min: -3, max: 3 }\n  w: { type: int, min: -3, max: 3 }",
        graph: "graph: |\n  input x, w\n  y = x * w",
        constraints: "constraints:\n  - x != w\n  - y > 0",
      }),
    );
    for (const s of seeds(200)) {
      const { x, w } = generateVariant(p, s).parameters as { x: number; w: number };
      expect(x).not.toBe(w);
      expect(x * w).toBeGreaterThan(0);
    }
  });

  it("gives up after a bounded number of draws with an error naming the problem and the constraint", () => {
    const p = compile(problemYaml({ constraints: "constraints:\n  - x > 100" }));
    expect(() => generateVariant(p, "0")).toThrow(VariantError);
    try {
      generateVariant(p, "0");
    } catch (e) {
      expect((e as VariantError).message).toContain(`problem "test-problem": no valid variant for seed 0 after ${MAX_TRIES} draws`);
      expect((e as VariantError).message).toContain("constraint failed: x > 100");
      expect((e as VariantError).culprit).toEqual(["constraints", 0]);
    }
  });
});

describe("vetting", () => {
  it("rejects variants that leave the graph's domain (log of a non-positive number)", () => {
    const p = compile(problemYaml({ parameters: "parameters:\n  x: { type: int, min: -5, max: 5 }", graph: "graph: |\n  input x\n  y = log(x)" }));
    const reasons: string[] = [];
    for (const s of seeds(100)) {
      const { variant, rejected } = drawVariant(p, s);
      expect(variant.parameters.x as number).toBeGreaterThan(0);
      reasons.push(...rejected);
    }
    expect(reasons.some((r) => r.includes("log of a non-positive number"))).toBe(true);
  });

  it("rejects non-differentiable points (relu at 0)", () => {
    const p = compile(problemYaml({ parameters: "parameters:\n  x: { type: int, min: -1, max: 1 }", graph: "graph: |\n  input x\n  y = relu(x) * 3" }));
    const rejected = seeds(100).flatMap((s) => {
      const r = drawVariant(p, s);
      expect(r.variant.parameters.x).not.toBe(0);
      return r.rejected;
    });
    expect(rejected.some((r) => r.includes("non-differentiable"))).toBe(true);
  });

  it("keeps a value that is zero up to float noise (0.1 * 2 + 0.2 - 0.3)", () => {
    const p = compile(
      problemYaml({ parameters: "parameters:\n  x: { type: int, min: 1, max: 2 }", graph: "graph: |\n  input x\n  b = x * 0.1 + 0.2\n  y = b - 0.3" }),
    );
    const values = new Set(seeds(50).map((s) => generateVariant(p, s).parameters.x));
    expect([...values].sort()).toEqual([1, 2]);
  });

  it("rejects values that would need more digits than the problem allows", () => {
    const p = compile(
      problemYaml({
        parameters: "parameters:\n  x: { type: int, min: 1, max: 20 }",
        graph: "graph: |\n  input x\n  y = exp(x)",
        display: "display: { maxDigits: 4 }",
      }),
    );
    for (const s of seeds(100)) expect(Math.exp(generateVariant(p, s).parameters.x as number)).toBeLessThan(1e4);
  });
});

describe("a student's seed", () => {
  const ids = { courseId: "c1", assignmentId: "a1", problemId: "p1", userId: "u1" };

  it("is the same for the same course, assignment, problem and student", () => {
    expect(studentSeed("secret", ids)).toBe(studentSeed("secret", { ...ids }));
    expect(studentSeed("secret", ids)).toMatch(/^[0-9a-f]{24}$/);
  });

  it("changes when any one of them (or the secret) changes", () => {
    const base = studentSeed("secret", ids);
    for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
      expect(studentSeed("secret", { ...ids, [key]: `${ids[key]}x` })).not.toBe(base);
    }
    expect(studentSeed("other-secret", ids)).not.toBe(base);
    // and the variant drawn from it changes too
    const p = compile(problemYaml({ parameters: "parameters:\n  x: { type: real, min: 0, max: 1000, decimals: 3 }" }));
    const variantOf = (seed: string) => generateVariant(p, seed).parameters.x;
    expect(variantOf(studentSeed("secret", { ...ids, userId: "u2" }))).not.toBe(variantOf(base));
  });
});
