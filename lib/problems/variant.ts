/**
 * Variants: a problem version plus a seed gives exactly one variant, on any machine, forever. A
 * drawn variant is vetted (constraints, the graph's domain, non-differentiable points, values that
 * would need too many digits to show) and redrawn from the same seed's stream if it fails, a bounded
 * number of times.
 */
import crypto from "node:crypto";
import { AutogradError, evaluate, fromNested, shapesEqual, toNested, type EvaluatedGraph, type Graph, type NestedNumbers, type Tensor } from "@/lib/autograd";
import { compileGraph, GraphError, parseGraph, type Program } from "@/lib/graph-lang";
import { constraintHolds, ExpressionError, namesIn, splitConstraint } from "./expressions";
import { SeededRandom } from "@/lib/grading/random";
import { NOISE_FLOOR } from "@/lib/grading";
import { derivedOrder, drawParameters, isRandom, type Parameters } from "./parameters";
import type { ProblemFile } from "./schema";

export const MAX_TRIES = 200;

export interface CompiledProblem {
  readonly file: ProblemFile;
  readonly program: Program;
  readonly inputNames: readonly string[];
  readonly derivedOrder: readonly string[];
  /** Whether any parameter is drawn at random (a problem without one has a single variant). */
  readonly randomized: boolean;
  /** The graph's named nodes that constraints speak of ("abs(m) > 0.5"): the only values vetting copies out. */
  readonly constraintNodes: readonly string[];
}

/** Which part of the problem file made a draw fail: ["constraints", 2], ["graph"], ["parameters"]... */
export type Culprit = (string | number)[];

export class VariantError extends Error {
  constructor(
    message: string,
    readonly culprit: Culprit,
  ) {
    super(message);
  }
}

export function compileProblem(file: ProblemFile): CompiledProblem {
  const program = parseGraph(file.graph);
  const inputNames = program.statements.flatMap((s) => (s.kind === "input" ? s.decls.map((d) => d.name) : []));
  const assigned = program.statements.flatMap((s) => (s.kind === "assign" ? [s.name] : []));
  return {
    file,
    program,
    inputNames,
    derivedOrder: derivedOrder(file.parameters),
    randomized: Object.values(file.parameters).some(isRandom),
    constraintNodes: constraintNodes(file.constraints, assigned),
  };
}

/** Named nodes used by the constraints; all of them when a constraint cannot be read (load.ts reports it). */
function constraintNodes(constraints: readonly string[], assigned: readonly string[]): string[] {
  if (constraints.length === 0) return [];
  const used = new Set<string>();
  try {
    for (const c of constraints) {
      const { lhs, rhs } = splitConstraint(c);
      for (const name of [...namesIn(lhs), ...namesIn(rhs)]) used.add(name);
    }
  } catch {
    return [...assigned];
  }
  return assigned.filter((name) => used.has(name));
}

export interface Variant {
  readonly problemId: string;
  readonly seed: string;
  readonly parameters: Parameters;
  readonly graph: Graph;
  readonly evaluated: EvaluatedGraph;
  /** Which draw of the seed's stream was kept (1 = the first). */
  readonly draw: number;
}

export type Draw = { ok: true; variant: Variant } | { ok: false; reason: string; culprit: Culprit; parameters: Parameters | null };

/** The graph's inputs that are bound to parameters, with the parameters' values. */
export function graphInputs(problem: CompiledProblem, parameters: Parameters): Parameters {
  return Object.fromEntries(problem.inputNames.filter((n) => n in parameters).map((n) => [n, parameters[n]!]));
}

/** Why a number would be hard to display with `maxDigits` digits. */
function displayProblem(x: number, maxDigits: number): string {
  return Math.abs(x) >= 10 ** maxDigits ? `${x} has more than ${maxDigits} digits before the point` : `${x} needs more than ${maxDigits} zeros after the point`;
}

/**
 * The first graph compiled for each problem, with the inputs it bound: every later draw only swaps
 * input values into it (`withInputValues`), so vetting 1,000 variants compiles the graph once.
 */
const templates = new WeakMap<CompiledProblem, { graph: Graph; bound: string }>();

/** The problem's graph at these input values: the template with new values when shapes agree, else compiled. */
function graphAt(problem: CompiledProblem, at: Parameters): Graph {
  const bound = Object.keys(at).sort().join("\u0000");
  const template = templates.get(problem);
  if (template && template.bound === bound) {
    const values: Record<string, Tensor> = {};
    let fits = true;
    for (const [name, value] of Object.entries(at)) {
      let t: Tensor;
      try {
        t = fromNested(value);
      } catch {
        fits = false;
        break;
      }
      if (!shapesEqual(t.shape, template.graph.node(name).shape)) {
        fits = false;
        break;
      }
      values[name] = t;
    }
    // Anything unusual (a shape that differs, a value that is not finite) takes the compiler's path,
    // whose errors say where in the graph the problem is.
    if (fits) {
      try {
        return template.graph.withInputValues(values);
      } catch (e) {
        if (!(e instanceof AutogradError)) throw e;
      }
    }
  }
  const graph = compileGraph(problem.program, { at });
  if (!template) templates.set(problem, { graph, bound });
  return graph;
}

