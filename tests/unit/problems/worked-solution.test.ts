import fs from "node:fs";
import katex from "katex";
import { describe, expect, test } from "vitest";
import { OPS, type Operation } from "@/lib/autograd";
import { loadProblem } from "@/lib/problems/load";
import { generateVariant } from "@/lib/problems/variant";
import { workedSolution, type WorkedStep } from "@/lib/problems/worked-solution";

function variantOf(file: string) {
  const r = loadProblem(fs.readFileSync(file, "utf8"));
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return generateVariant(r.problem, "0");
}

function step<K extends WorkedStep["kind"]>(steps: readonly WorkedStep[], kind: K, node: string, input?: string): Extract<WorkedStep, { kind: K }> {
  const found = steps.find((s) => s.kind === kind && s.node === node && (input === undefined || ("input" in s && s.input === input)));
  if (!found) throw new Error(`no ${kind} step for ${node}${input ? ` ← ${input}` : ""}`);
  return found as Extract<WorkedStep, { kind: K }>;
}

const renders = (tex: string) => expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();

describe("the seed standard deviation at x1 = -1, x2 = 3", () => {
  const variant = variantOf("problems/seed/std-dev.yaml");
  const worked = workedSolution(variant.evaluated);

  test("the forward pass defines every node from the operations' LaTeX and gives its value", () => {
    expect(variant.parameters).toMatchObject({ x1: -1, x2: 3 });
    // By hand: m = (-1 + 3)/2 = 1, (x1 - m)^2 = 4, (x2 - m)^2 = 4, v = 8/2 = 4, s = 2.
    expect(step(worked.forward, "forward", "m")).toMatchObject({ latex: "m = \\frac{m_{.1}}{2} = 1", value: 1 });
    expect(step(worked.forward, "forward", "a").value).toBe(4);
    expect(step(worked.forward, "forward", "v").value).toBe(4);
    expect(step(worked.forward, "forward", "s")).toMatchObject({ latex: "s = \\sqrt{v} = 2", value: 2 });
    expect(worked.forward.map((s) => s.node)).toEqual(["x1", "x2", "m.1", "m", "a.1", "a", "b.1", "b", "v.1", "v", "s"]);
  });

  test("∂s/∂v is 1/(2√v) = 0.25, and the chain rule line multiplies it by the output's gradient 1", () => {
    expect(worked.backward[0]).toEqual({ kind: "seed", node: "s", latex: "\\frac{\\partial s}{\\partial s} = 1" });
    const local = step(worked.backward, "local", "s", "v");
    expect(local.latex).toBe("\\frac{\\partial s}{\\partial v} = \\frac{1}{2\\sqrt{v}} = 0.25");
    expect(local.local).toBe(1 / (2 * Math.sqrt(4)));
    expect(step(worked.backward, "chain", "s", "v")).toMatchObject({ upstream: 1, local: 0.25, downstream: 0.25 });
    // The square: local 2(x1 - m) = -4, times upstream 1/8 gives -1/2.
    const square = step(worked.backward, "chain", "a", "a.1");
    expect(square).toMatchObject({ upstream: 0.125, local: -4, downstream: -0.5 });
    expect(square.latex).toContain("0.125 \\cdot \\left(-4\\right) = -0.5");
  });

  test("the mean's gradient is written as the sum of its two consumers' contributions: 0.5 + (-0.5) = 0", () => {
    const m = step(worked.backward, "gradient", "m");
    expect(m.terms).toEqual([
      { from: "a.1", value: 0.5 },
      { from: "b.1", value: -0.5 },
    ]);
    expect(m.total).toBe(0);
    expect(m.latex).toContain("= 0.5 + \\left(-0.5\\right) = 0");
    expect(step(worked.backward, "gradient", "x1").total).toBe(-0.5);
    expect(step(worked.backward, "gradient", "x2").total).toBe(0.5);
  });

  test("backward steps come in reverse topological order, each node's gradient before its edges", () => {
    const order = worked.backward.filter((s) => s.kind === "seed" || s.kind === "gradient").map((s) => s.node);
    expect(order).toEqual(["s", "v", "v.1", "b", "b.1", "a", "a.1", "m", "m.1", "x2", "x1"]);
    const gradientAt = worked.backward.findIndex((s) => s.kind === "gradient" && s.node === "m");
    const edgeAt = worked.backward.findIndex((s) => s.kind === "local" && s.node === "m");
    expect(gradientAt).toBeLessThan(edgeAt);
    for (const s of [...worked.forward, ...worked.backward]) renders(s.latex);
  });
});

test("the seed cross-entropy: a tensor input, the loss's Jacobian steps, and softmax − T as CE's local derivative", () => {
  const variant = variantOf("problems/seed/cross-entropy.yaml");
  const worked = workedSolution(variant.evaluated);
  const loss = step(worked.forward, "forward", "L");
  // By hand: -ln softmax(0.65, 0.43, 0.11)_1 = ln(e^0.65 + e^0.43 + e^0.11) - 0.65 ≈ 0.869311, and so on.
  const ce = (row: number[], k: number) => Math.log(row.reduce((s, x) => s + Math.exp(x), 0)) - row[k]!;
  const expected = ce([0.65, 0.43, 0.11], 0) + ce([0.05, 0.51, 0.18], 1) + ce([0.33, 0.21, 0.72], 2);
  expect(loss.value as number).toBeCloseTo(expected, 12);
  expect(loss.latex).toBe(`L = \\sum L_{.1} = 2.54692`);
  expect(step(worked.forward, "forward", "L.1").latex).toContain(
    "\\operatorname{CE}\\left(Y, \\begin{pmatrix} 1 & 0 & 0 \\\\ 0 & 1 & 0 \\\\ 0 & 0 & 1 \\end{pmatrix}\\right)",
  );
  const local = step(worked.backward, "local", "L.1", "Y");
  expect(local.latex).toContain("\\operatorname{softmax}\\left(Y\\right) - \\begin{pmatrix}");
  expect(local.local).toBeNull();
  const grad = step(worked.backward, "gradient", "Y").total as number[][];
  const soft = (row: number[]) => row.map((x) => Math.exp(x) / row.reduce((s, y) => s + Math.exp(y), 0));
  expect(grad[0]![0]).toBeCloseTo(soft([0.65, 0.43, 0.11])[0]! - 1, 12);
  expect(grad[1]![0]).toBeCloseTo(soft([0.05, 0.51, 0.18])[0]!, 12);
  for (const s of [...worked.forward, ...worked.backward]) renders(s.latex);
});

