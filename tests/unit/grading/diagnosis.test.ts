/**
 * Which mistake is named when several could be, and the mistakes added with it:
 * a fan-out miss is never early rounding; mean-vs-sum says what the student did; a correct sum after a
 * sign lost upstream is not a fan-out miss; early rounding is a recomputation; transposed,
 * value-for-gradient, mul-inputs-swapped and missing-one-over-n.
 */
import { describe, expect, it } from "vitest";
import { type EvaluatedGraph, toNested } from "@/lib/autograd";
import { evaluateSource } from "@/lib/graph-lang";
import { type FieldResult, describe as describeResult, describeDetail, gradeAnnotations, gradeValue } from "@/lib/grading";
import { ce, micrograd, pick, sheet, std } from "./fixtures";

/** A gradient asked as one answer (as a problem's numeric part does): only that node's grad is given. */
function gradient(evaluated: EvaluatedGraph, node: string, answer: unknown): FieldResult {
  const { results } = gradeAnnotations({ evaluated, entries: { [node]: { grad: answer } }, fields: ["grad"] });
  return pick(results, `${node}.grad`);
}

const num = (evaluated: EvaluatedGraph, node: string, field: "value" | "grad") =>
  toNested(field === "value" ? evaluated.node(node).value : evaluated.node(node).grad!) as number;

describe("micrograd's README example: dg/da = 138.8338, dg/db = 645.5773", () => {
  const evaluated = micrograd();

  it("has the published gradients", () => {
    expect(num(evaluated, "a", "grad")).toBeCloseTo(138.8338, 4);
    expect(num(evaluated, "b", "grad")).toBeCloseTo(645.5773, 4);
  });

  it("never calls a fan-out miss early rounding: one of c's two uses forgotten gives dg/da = 152.7172", () => {
    // c.grad summed over one of its two edges: -13.8834 instead of -27.7668, carried down to a and b.
    const a = gradient(evaluated, "a", 152.7172);
    expect(a.verdict).toBe("incorrect");
    expect(a.diagnosis?.code).not.toBe("early-rounding");
    // The same number is also a sign lost on b - a's edge to a, so nothing is named for dg/da...
    expect(a.diagnosis).toBeNull();
    // ...while dg/db = 659.4606 has only the fan-out explanation.
    const b = gradient(evaluated, "b", 659.4606);
    expect(b.diagnosis?.code).toBe("missing-fanout-sum");
    expect(describeResult(b)).toMatch(/^This matches an earlier gradient summed over only part of its edges \((c|c2) feeds 2 nodes\)/);
  });

  it("names no number between 120 and 160 early rounding unless rounding the intermediates gives it", () => {
    for (const x of [120.5, 126.31, 131.8892, 145.77, 152.7172, 158.44]) {
      expect([x, gradient(evaluated, "a", x).diagnosis?.code ?? null]).not.toEqual([x, "early-rounding"]);
    }
    // Every intermediate rounded to 3 significant figures gives 138.2; truncated, 137.4.
    for (const x of [138.2, 137.4]) expect([x, gradient(evaluated, "a", x).diagnosis?.code]).toEqual([x, "early-rounding"]);
    expect(describeDetail(gradient(evaluated, "a", 137.4))).toMatch(/every intermediate truncated to 3 significant figures/);
  });

  it("does not call a correct sum after a sign lost upstream a fan-out miss", () => {
    // c2.2's gradient negated (+13.8834) makes c's two paths cancel, and a's paths, summed correctly,
    // give 166.6006: the same number as a's path through c left out.
    const a = gradient(evaluated, "a", 166.6006);
    expect(a.verdict).toBe("incorrect");
    expect(a.diagnosis?.code).not.toBe("missing-fanout-sum");
  });

  it("names a sign lost on an edge that was not asked, where the gradients shown say so", () => {
    // Values and gradients asked: relu(b - a)'s edge to a sends -6.9417; with the minus lost, a's paths sum to 152.7172.
    const entries = sheet(evaluated, ["value", "grad"], { "a.grad": 152.7172 });
    const a = pick(gradeAnnotations({ evaluated, entries }).results, "a.grad");
    expect(a.diagnosis?.code).toBe("sign-flip");
    expect(describeDetail(a)).toBe("matched what d3.3 sends to a negated at a step not shown, carried down from there");
    expect(describeResult(a)).toBe(
      "This matches a sign lost at an earlier step (d3.3 → a) and carried down to here: check the signs on the way from the output to this node.",
    );
  });
});

