/**
 * The engine on a 100,000-node scalar graph (the shape of hand-drawn graphs, at scale) and on a
 * two-layer perceptron over 64×64 matrices. Target: scalar forward+backward under 200 ns per node.
 */
import { evaluate, toEvalJson } from "../../lib/autograd";
import { compileGraph, parseGraph } from "../../lib/graph-lang";
import { type Benchmark, seededRandom, timeIt } from "./types";

const TRUSTED = { maxNodes: 1_000_000, maxSourceBytes: 64 * 1024 * 1024 };

/** A chain of statements mixing every scalar operation, with fan-out to the inputs x and y. */
export function scalarChainSource(targetNodes: number): string {
  const patterns = [
    (p: string) => `${p} * 0.5 + x`, // const, mul, add
    (p: string) => `tanh(${p}) - y / 3`, // tanh, const, div, sub
    (p: string) => `sigmoid(${p} - x) * 2`, // sub, sigmoid, const, mul
    (p: string) => `exp(-${p}) / (1 + ${p} * ${p})`, // neg, exp, const, mul, add, div
    (p: string) => `sqrt(${p} * ${p} + 1) - log(1 + abs(y)) + relu(${p}) ^ 2`, // 13 nodes
  ];
  const sizes = [3, 4, 4, 6, 13];
  const lines = ["input x = 0.3, y = -0.7", "s0 = x * y"];
  let nodes = 3; // x, y, s0
  for (let k = 1; nodes < targetNodes; k++) {
    const i = k % patterns.length;
    lines.push(`s${k} = ${patterns[i]!(`s${k - 1}`)}`);
    nodes += sizes[i]!;
  }
  return `${lines.join("\n")}\n`;
}

function scalarGraph(): Benchmark["run"] {
  return () => {
    const source = scalarChainSource(100_000);
    // One clean pass first, so the peak memory is that of parsing, compiling and evaluating once.
    evaluate(compileGraph(parseGraph(source, { limits: TRUSTED }), { limits: TRUSTED }));
    const peakOnce = process.resourceUsage().maxRSS / 1024;
    const parse = timeIt(() => parseGraph(source, { limits: TRUSTED }), { warmup: 1, runs: 5 });
    const program = parseGraph(source, { limits: TRUSTED });
    const compile = timeIt(() => compileGraph(program, { limits: TRUSTED }), { warmup: 1, runs: 5 });
    const graph = compileGraph(program, { limits: TRUSTED });
    const n = graph.nodes.length;
    const run = timeIt(() => evaluate(graph), { warmup: 5, runs: 20 });
    const json = timeIt(() => JSON.stringify(toEvalJson(evaluate(graph))), { warmup: 1, runs: 3 });
    return {
      nodes: { value: n, unit: "nodes" },
      "source size": { value: source.length / 1024, unit: "KB" },
      "parse time": { value: parse.median, unit: "ms" },
      "compile time": { value: compile.median, unit: "ms" },
      "forward+backward": { value: run.median, unit: "ms" },
      "forward+backward per node": { value: (run.median * 1e6) / n, unit: "ns", note: "target < 200" },
      "best run per node": { value: (run.min * 1e6) / n, unit: "ns" },
      "eval JSON (evaluate + stringify)": { value: json.median, unit: "ms" },
      "peak memory, one parse+compile+evaluate": { value: peakOnce, unit: "MB", note: "peak RSS" },
    };
  };
}

function perceptron(): Benchmark["run"] {
  return () => {
    const source = [
      "input X[64,64], W1[64,64], b1[64], W2[64,64], b2[64], T[64,64]",
      "H = relu(X @ W1 + b1)",
      "Z = H @ W2 + b2",
      "L = mean(cross_entropy(Z, T))",
    ].join("\n");
    const random = seededRandom(42);
    const matrix = (scale: number) => Array.from({ length: 64 }, () => Array.from({ length: 64 }, () => (random() * 2 - 1) * scale));
    const vector = () => Array.from({ length: 64 }, () => (random() * 2 - 1) * 0.1);
    const at = {
      X: matrix(1),
      W1: matrix(0.2),
      b1: vector(),
      W2: matrix(0.2),
      b2: vector(),
      T: Array.from({ length: 64 }, (_, i) => Array.from({ length: 64 }, (_, j) => (j === (i * 7) % 64 ? 1 : 0))),
    };
    const parse = timeIt(() => parseGraph(source), { warmup: 5, runs: 50 });
    const program = parseGraph(source);
    const graph = compileGraph(program, { at });
    const n = graph.nodes.length;
    const run = timeIt(() => evaluate(graph), { warmup: 20, runs: 100 });
    return {
      nodes: { value: n, unit: "nodes" },
      "parse time": { value: parse.median * 1000, unit: "µs" },
      "forward+backward": { value: run.median * 1000, unit: "µs" },
      "forward+backward per node": { value: (run.median * 1e6) / n, unit: "ns" },
    };
  };
}

export const benchmarks: Benchmark[] = [
  { name: "scalar graph, 100,000 nodes", run: scalarGraph() },
  { name: "two-layer perceptron, 64×64", run: perceptron() },
];
