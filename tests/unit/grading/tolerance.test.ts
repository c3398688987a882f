/** Every comparison mode, the default's two bounds, exact zeros and shapes. */
import { describe, expect, it } from "vitest";
import { scalar, tensor } from "@/lib/autograd";
import { type Tolerance, ToleranceSchema, compareDetailed, compareValues, numbersAgree } from "@/lib/grading";

const agree = (e: number, g: number, tol: Tolerance = { mode: "default" }) => numbersAgree(e, g, tol);

describe("the default tolerance: within max(relative 1e-3, absolute 1e-6)", () => {
  it("accepts up to a relative 1e-3 for ordinary numbers", () => {
    expect(agree(2.54692, 2.547)).toBe(true);
    expect(agree(2.54692, 2.549)).toBe(true);
    expect(agree(2.54692, 2.55)).toBe(false);
    expect(agree(-0.5, -0.5004)).toBe(true);
    expect(agree(-0.5, -0.501)).toBe(false);
  });

  it("switches to the absolute 1e-6 near zero", () => {
    expect(agree(1e-7, 9e-7)).toBe(true);
    expect(agree(1e-7, 1.2e-6)).toBe(false);
  });

  it("accepts 0, -0 and float noise for an exact 0 in every mode", () => {
    const modes: Tolerance[] = [
      { mode: "default" },
      { mode: "relative", rtol: 1e-3 },
      { mode: "absolute", atol: 1e-9 },
      { mode: "sigfigs", digits: 3 },
      { mode: "decimals", places: 2 },
    ];
    for (const m of modes) {
      expect(agree(0, 0, m)).toBe(true);
      expect(agree(0, -0, m)).toBe(true);
      expect(agree(0, 1e-17, m)).toBe(true);
      expect(agree(0, -2.7755575615628914e-17, m)).toBe(true);
    }
    expect(agree(0, 1e-3)).toBe(false);
  });

  it("takes other bounds for rtol and atol", () => {
    expect(agree(100, 101, { mode: "default", rtol: 0.02 })).toBe(true);
    expect(agree(0, 0.01, { mode: "default", atol: 0.05 })).toBe(true);
    expect(agree(0, 0.01, { mode: "default" })).toBe(false);
  });
});

describe("the anchors' modes", () => {
  it("relative", () => {
    expect(agree(200, 201, { mode: "relative", rtol: 0.01 })).toBe(true);
    expect(agree(200, 203, { mode: "relative", rtol: 0.01 })).toBe(false);
    expect(agree(0, 1e-9, { mode: "relative", rtol: 0.01 })).toBe(false);
  });

  it("absolute", () => {
    expect(agree(1000, 1000.04, { mode: "absolute", atol: 0.05 })).toBe(true);
    expect(agree(1000, 1000.06, { mode: "absolute", atol: 0.05 })).toBe(false);
  });

  it("significant figures: within half a unit of the last figure, so rounding passes and truncating does not", () => {
    const three: Tolerance = { mode: "sigfigs", digits: 3 };
    expect(agree(2.54692, 2.55, three)).toBe(true);
    expect(agree(2.54692, 2.54, three)).toBe(false);
    expect(agree(2.54692, 2.5469, three)).toBe(true);
    expect(agree(0.0012345, 0.00123, three)).toBe(true);
    expect(agree(0.0012345, 0.00124, three)).toBe(false);
    expect(agree(1000, 1004, three)).toBe(true);
    expect(agree(1000, 1006, three)).toBe(false);
    expect(agree(0.125, 0.13, { mode: "sigfigs", digits: 2 })).toBe(true);
  });

  it("decimal places", () => {
    const two: Tolerance = { mode: "decimals", places: 2 };
    expect(agree(0.8489, 0.85, two)).toBe(true);
    expect(agree(0.8489, 0.84, two)).toBe(false);
    expect(agree(12.345, 12.35, two)).toBe(true);
    expect(agree(3, 3, { mode: "decimals", places: 0 })).toBe(true);
  });

  it("rejects malformed tolerances", () => {
    for (const bad of [
      { mode: "relative" },
      { mode: "relative", rtol: -1 },
      { mode: "sigfigs", digits: 0 },
      { mode: "decimals", places: 1.5 },
      { mode: "exact" },
      { mode: "absolute", atol: 1, extra: 1 },
    ]) {
      expect(ToleranceSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe("tensors", () => {
  it("compares every element", () => {
    expect(compareValues(tensor([2], [0.2, -0.5]), tensor([2], [0.2, -0.5003]))).toBe(true);
    expect(compareDetailed(tensor([2], [0.2, -0.5]), tensor([2], [0.2, -0.6]))).toEqual({ match: false, reason: "value", index: 1 });
  });

  it("gives a shape reason for a scalar against a one-element vector, and for transposes", () => {
    expect(compareDetailed(scalar(2), tensor([1], [2]))).toEqual({ match: false, reason: "shape" });
    expect(compareDetailed(tensor([1, 2], [1, 2]), tensor([2, 1], [1, 2]))).toEqual({ match: false, reason: "shape" });
  });
});