test("a tensor problem: elementwise tensor edges use ⊙ with the local derivatives written out as vectors", () => {
  const variant = variantOf("problems/classic/dense-layer-gradients.yaml");
  const worked = workedSolution(variant.evaluated);
  const ev = variant.evaluated;
  const sq = step(worked.backward, "chain", "L.2", "y");
  const y = Array.from(ev.value("y").data);
  const up = Array.from(ev.grad("L.2")!.data);
  // d(y^2)/dy = 2y, elementwise, times the upstream gradient.
  expect(sq.local).toEqual(y.map((v) => 2 * v));
  expect(sq.downstream).toEqual(y.map((v, i) => 2 * v * up[i]!));
  expect(sq.latex).toContain("\\odot");
  expect(step(worked.backward, "local", "L.2", "y").latex).toContain("2 \\cdot {y}^{2 - 1} = \\begin{pmatrix}");
  // The matmul edge: a Jacobian, so no elementwise local number, but the downstream gradient dL/dW = g x^T.
  const w = step(worked.backward, "chain", "z", "W");
  const g = Array.from(ev.grad("z")!.data);
  const x = Array.from(ev.value("x").data);
  expect(w.local).toBeNull();
  expect(w.downstream).toEqual(g.map((gi) => x.map((xj) => gi * xj)));
  expect(step(worked.backward, "local", "z", "W").latex).toBe("\\frac{\\partial z}{\\partial W} = {x}^{\\top}");
  for (const s of [...worked.forward, ...worked.backward]) renders(s.latex);
});

test("a tensor larger than 12 elements is summarized by its shape and first entries", async () => {
  const { tensorLatex } = await import("@/lib/problems/worked-solution");
  const big = tensorLatex({ shape: [4, 4], data: Float64Array.from({ length: 16 }, (_v, i) => i + 0.5) });
  expect(big).toBe("\\underbrace{\\left(0.5, 1.5, 2.5, \\dots\\right)}_{4\\times4}");
  expect(tensorLatex({ shape: [2, 2], data: Float64Array.from([1, 2, 3, 4.123456789]) })).toBe("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4.12346 \\end{pmatrix}");
});

test("every registered operation that computes something has its local derivative in LaTeX, for every input", () => {
  const ops = Object.values(OPS).filter((op): op is Operation => op.kind !== "leaf");
  const bound = [OPS.sum, OPS.mean, OPS.max].map((op) => (op as Operation).withAttrs!({ axis: 0 }) as Operation);
  const indexed = (OPS.index as Operation).withAttrs!({ index: [0] }) as Operation;
  expect(ops.length).toBe(Object.keys(OPS).length - 2);
  for (const op of [...ops, ...bound, indexed]) {
    expect(typeof op.localLatex, op.name).toBe("function");
    const args = ["a", "b", "c"].slice(0, op.variadic ? 2 : op.arity);
    for (let k = 0; k < args.length; k++) {
      const tex = op.localLatex(args, "y", k);
      expect(tex.length, `${op.name} input ${k}`).toBeGreaterThan(0);
      renders(tex);
    }
  }
});

describe("which graph the worked solution walks", () => {
  const r = loadProblem(fs.readFileSync("problems/seed/std-dev.yaml", "utf8"));
  if (!r.ok) throw new Error("std-dev does not load");
  const problem = r.problem;
  const variant = generateVariant(problem, "0");
  const own = "input x1, x2\nmean = (x1 + x2) / 2\nsq1 = (x1 - mean) ^ 2\nsq2 = (x2 - mean) ^ 2\nvar = (sq1 + sq2) / 2\ns = sqrt(var)\n";

  test("the student's own equivalent construction, with their node names and the variant's numbers", async () => {
    const { solutionGraph, workedSolutionView } = await import("@/lib/problems/worked-solution");
    const graph = solutionGraph(problem, variant, { graph: own });
    expect(graph.own).toBe(true);
    const worked = workedSolution(graph.evaluated);
    const mean = step(worked.backward, "gradient", "mean");
    expect(mean.terms.map((t) => t.value)).toEqual([0.5, -0.5]);
    expect(mean.latex).toContain("\\frac{\\partial s}{\\partial \\text{mean}}");
    expect(step(worked.backward, "local", "s", "var").local).toBe(0.25);
    const view = workedSolutionView(graph);
    expect(view.own).toBe(true);
    expect(view.backwardHtml.join("")).toContain("mean");
  });

  test("the reference graph when there is no construction, or it is not the same function", async () => {
    const { solutionGraph } = await import("@/lib/problems/worked-solution");
    expect(solutionGraph(problem, variant, null)).toEqual({ evaluated: variant.evaluated, own: false });
    expect(solutionGraph(problem, variant, { graph: own.replace("/ 2\ns =", "/ 1\ns =") }).own).toBe(false);
    expect(solutionGraph(problem, variant, { graph: "input x1, x2\ns = x1 +" }).own).toBe(false);
  });
});
