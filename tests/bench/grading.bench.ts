/**
 * The grader on a hand-drawn graph at scale: a 9,000-node scalar chain (the engine bench's graph, under
 * the 10,000-node limit) annotated with values and gradients, all correct and then with 50 wrong
 * values (each diagnosed, everything after them carried), and a single-value answer on the seed's loss.
 */
import fs from "node:fs";
import YAML from "yaml";
import { toNested } from "../../lib/autograd";
import { variantOf } from "../../lib/assignments/workspace";
import { gradeSubmission } from "../../lib/problems/grade";
import { problemFile } from "../../lib/problems/schema";
import { compileProblem, generateVariant } from "../../lib/problems/variant";
import { evaluateSource } from "../../lib/graph-lang";
import { gradeAnnotations, gradeValue } from "../../lib/grading";
import { scalarChainSource } from "./autograd.bench";
import { type Benchmark, timeIt } from "./types";

const STD_GRAPH = "input x1, x2\nm = (x1 + x2) / 2\na = (x1 - m) ^ 2\nb = (x2 - m) ^ 2\nv = (a + b) / 2\ns = sqrt(v)\n";

function annotated(): Benchmark["run"] {
  return () => {
    const { evaluated } = evaluateSource(scalarChainSource(9_000));
    const entries: Record<string, { value: unknown; grad: unknown }> = {};
    for (const n of evaluated.nodes) if (n.op !== "const") entries[n.id] = { value: toNested(n.value), grad: n.grad === null ? null : toNested(n.grad) };
    const correct = timeIt(() => gradeAnnotations({ evaluated, entries: entries }), { warmup: 1, runs: 5 });
    const ids = Object.keys(entries);
    for (let i = 0; i < 50; i++) entries[ids[(i * 97) % ids.length]!]!.value = 123.456;
    const wrong = timeIt(() => gradeAnnotations({ evaluated, entries: entries }), { warmup: 1, runs: 5 });
    return {
      nodes: { value: evaluated.nodes.length, unit: "nodes" },
      "grade, all correct": { value: correct.median, unit: "ms" },
      "grade, 50 wrong values diagnosed": { value: wrong.median, unit: "ms" },
    };
  };
}

function singleValue(): Benchmark["run"] {
  return () => {
    const { evaluated } = evaluateSource(
      "input Y[3,3] = [[0.65,0.43,0.11],[0.05,0.51,0.18],[0.33,0.21,0.72]]\nT = [[1,0,0],[0,1,0],[0,0,1]]\nL = sum(cross_entropy(Y, T))\n",
    );
    const first = timeIt(() => gradeValue({ evaluated, answerText: "1.1061" }), { warmup: 0, runs: 1 });
    const cached = timeIt(() => gradeValue({ evaluated, answerText: "1.1061" }), { warmup: 5, runs: 50 });
    return {
      "value answer, first (builds alternatives)": { value: first.median, unit: "ms" },
      "value answer, alternatives cached": { value: cached.median, unit: "ms" },
    };
  };
}

/**
 * Grading one submission of a seed problem as the submit path does: the student's variant drawn afresh
 * for every submission (as before), and taken from the variant cache (`variantOf`), which keeps what
 * grading built for that variant.
 */
function submission(file: string, answers: Record<string, unknown>): Benchmark["run"] {
  return () => {
    const content = YAML.parse(fs.readFileSync(file, "utf8")) as unknown;
    const compiled = compileProblem(problemFile.parse(content));
    const version = { id: file, content };
    const fresh = timeIt(() => gradeSubmission(compiled, generateVariant(compiled, "student-seed"), answers), { warmup: 10, runs: 200 });
    const cached = timeIt(() => gradeSubmission(compiled, variantOf(version, "student-seed"), answers), { warmup: 10, runs: 200 });
    return {
      "variant drawn per submission": { value: fresh.median, unit: "ms", note: `best ${fresh.min.toFixed(2)} ms` },
      "variant from the cache": { value: cached.median, unit: "ms", note: `best ${cached.min.toFixed(2)} ms` },
    };
  };
}

export const benchmarks: Benchmark[] = [
  { name: "annotated 9,000-node scalar graph", run: annotated() },
  { name: "single value on the seed's cross-entropy", run: singleValue() },
  { name: "a submission of the seed's cross-entropy", run: submission("problems/seed/cross-entropy.yaml", { loss: "1.1", formula: "-ln(y11)" }) },
  { name: "a submission of the seed's standard deviation", run: submission("problems/seed/std-dev.yaml", { "grad-x1": "-0.5" }) },
  { name: "the seed's standard deviation with the student's own graph", run: submission("problems/seed/std-dev.yaml", { graph: STD_GRAPH }) },
  {
    // Not the problem's function: the graph is also checked against the problem's mistakes (a structural slip).
    name: "the seed's standard deviation with a graph dividing by N - 1",
    run: submission("problems/seed/std-dev.yaml", { graph: STD_GRAPH.replace("(a + b) / 2", "(a + b) / 1") }),
  },
];
