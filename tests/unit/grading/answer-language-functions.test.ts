/** The answer language takes the graph language's one-argument functions from the engine's registry. */
import { describe, expect, it } from "vitest";
import { ANSWER_FUNCTIONS, parseAnswer } from "@/lib/grading";

const value = (text: string) => {
  const r = parseAnswer(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.data[0];
};

describe("registry functions in answers", () => {
  it("lists relu, softplus, log1p, log_sigmoid, elu, sin, cos and square", () => {
    for (const fn of ["relu", "softplus", "log1p", "log_sigmoid", "elu", "sin", "cos", "square"]) expect(ANSWER_FUNCTIONS).toContain(fn);
  });

  it("computes them with the engine's rules", () => {
    expect(value("relu(-2) + relu(3)")).toBe(3);
    expect(value("softplus(0)")).toBe(Math.log(2));
    expect(value("square(-3)")).toBe(9);
    expect(value("sin(0) + cos(0)")).toBe(1);
    expect(value("log1p(1e-20)")).toBe(1e-20);
    expect(value("elu(-1)")).toBe(Math.expm1(-1));
  });

  it("reports a value outside the domain at the function", () => {
    const r = parseAnswer("2 + log1p(-1)");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issue.key).toBe("outside-domain");
      expect(r.error.column).toBe(5);
    }
  });
});
