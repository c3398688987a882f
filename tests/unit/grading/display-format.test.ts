/** The one display rule for numbers (lib/grading/format.ts): noise shows as 0, six significant figures otherwise. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromNested } from "@/lib/autograd";
import { displayNumber, displayValue, formatNumber, formatTensor, formatValue } from "@/lib/grading/format";
import { formatValue as previewValue } from "@/lib/authoring/preview";

describe("display rule", () => {
  it("never shows float noise", () => {
    expect(formatNumber(0.9450000000000001)).toBe("0.945");
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(-1.07e-16)).toBe("0");
    expect(formatNumber(5.5e-17)).toBe("0");
    expect(formatNumber(-0)).toBe("0");
    expect(Object.is(displayNumber(-1e-13), 0)).toBe(true);
  });

  it("keeps six significant figures and small real values", () => {
    expect(formatNumber(2.546920417)).toBe("2.54692");
    expect(formatNumber(1.5e-7)).toBe("1.5e-7");
    expect(formatNumber(1234567)).toBe("1234570");
    expect(formatNumber(-0.73105857863)).toBe("-0.731059");
    expect(formatNumber(Infinity)).toBe("Infinity");
  });

  it("applies to arrays, tensors, reports and the editor's preview alike", () => {
    expect(
      displayValue([
        [0.9450000000000001, -1.07e-16],
        [1, 2],
      ]),
    ).toEqual([
      [0.945, 0],
      [1, 2],
    ]);
    expect(formatValue([0.30000000000000004, -2e-17])).toBe("[0.3, 0]");
    expect(formatTensor(fromNested([0.9450000000000001, 3e-20]))).toBe("[0.945, 0]");
    expect(previewValue([0.9450000000000001, -1.07e-16])).toBe("[0.945, 0]");
  });

  it("is idempotent and within half a unit of the sixth figure", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
        const d = displayNumber(x);
        expect(displayNumber(d)).toBe(d);
        if (Math.abs(x) < 1e-12) expect(d).toBe(0);
        else expect(Math.abs(d - x)).toBeLessThanOrEqual(Math.abs(x) * 5e-6 + 1e-300);
      }),
    );
  });
});
