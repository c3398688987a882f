/**
 * Property tests for the smooth, elementwise-pair, reduction and loss operations: at random points (away from ties and kinks, inside each
 * domain), each one's VJP agrees with central differences of its own forward, and the engine's backward
 * pass through a graph agrees with the VJP.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type NodeSpec, type OpName, createGraph, evaluate, getOperation, tensor } from "@/lib/autograd";
import { expectClose, numericGradient } from "./helpers";

const real = fc.double({ min: -4, max: 4, noNaN: true }).filter((x) => Math.abs(x) > 1e-3);
const prob = fc.double({ min: 0.02, max: 0.98, noNaN: true });
const vec = (n: number, arb = real) => fc.array(arb, { minLength: n, maxLength: n });

/** For each operation, random inputs as (shape, data) pairs of one length n. */
const CASES: ReadonlyArray<readonly [OpName, (n: number) => fc.Arbitrary<number[][]>]> = [
  ["softplus", (n) => fc.tuple(vec(n))],
  ["log1p", (n) => fc.tuple(vec(n, fc.double({ min: -0.9, max: 5, noNaN: true })))],
  ["log_sigmoid", (n) => fc.tuple(vec(n))],
  ["elu", (n) => fc.tuple(vec(n))],
  ["sin", (n) => fc.tuple(vec(n))],
  ["cos", (n) => fc.tuple(vec(n))],
  ["square", (n) => fc.tuple(vec(n))],
  ["leaky_relu", (n) => fc.tuple(vec(n), vec(n, prob))],
  ["maximum", (n) => fc.tuple(vec(n), vec(n)).filter(([a, b]) => a.every((x, i) => Math.abs(x - b[i]!) > 1e-3))],
  ["minimum", (n) => fc.tuple(vec(n), vec(n)).filter(([a, b]) => a.every((x, i) => Math.abs(x - b[i]!) > 1e-3))],
  [
    "clip",
    (n) =>
      fc.tuple(
        vec(n).filter((x) => x.every((v) => Math.abs(Math.abs(v) - 1) > 1e-3)),
        vec(n, fc.constant(-1)),
        vec(n, fc.constant(1)),
      ),
  ],
  ["bce_with_logits", (n) => fc.tuple(vec(n), vec(n, prob))],
  ["bce", (n) => fc.tuple(vec(n, prob), vec(n, prob))],
  ["mse", (n) => fc.tuple(vec(n), vec(n))],
  ["norm", (n) => fc.tuple(vec(n))],
  ["outer", (n) => fc.tuple(vec(n), vec(n))],
];

describe.each(CASES)("%s at random points", (name, inputsOf) => {
  it("VJP = central differences, and the engine's backward pass = VJP", () => {
    const op = getOperation(name);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain(inputsOf), (raw) => {
        const inputs = raw.map((d) => tensor([d.length], d));
        const output = op.forward(inputs);
        const upstream = { shape: output.shape, data: Float64Array.from(output.data, (_v, k) => 1 - 0.3 * k) };
        const vjp = op.vjp(inputs, output, upstream);
        const specs: NodeSpec[] = [
          ...inputs.map((value, k): NodeSpec => ({ id: `in${k}`, op: "input", value })),
          { id: "y", op: name, inputs: inputs.map((_t, k) => `in${k}`) },
          { id: "w", op: "const", value: upstream },
          { id: "p", op: "mul", inputs: ["y", "w"] },
          { id: "L", op: "sum", inputs: ["p"] },
        ];
        const result = evaluate(createGraph(specs, { output: "L" }));
        inputs.forEach((t, k) => {
          const f = (x: Float64Array) => {
            const y = op.forward(inputs.map((u, j) => (j === k ? { shape: u.shape, data: x } : u))).data;
            return y.reduce((s, v, i) => s + v * upstream.data[i]!, 0);
          };
          expectClose(vjp[k]!.data, numericGradient(f, t.data), 1e-5, 1e-6, `${name} input ${k}`);
          expectClose(result.grad(`in${k}`)!.data, vjp[k]!.data, 1e-14, 1e-300, `${name} engine grad ${k}`);
        });
        expect(result.value("y").data).toEqual(output.data);
      }),
      { numRuns: 60 },
    );
  });
});