describe("mean-vs-sum says what the student did", () => {
  it("took the mean where the graph sums (the seed's batch cross-entropy)", () => {
    const r = gradeValue({ evaluated: ce(), answerText: "0.84897" });
    expect(r.diagnosis?.code).toBe("mean-vs-sum");
    expect(describeResult(r)).toBe(
      "You took the mean where the graph sums: this matches the mean in place of the sum, which does not divide by the number of elements.",
    );
    expect(describeResult(r, "zh-CN")).toBe("你在图中求和的地方取了平均：这与用求平均代替求和的结果一致，而求和不除以元素个数。");
  });

  it("summed where the graph takes the mean, also in a gradient below the mean", () => {
    const { evaluated } = evaluateSource("input Z[2,3] = [[1.2,-0.4,0.3],[0.1,0.9,-1.5]]\nT = [[0,0,1],[0,1,0]]\nL = mean(cross_entropy(Z, T))\n");
    const rows = Array.from(evaluated.node("L.1").value.data);
    const summed = rows[0]! + rows[1]!;
    const value = gradeValue({ evaluated, value: summed });
    expect(describeResult(value)).toBe(
      "You summed where the mean is taken: this matches the sum in place of the mean, which divides by the number of elements.",
    );
    expect(describeResult(value, "zh-CN")).toBe("你在应取平均的地方求了和：这与用求和代替求平均的结果一致，而平均要除以元素个数。");
    // In a graph: L written as the sum, and the rows' gradient 1 instead of 1/2: the message is about the mean node, not L.1.
    const { results } = gradeAnnotations({ evaluated, entries: { L: { value: summed, grad: 1 }, "L.1": { value: rows, grad: [1, 1] } } });
    const grad = pick(results, "L.1.grad");
    expect(grad.diagnosis?.code).toBe("mean-vs-sum");
    expect(describeResult(grad)).toMatch(/^You summed where the mean is taken/);
  });
});

describe("early rounding is a recomputation, not a band", () => {
  it("names a number inside the old band only when rounding the intermediates gives it", () => {
    // The batch cross-entropy 2.54692: its intermediates rounded to 2 significant figures give 2.54, truncated 2.53.
    for (const t of ["2.54", "2.530"]) expect([t, gradeValue({ evaluated: ce(), answerText: t }).diagnosis?.code]).toEqual([t, "early-rounding"]);
    // Inside the old band but no recomputation gives them; 2.5 is the answer itself rounded, not an intermediate.
    for (const t of ["2.5213", "2.5674", "2.5302", "2.5"]) expect([t, gradeValue({ evaluated: ce(), answerText: t }).diagnosis]).toEqual([t, null]);
  });

  it("names an entry written with 4 or more digits from intermediates rounded in the student's head", () => {
    const { evaluated } = evaluateSource("input x = 0.7, y = 2.45\nz = exp(x) * y\nL = z * z\n");
    // z written in full (4.93361), but carried on as 4.9: L = 24.01, written with its 4 digits.
    const z = num(evaluated, "z", "value");
    const { results } = gradeAnnotations({ evaluated, entries: { z: { value: z }, L: { value: 24.01 } }, fields: ["value"] });
    expect(pick(results, "L.value").diagnosis?.code).toBe("early-rounding");
    expect(describeResult(pick(results, "L.value"))).toContain("rounding intermediate results to 2 significant figures");
    const far = gradeAnnotations({ evaluated, entries: { z: { value: z }, L: { value: 24.07 } }, fields: ["value"] });
    expect(pick(far.results, "L.value").diagnosis).toBeNull();
  });

  it("never calls a wrong input value early rounding", () => {
    const evaluated = std();
    const { results } = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value"], { "x1.value": -1.01 }), fields: ["value"] });
    expect(pick(results, "x1.value").diagnosis).toBeNull();
  });
});

describe("transposed", () => {
  const mse = evaluateSource("input W[2,2] = [[0.5,-0.3],[0.8,0.1]], x[2] = [1,2], y[2] = [0.2,0.4]\nr = W @ x - y\nL = mean(r * r)\n").evaluated;
  const l2 = evaluateSource(
    "input X[2,2] = [[0.5,1.0],[-0.3,0.8]], W[2,3] = [[0.2,-0.1,0.4],[0.3,0.5,-0.2]]\nT = [[1,0,0],[0,0,1]]\nL = sum(cross_entropy(X @ W, T)) + 0.1 * sum(W * W)\n",
  ).evaluated;
  const t = (m: number[][]) => m[0]!.map((_, j) => m.map((row) => row[j]!));

  it("names a square matrix gradient given transposed, where the shape cannot tell", () => {
    const dW = toNested(mse.node("W").grad!) as number[][];
    const { results } = gradeAnnotations({ evaluated: mse, entries: sheet(mse, ["value", "grad"], { "W.grad": t(dW) }) });
    const r = pick(results, "W.grad");
    expect(r.diagnosis?.code).toBe("transposed");
    expect(describeResult(r)).toBe(
      "These are the right numbers transposed: entry (i, j) belongs at (j, i). A gradient has the shape of what it is the gradient of, entry by entry.",
    );
    expect(describeResult(r, "zh-CN")).toBe("数值对了，但被转置了：第 (i, j) 个元素应在 (j, i) 的位置。梯度与求导对象的形状相同，逐元素对应。");
  });

  it("names a non-square gradient given transposed instead of only a shape error, and a matrix value too", () => {
    const dW = toNested(l2.node("W").grad!) as number[][];
    const { results } = gradeAnnotations({ evaluated: l2, entries: sheet(l2, ["value", "grad"], { "W.grad": t(dW) }) });
    expect(pick(results, "W.grad")).toMatchObject({ verdict: "incorrect", diagnosis: { code: "transposed" } });
    const product = toNested(l2.node("L.1").value) as number[][];
    expect(gradeValue({ evaluated: l2, nodeId: "L.1", value: t(product) }).diagnosis?.code).toBe("transposed");
    // Any other wrong shape is still said as such.
    expect(gradeValue({ evaluated: l2, nodeId: "L.1", value: [1, 2] }).message.key).toBe("incorrect-shape");
  });
});

