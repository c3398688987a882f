/**
 * A student's variant is drawn once per (version, seed) and kept, least recently used out, so the next
 * submission reuses what grading built for it (the mistake alternatives) instead of rebuilding them.
 */
import fs from "node:fs";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { VARIANT_CACHE_LIMIT, variantOf } from "@/lib/assignments/workspace";
import { compileProblem, generateVariant } from "@/lib/problems/variant";
import { problemFile } from "@/lib/problems/schema";

const content = YAML.parse(fs.readFileSync("problems/seed/cross-entropy-random.yaml", "utf8")) as unknown;
const version = { id: "version-under-test", content };

describe("variantOf", () => {
  it("gives the same variant for the same version and seed, equal to a fresh draw, and another for another seed", () => {
    const a = variantOf(version, "seed-a");
    expect(variantOf(version, "seed-a")).toBe(a);
    const fresh = generateVariant(compileProblem(problemFile.parse(content)), "seed-a");
    expect(a.parameters).toEqual(fresh.parameters);
    expect(Array.from(a.evaluated.node(a.evaluated.outputId).value.data)).toEqual(Array.from(fresh.evaluated.node(fresh.evaluated.outputId).value.data));
    const b = variantOf(version, "seed-b");
    expect(b).not.toBe(a);
    expect(variantOf({ id: "another-version", content }, "seed-a")).not.toBe(a);
  });

  it("keeps at most VARIANT_CACHE_LIMIT variants, dropping the least recently used", () => {
    const first = variantOf(version, "lru-0");
    const kept = variantOf(version, "lru-1");
    for (let i = 2; i < VARIANT_CACHE_LIMIT + 1; i++) {
      variantOf(version, `lru-${i}`);
      if (i % 100 === 0) variantOf(version, "lru-1"); // used again: stays
    }
    expect(variantOf(version, "lru-1")).toBe(kept);
    expect(variantOf(version, "lru-0")).not.toBe(first);
  }, 120_000);
});
