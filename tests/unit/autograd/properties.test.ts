/**
 * Property tests: on random expression graphs, the engine's gradients agree with central differences
 * of the graph's own forward pass, and the eval JSON is always finite.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AutogradError, type Graph, type NodeSpec, type OpName, type Tensor, createGraph, evaluate, scalar, tensor, toEvalJson } from "@/lib/autograd";
import { expectClose } from "./helpers";

/** The output of `graph` as a function of one input's data. */
function outputOf(graph: Graph, input: string): (x: Float64Array) => number {
  const shape = graph.node(input).shape;
  return (x) => evaluate(graph.withInputValues({ [input]: tensor(shape, x) })).outputValue.data[0]!;
}

function numeric(graph: Graph, input: string): Float64Array {
  const f = outputOf(graph, input);
  const x = graph.node(input).value!.data;
  return Float64Array.from(x, (_v, i) => {
    const h = 1e-6 * Math.max(1, Math.abs(x[i]!));
    const plus = x.slice();
    const minus = x.slice();
    plus[i]! += h;
    minus[i]! -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** Evaluates, or returns null when the random graph left an operation's domain (a legitimate error). */
function tryEvaluate(graph: Graph) {
  try {
    return evaluate(graph);
  } catch (error) {
    if (error instanceof AutogradError) return null;
    throw error;
  }
}

const UNARY: OpName[] = ["neg", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu"];
const BINARY: OpName[] = ["add", "sub", "mul", "div", "pow"];

const scalarGraph = fc.record({
  inputs: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 3 }),
  steps: fc.array(
    fc.record({
      op: fc.constantFrom<OpName>(...UNARY, ...BINARY),
      a: fc.nat(),
      b: fc.nat(),
      exponent: fc.constantFrom(2, 3, -1, 0.5),
    }),
    { minLength: 1, maxLength: 12 },
  ),
});

/** Builds the specs: each step applies an operation to earlier nodes; pow gets a constant exponent. */
type ScalarGraphCase = typeof scalarGraph extends fc.Arbitrary<infer T> ? T : never;

function buildScalar({ inputs, steps }: ScalarGraphCase): { specs: NodeSpec[]; output: string } {
  const specs: NodeSpec[] = inputs.map((v, i) => ({ id: `x${i}`, op: "input", value: scalar(v) }));
  const computed: string[] = specs.map((s) => s.id);
  steps.forEach((step, k) => {
    const a = computed[step.a % computed.length]!;
    const b = computed[step.b % computed.length]!;
    const id = `n${k}`;
    if (step.op === "pow") {
      specs.push({ id: `${id}.e`, op: "const", value: scalar(step.exponent) });
      specs.push({ id, op: "pow", inputs: [a, `${id}.e`] });
    } else {
      specs.push({ id, op: step.op, inputs: UNARY.includes(step.op) ? [a] : [a, b] });
    }
    computed.push(id);
  });
  return { specs, output: computed[computed.length - 1]! };
}

/** Points where central differences are unreliable: near a kink, a pole, or with huge values. */
function wellConditioned(graph: Graph, result: NonNullable<ReturnType<typeof tryEvaluate>>): boolean {
  for (const node of result.nodes) {
    const v = node.value.data[0]!;
    if (Math.abs(v) > 1e4) return false;
    const inputValues = node.inputs.map((id) => result.value(id).data[0]!);
    const near = (x: number | undefined, d: number) => x !== undefined && Math.abs(x) < d;
    if ((node.op === "abs" || node.op === "relu") && near(inputValues[0], 1e-3)) return false;
    if ((node.op === "log" || node.op === "sqrt") && near(inputValues[0], 1e-2)) return false;
    if (node.op === "div" && near(inputValues[1], 1e-2)) return false;
    if (node.op === "pow" && near(inputValues[0], 1e-2)) return false;
  }
  return graph.inputNodes().length > 0;
}

describe("random scalar expression graphs", () => {
  it("have gradients equal to central differences", () => {
    let checked = 0;
    fc.assert(
      fc.property(scalarGraph, (g) => {
        const { specs, output } = buildScalar(g);
        const graph = createGraph(specs, { output });
        const result = tryEvaluate(graph);
        fc.pre(result !== null && wellConditioned(graph, result));
        for (const input of graph.inputNodes()) {
          expectClose(result.grad(input.id)!.data, numeric(graph, input.id), 1e-4, 1e-6, input.id);
        }
        checked++;
      }),
      { numRuns: 300, seed: 20261126 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it("never put NaN or Infinity in the eval JSON: either finite numbers or an error", () => {
    let evaluated = 0;
    let withMissing = 0;
    fc.assert(
      fc.property(scalarGraph, (g) => {
        const { specs, output } = buildScalar(g);
        const result = tryEvaluate(createGraph(specs, { output }));
        if (result === null) return;
        evaluated++;
        // Checked directly, not through JSON.stringify (which writes NaN and Infinity as null): every
        // value, grad, local derivative and downstream gradient is finite, and the only nulls are
        // derivatives that do not exist with respect to something that does not depend on any input.
        for (const node of result.nodes) {
          expectFinite(node.value, `${node.id}.value`);
          if (node.grad === null) expect(node.dependsOnInput, `${node.id}.grad is null`).toBe(false);
          else expectFinite(node.grad, `${node.id}.grad`);
          for (const edge of node.edges) {
            const where = `${node.id} <- ${edge.from}`;
            const fromConstant = !result.node(edge.from).dependsOnInput;
            if (edge.local === null) expect(fromConstant, `${where}: local is null`).toBe(true);
            else expectFinite(edge.local, `${where}: local`);
            if (edge.downstream === null) expect(fromConstant, `${where}: downstream is null`).toBe(true);
            else expectFinite(edge.downstream, `${where}: downstream`);
            if (edge.local === null || edge.downstream === null) withMissing++;
          }
        }
        // And the JSON form carries exactly those numbers: every number in it is finite.
        const json = toEvalJson(result);
        expectFiniteJson(json.value, "value");
        for (const node of json.nodes) {
          expect(node.value).not.toBeNull();
          expectFiniteJson(node.value, `${node.id}.value`);
          expectFiniteJson(node.grad, `${node.id}.grad`);
          for (const edge of node.edges) {
            expectFiniteJson(edge.local, `${node.id} <- ${edge.from}: local`);
            expectFiniteJson(edge.downstream, `${node.id} <- ${edge.from}: downstream`);
          }
        }
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(evaluated).toBeGreaterThan(100);
    // The generator does reach the exception (pow with a constant exponent of a negative base).
    expect(withMissing).toBeGreaterThan(0);
  });
});

function expectFinite(t: Tensor, what: string): void {
  for (let i = 0; i < t.data.length; i++) expect(Number.isFinite(t.data[i]), `${what}[${i}] = ${t.data[i]}`).toBe(true);
}

/** Every number in a JSON value (null allowed) is finite. */
function expectFiniteJson(v: unknown, what: string): void {
  if (v === null) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => expectFiniteJson(x, `${what}[${i}]`));
    return;
  }
  expect(typeof v, what).toBe("number");
  expect(Number.isFinite(v), `${what} = ${Number(v)}`).toBe(true);
}

const vectorGraph = fc.record({
  x: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
  y: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
  c: fc.double({ min: -2, max: 2, noNaN: true }),
  steps: fc.array(
    fc.record({
      op: fc.constantFrom<OpName>("add", "sub", "mul", "tanh", "sigmoid", "softmax", "log_softmax", "matmul"),
      a: fc.nat(),
      b: fc.nat(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  reduce: fc.constantFrom<OpName>("sum", "mean", "dot", "cross_entropy"),
});

describe("random vector graphs (broadcasting, softmax, matmul, reductions)", () => {
  it("have gradients equal to central differences", () => {
    fc.assert(
      fc.property(vectorGraph, ({ x, y, c, steps, reduce }) => {
        const specs: NodeSpec[] = [
          { id: "x", op: "input", value: tensor([3], x) },
          { id: "y", op: "input", value: tensor([3], y) },
          { id: "c", op: "input", value: scalar(c) },
          { id: "M", op: "const", value: tensor([3, 3], [0.5, -1, 0.2, 1, 0.3, -0.4, 0.1, 0.9, 0.6]) },
          { id: "target", op: "const", value: tensor([3], [0.2, 0.5, 0.3]) },
        ];
        const vectors = ["x", "y"];
        steps.forEach((step, k) => {
          const a = vectors[step.a % vectors.length]!;
          const b = step.b % 3 === 0 ? "c" : vectors[step.b % vectors.length]!; // sometimes a scalar broadcasts
          const id = `v${k}`;
          const inputs = step.op === "matmul" ? [a, "M"] : ["tanh", "sigmoid", "softmax", "log_softmax"].includes(step.op) ? [a] : [a, b];
          specs.push({ id, op: step.op, inputs });
          vectors.push(id);
        });
        const last = vectors[vectors.length - 1]!;
        specs.push({ id: "L", op: reduce, inputs: reduce === "sum" || reduce === "mean" ? [last] : [last, "target"] });
        const graph = createGraph(specs, { output: "L" });
        const result = tryEvaluate(graph);
        fc.pre(result !== null && Math.abs(result.outputValue.data[0]!) < 1e4);
        for (const input of ["x", "y", "c"]) {
          expectClose(result.grad(input)!.data, numeric(graph, input), 1e-4, 1e-6, input);
        }
      }),
      { numRuns: 200, seed: 99 },
    );
  });
});