describe("value-for-gradient", () => {
  it("names the node's forward value written as its gradient or as what it sends back", () => {
    const evaluated = std();
    // a = (x1 - m)^2 = 4; its gradient is 0.125.
    const grad = pick(gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"], { "a.grad": 4 }) }).results, "a.grad");
    expect(grad.diagnosis?.code).toBe("value-for-gradient");
    expect(describeResult(grad)).toBe(
      "This is the forward value of a, not a gradient: the gradient here is the derivative of the output with respect to a, which the backward pass gives.",
    );
    expect(describeResult(grad, "zh-CN")).toBe("这是 a 的前向值，而不是梯度：这里的梯度是输出对 a 的导数，由反向传播得到。");
    const fields = ["value", "grad", "local", "downstream"] as const;
    // v = 4 sends 0.125 back to v.1; its value written there instead.
    const down = gradeAnnotations({ evaluated, entries: sheet(evaluated, fields, { "v<-v.1.downstream": 4 }), fields });
    expect(pick(down.results, "v<-v.1.downstream").diagnosis?.code).toBe("value-for-gradient");
  });
});

describe("mul-inputs-swapped", () => {
  const { evaluated } = evaluateSource("input x = 1.5, w = -0.8, b = 0.3, t = 1\nz = w * x + b\ny = sigmoid(z)\nL = (y - t) ^ 2\n");
  const up = num(evaluated, "z.1", "grad");

  it("names a product sending each input its own value: ∂L/∂w as upstream × w", () => {
    const { results } = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"], { "w.grad": up * -0.8, "x.grad": up * 1.5 }) });
    const w = pick(results, "w.grad");
    expect(w.diagnosis?.code).toBe("mul-inputs-swapped");
    expect(describeResult(w)).toBe(
      "At the product z.1, each input's local derivative is the other input: this matches multiplying by the input's own value instead.",
    );
    expect(describeResult(w, "zh-CN")).toBe("在乘法节点 z.1，每个输入的局部导数是另一个输入：这与乘以该输入自身的值的结果一致。");
    expect(pick(results, "x.grad").diagnosis?.code).toBe("mul-inputs-swapped");
  });

  it("names the local derivative given as the input's own value", () => {
    const fields = ["value", "grad", "local", "downstream"] as const;
    const { results } = gradeAnnotations({ evaluated, entries: sheet(evaluated, fields, { "z.1<-w.local": -0.8, "z.1<-w.downstream": up * -0.8 }), fields });
    expect(pick(results, "z.1<-w.local").diagnosis?.code).toBe("mul-inputs-swapped");
    expect(pick(results, "z.1<-w.downstream").verdict).toBe("carried");
  });
});

describe("missing-one-over-n", () => {
  const { evaluated } = evaluateSource("input Z[2,3] = [[1.2,-0.4,0.3],[0.1,0.9,-1.5]]\nT = [[0,0,1],[0,1,0]]\nL = mean(cross_entropy(Z, T))\n");

  it("names a mean's gradient sent back without the 1/N when the mean's own value is right", () => {
    const { results } = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"], { "L.1.grad": [1, 1] }) });
    const r = pick(results, "L.1.grad");
    expect(r.diagnosis?.code).toBe("missing-one-over-n");
    expect(describeResult(r)).toBe("This matches the gradient without the factor 1/2: L divides by 2, so what it sends back is divided by 2 too.");
    expect(describeResult(r, "zh-CN")).toBe("这与梯度缺少因子 1/2 的结果一致：L 除以了 2，所以它传回的梯度也要除以 2。");
  });

  it("names a division by a count: v = (a + b) / 2 sending v's gradient back whole", () => {
    const s = std();
    const v = num(s, "v", "grad");
    const { results } = gradeAnnotations({
      evaluated: s,
      entries: sheet(s, ["value", "grad"], {
        "v.1.grad": v,
        "a.grad": v,
        "b.grad": v,
        "a.1.grad": 2 * -2 * v,
        "b.1.grad": 2 * 2 * v,
        "x1.grad": -4 * v,
        "x2.grad": 4 * v,
      }),
    });
    expect(pick(results, "v.1.grad").diagnosis?.code).toBe("missing-one-over-n");
    expect(pick(results, "x1.grad").verdict).toBe("carried");
  });

  it("is mean-vs-sum when the student's own value at the mean is the sum", () => {
    const rows = Array.from(evaluated.node("L.1").value.data);
    const { results } = gradeAnnotations({ evaluated, entries: sheet(evaluated, ["value", "grad"], { "L.value": rows[0]! + rows[1]!, "L.1.grad": [1, 1] }) });
    expect(pick(results, "L.1.grad").diagnosis?.code).toBe("mean-vs-sum");
  });
});