/** Evaluates the problem's graph at some parameter values and vets the result. */
export function drawAt(problem: CompiledProblem, seed: string, parameters: Parameters, draw: number): Draw {
  const { file } = problem;
  let graph: Graph;
  let evaluated: EvaluatedGraph;
  try {
    graph = graphAt(problem, graphInputs(problem, parameters));
    evaluated = evaluate(graph);
  } catch (e) {
    if (e instanceof AutogradError || e instanceof GraphError) return { ok: false, reason: `graph: ${e.message}`, culprit: ["graph"], parameters };
    throw e;
  }
  if (evaluated.nonDifferentiable.length > 0) {
    const p = evaluated.nonDifferentiable[0]!;
    return { ok: false, reason: `non-differentiable point at node "${p.nodeId}" (${p.note})`, culprit: ["graph"], parameters };
  }
  // Constraints may speak of named nodes of the graph too ("abs(m) > 0.5").
  if (file.constraints.length > 0) {
    const env: Record<string, NestedNumbers> = { ...parameters };
    for (const name of problem.constraintNodes) env[name] = toNested(evaluated.value(name));
    for (const [i, c] of file.constraints.entries()) {
      let holds: boolean;
      try {
        holds = constraintHolds(c, env);
      } catch (e) {
        // A constraint that cannot be evaluated here (shapes that do not compare, a domain error).
        if (!(e instanceof ExpressionError)) throw e;
        return { ok: false, reason: `constraint cannot be evaluated: ${e.message}`, culprit: ["constraints", i], parameters };
      }
      if (!holds) return { ok: false, reason: `constraint failed: ${c}`, culprit: ["constraints", i], parameters };
    }
  }
  // Float noise around an exact zero (5.5e-17 from 0.1 * 2 + 0.2 - 0.3...) displays as 0.
  const maxDigits = file.display.maxDigits;
  const hard = evaluated.findOutOfRange({ zero: NOISE_FLOOR, lower: 10 ** -maxDigits, upper: 10 ** maxDigits });
  if (hard) return { ok: false, reason: `node "${hard.nodeId}": ${displayProblem(hard.x, maxDigits)}`, culprit: ["display"], parameters };
  return { ok: true, variant: { problemId: file.id, seed, parameters, graph, evaluated, draw } };
}

/** One draw: the seed's stream for try `draw`, then vetting. */
export function tryDraw(problem: CompiledProblem, seed: string, draw: number): Draw {
  const rng = randomStream(`${problem.file.id}\u0000${seed}\u0000${draw}`);
  let parameters: Parameters;
  try {
    parameters = drawParameters(problem.file.parameters, problem.derivedOrder, rng);
  } catch (e) {
    return { ok: false, reason: `parameters: ${e instanceof Error ? e.message : String(e)}`, culprit: ["parameters"], parameters: null };
  }
  return drawAt(problem, seed, parameters, draw);
}

/** The variant for a seed (the first draw that passes vetting) and why earlier draws were rejected. */
export function drawVariant(problem: CompiledProblem, seed: string): { variant: Variant; rejected: string[] } {
  const rejected: string[] = [];
  const tries = problem.randomized ? MAX_TRIES : 1;
  let culprit: Culprit = ["parameters"];
  for (let draw = 1; draw <= tries; draw++) {
    const result = tryDraw(problem, seed, draw);
    if (result.ok) return { variant: result.variant, rejected };
    rejected.push(result.reason);
    culprit = result.culprit;
  }
  throw new VariantError(
    `problem "${problem.file.id}": no valid variant for seed ${seed} after ${tries} draw${tries === 1 ? "" : "s"} (last: ${rejected.at(-1)})`,
    culprit,
  );
}

/** The variant for a seed. */
export function generateVariant(problem: CompiledProblem, seed: string): Variant {
  return drawVariant(problem, seed).variant;
}

/**
 * A student's seed: an HMAC of the course's secret with course, assignment, problem and student, so
 * it cannot be guessed, and changing any one of them gives another variant.
 */
export function studentSeed(secret: string, ids: { courseId: string; assignmentId: string; problemId: string; userId: string }): string {
  return crypto
    .createHmac("sha256", secret)
    .update(JSON.stringify([ids.courseId, ids.assignmentId, ids.problemId, ids.userId]))
    .digest("hex")
    .slice(0, 24);
}

/** The parameter stream of a text seed: sfc32 seeded by the first 16 bytes of the text's SHA-256. */
function randomStream(seed: string): SeededRandom {
  const h = crypto.createHash("sha256").update(seed).digest();
  return new SeededRandom([h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)]);
}

/** A fresh random seed (practice mode). */
export function randomSeed(): string {
  return crypto.randomBytes(12).toString("hex");
}
