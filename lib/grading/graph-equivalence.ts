/**
 * Checking a graph the student wrote in the graph language against the reference graph:
 *
 * - `equivalent`: it computes the same function, at the problem's point and at `samples` (≥ 20) random
 *   points drawn around it (each input element x0 moved by up to ±(|x0|/2 + 1/2)), inputs matched by
 *   name. Points where the reference is undefined are skipped; a point where the reference is defined
 *   and the student's graph is not is a counterexample. A missing, extra or differently shaped input is
 *   reported as the counterexample, without sampling;
 * - `detailed`: it uses none of the banned operations (violations name the nodes and lines), and it
 *   computes every required quantity as a node of its own (`missing` names those it does not). A
 *   required quantity is a node of the reference; the student's graph has it when one of its computed
 *   nodes has the same shape and value at every point compared (names do not matter, only what the node
 *   computes as a function of the inputs). Each required quantity needs its own node: two that happen to
 *   be the same function (both squared deviations of a two-sample standard deviation) need two nodes,
 *   so a graph without the two branches does not pass. Looked for only in an equivalent graph.
 *
 * Deterministic for a given seed. A student text that does not parse or compile comes back as a located
 * error, never as a throw.
 */
import { z } from "zod";
import { type Graph, type NestedNumbers, type OpName, type Shape, type Tensor, fromNested, isOpName, shapesEqual, toNested, zeros } from "../autograd";
import {
  BINARY_OPERATORS,
  FUNCTIONS,
  GraphError,
  type GraphErrorJson,
  type GraphMessage,
  type InputValue,
  compileGraph,
  engineReason,
  graphMessage,
  parseGraph,
  renderGraphMessage,
} from "../graph-lang";
import { seededRandom } from "./random";
import { type Tolerance, ToleranceSchema, compareValues } from "./tolerance";
import type { LocalizedText } from "./verdict";
import { forwardOf } from "./work";

/** Two graphs of the same function may round differently; they must agree to about six digits. */
export const GRAPH_TOLERANCE: Tolerance = { mode: "default", rtol: 1e-6, atol: 1e-9 };
const ATTEMPTS_PER_POINT = 50;

export interface GraphCheckInput {
  readonly target: Graph;
  readonly studentSource: string;
  /** Input values of the problem's point, overriding the target's own. */
  readonly at?: Readonly<Record<string, InputValue>>;
  /** Operations the student may not use: op names (`cross_entropy`), function names (`t`) or operators (`@`). */
  readonly ban?: readonly string[];
  /** Nodes of the target the student's graph must compute too, each as a node of its own. */
  readonly require?: readonly RequiredQuantity[];
  readonly samples?: number;
  readonly seed?: number;
  readonly tolerance?: Tolerance;
}

export interface RequiredQuantity {
  /** The id of a computed node of the target. */
  readonly node: string;
  /** What to call it when telling the student it is missing ("the mean of x1 and x2"). */
  readonly label?: LocalizedText;
}

/** A required quantity the student's graph does not compute as a node of its own. */
export interface MissingQuantity {
  readonly node: string;
  readonly label: LocalizedText | null;
}

export interface Violation {
  readonly node: string;
  readonly op: OpName;
  readonly line: number | null;
  readonly column: number | null;
}

export interface GraphCounterexample {
  /** inputs: the inputs do not match; shape: the outputs differ in shape; value: they differ; undefined: the student's graph fails where the reference does not. */
  readonly reason: "inputs" | "shape" | "value" | "undefined";
  /** English (the command line's); `ref` is the same message by key, for the pages. */
  readonly message: string;
  readonly ref?: GraphMessage;
  readonly at: Record<string, NestedNumbers> | null;
  readonly expected: NestedNumbers | null;
  readonly given: NestedNumbers | null;
  readonly missing?: string[];
  readonly extra?: string[];
}

export type GraphCheck =
  | {
      readonly ok: true;
      readonly equivalent: boolean;
      readonly detailed: boolean;
      readonly counterexample: GraphCounterexample | null;
      readonly violations: Violation[];
      /** Required quantities the graph does not compute (always empty for a graph that is not equivalent). */
      readonly missing: MissingQuantity[];
      /** Points compared (the problem's point included). */
      readonly points: number;
      /** The student's graph at the problem's point, for grading their annotations on it. */
      readonly student: Graph;
    }
  | { readonly ok: false; readonly error: GraphErrorJson & { readonly ref?: GraphMessage; readonly source: "student" | "target" | null } };

const Options = z.object({
  /** Bounded: matching the required quantities to nodes recurses once per quantity. */
  require: z.array(z.unknown()).max(1_000).optional(),
  samples: z.number().int().min(20).max(10_000).default(20),
  seed: z.number().int().default(1),
  tolerance: ToleranceSchema.default(GRAPH_TOLERANCE),
});

/** Op names from the names a part may ban; throws RangeError on an unknown name. */
export function resolveBannedOps(names: readonly string[]): Set<OpName> {
  const ops = new Set<OpName>();
  for (const raw of names) {
    const name = raw.trim();
    if (name === "") continue;
    const op =
      FUNCTIONS.get(name)?.op ??
      (Object.prototype.hasOwnProperty.call(BINARY_OPERATORS, name) ? BINARY_OPERATORS[name as keyof typeof BINARY_OPERATORS] : isOpName(name) ? name : null);
    if (op === null || op === "input" || op === "const") {
      throw new RangeError(`cannot ban "${name}": not an operation (the operations are ${[...FUNCTIONS.keys()].join(", ")}, + - * / ^ @)`);
    }
    ops.add(op);
  }
  return ops;
}

function toTensor(value: InputValue): Tensor {
  return typeof value === "object" && !Array.isArray(value) ? value : fromNested(value);
}

/** Why a node has no value: `node "y" (line 2): log of a non-positive number`, in English and by key. */
function undefinedAt(node: Graph["nodes"][number], reason: GraphMessage): { error: string; ref: GraphMessage } {
  const ref = node.position
    ? graphMessage("engine.at-node-line", { node: node.id, line: node.position.line, reason })
    : graphMessage("engine.at-node", { node: node.id, reason });
  return { error: renderGraphMessage(ref), ref };
}

/** Every node's value at the given input values (in the graph's order), or the reason one is undefined there. */
function valuesAt(graph: Graph, values: Readonly<Record<string, Tensor>>): { values: Tensor[] } | { error: string; ref: GraphMessage } {
  const out: Tensor[] = [];
  for (const node of graph.nodes) {
    if (node.op.kind === "leaf") {
      out.push(node.op.name === "input" && values[node.id] !== undefined ? values[node.id]! : node.value!);
      continue;
    }
    const op = node.op;
    const ins = node.inputs.map((j) => out[j]!);
    const why = op.domainError(ins);
    if (why !== null) return undefinedAt(node, engineReason(why));
    const y = forwardOf(op, ins);
    if (y === null) return undefinedAt(node, graphMessage("engine.not-finite"));
    out.push(y);
  }
  return { values: out };
}

/** The target's node indices of the required quantities; throws RangeError on a node that is not computed there. */
function resolveRequired(target: Graph, required: readonly RequiredQuantity[]): number[] {
  return required.map(({ node }) => {
    const index = target.nodes.findIndex((n) => n.id === node);
    if (index < 0) throw new RangeError(`cannot require "${node}": not a node of the reference graph`);
    if (target.nodes[index]!.op.kind === "leaf")
      throw new RangeError(`cannot require "${node}": it is ${target.nodes[index]!.op.name === "input" ? "an input" : "a constant"}, not computed`);
    return index;
  });
}

/** Keeps the candidate nodes whose value agrees with the reference node's at this point. */
function agreeing(candidates: readonly number[], expected: Tensor, given: readonly Tensor[], tolerance: Tolerance): number[] {
  return candidates.filter((j) => shapesEqual(expected.shape, given[j]!.shape) && compareValues(expected, given[j]!, tolerance));
}

/**
 * A node of its own for each required quantity (a maximum bipartite matching, by augmenting paths);
 * the quantities left without one are missing. Tried in the order required, so the earlier ones keep
 * a node that could serve several.
 */
function unmatched(candidates: readonly (readonly number[])[]): number[] {
  const owner = new Map<number, number>();
  const assign = (r: number, seen: Set<number>): boolean => {
    for (const c of candidates[r]!) {
      if (seen.has(c)) continue;
      seen.add(c);
      const o = owner.get(c);
      if (o === undefined || assign(o, seen)) {
        owner.set(c, r);
        return true;
      }
    }
    return false;
  };
  return candidates.flatMap((_, r) => (assign(r, new Set()) ? [] : [r]));
}

function json(values: Readonly<Record<string, Tensor>>): Record<string, NestedNumbers> {
  const out: Record<string, NestedNumbers> = {};
  for (const [k, v] of Object.entries(values)) out[k] = toNested(v);
  return out;
}

export function checkGraphEquivalence(input: GraphCheckInput): GraphCheck {
  const { samples, seed, tolerance } = Options.parse({ require: input.require, samples: input.samples, seed: input.seed, tolerance: input.tolerance });
  const banned = resolveBannedOps(input.ban ?? []);
  const required = input.require ?? [];
  const requiredAt = resolveRequired(input.target, required);
  const targetInputs = input.target.inputNodes();
  const point: Record<string, Tensor> = {};
  for (const n of targetInputs) point[n.id] = n.value!;
  for (const [name, value] of Object.entries(input.at ?? {})) {
    const n = targetInputs.find((t) => t.id === name);
    let t: Tensor;
    try {
      t = toTensor(value);
    } catch (error) {
      return { ok: false, error: { message: `the value of "${name}": ${(error as Error).message}`, line: null, column: null, source: null } };
    }
    if (n === undefined || !shapesEqual(n.shape, t.shape)) {
      const why = n === undefined ? "is not an input of the reference graph" : `has shape [${n.shape.join(", ")}], not [${t.shape.join(", ")}]`;
      return { ok: false, error: { message: `a value was given for "${name}", which ${why}`, line: null, column: null, source: null } };
    }
    point[name] = t;
  }

  let student: Graph;
  const missing: string[] = [];
  const extra: string[] = [];
  const reshaped: GraphMessage[] = [];
  try {
    const program = parseGraph(input.studentSource);
    const declared = new Map<string, { shape: Shape; hasDefault: boolean }>();
    for (const s of program.statements) {
      if (s.kind !== "input") continue;
      for (const d of s.decls) declared.set(d.name, { shape: d.shape ?? d.defaultValue?.shape ?? [], hasDefault: d.defaultValue !== null });
    }
    const at: Record<string, Tensor> = {};
    for (const t of targetInputs) {
      const d = declared.get(t.id);
      if (d === undefined) missing.push(t.id);
      else if (!shapesEqual(d.shape, t.shape)) {
        reshaped.push(graphMessage("equivalence.reshaped", { name: t.id, reference: t.shape.join(", "), given: d.shape.join(", ") }));
        if (!d.hasDefault) at[t.id] = zeros(d.shape);
      } else at[t.id] = point[t.id]!;
    }
    for (const [name, d] of declared) {
      if (targetInputs.some((t) => t.id === name)) continue;
      extra.push(name);
      if (!d.hasDefault) at[name] = zeros(d.shape);
    }
    student = compileGraph(program, { at });
  } catch (error) {
    if (error instanceof GraphError) return { ok: false, error: { ...error.toJSON(), ref: error.ref, source: "student" } };
    throw error;
  }

  const violations: Violation[] = student.nodes
    .filter((n) => banned.has(n.op.name))
    .map((n) => ({ node: n.id, op: n.op.name, line: n.position?.line ?? null, column: n.position?.column ?? null }));
  const done = (equivalent: boolean, counterexample: GraphCounterexample | null, points: number, missing: MissingQuantity[] = []): GraphCheck => ({
    ok: true,
    equivalent,
    detailed: violations.length === 0 && missing.length === 0,
    counterexample,
    violations,
    missing,
    points,
    student,
  });

  if (missing.length > 0 || extra.length > 0 || reshaped.length > 0) {
    const parts: GraphMessage[] = [];
    const names = (list: string[]) => list.map((m) => `"${m}"`).join(", ");
    if (missing.length > 0) parts.push(graphMessage("equivalence.no-input", { names: names(missing) }));
    if (extra.length > 0) parts.push(graphMessage("equivalence.extra-input", { names: names(extra) }));
    parts.push(...reshaped);
    const ref = parts.reduceRight((rest, first) => graphMessage("equivalence.joined", { first, rest }));
    return done(false, { reason: "inputs", message: renderGraphMessage(ref), ref, at: null, expected: null, given: null, missing, extra }, 0);
  }

  const reference = valuesAt(input.target, point);
  if ("error" in reference) {
    return {
      ok: false,
      error: { ...keyed(graphMessage("equivalence.reference-undefined", { reason: reference.ref })), line: null, column: null, source: "target" },
    };
  }
  const random = seededRandom(seed);
  // For each required quantity, the student's computed nodes that have agreed with it at every point so far.
  const computed = student.nodes.flatMap((n, j) => (n.op.kind === "leaf" ? [] : [j]));
  let candidates: number[][] = requiredAt.map(() => computed);
  const compare = (values: Record<string, Tensor>, target: readonly Tensor[]): GraphCounterexample | null => {
    const expected = target[input.target.output.index]!;
    const given = valuesAt(student, values);
    if ("error" in given) {
      return {
        reason: "undefined",
        ...keyed(graphMessage("equivalence.undefined", { reason: given.ref })),
        at: json(values),
        expected: toNested(expected),
        given: null,
      };
    }
    const output = given.values[student.output.index]!;
    if (!shapesEqual(expected.shape, output.shape)) {
      return {
        reason: "shape",
        ...keyed(graphMessage("equivalence.shape", { given: output.shape.join(", "), expected: expected.shape.join(", ") })),
        at: json(values),
        expected: toNested(expected),
        given: toNested(output),
      };
    }
    if (!compareValues(expected, output, tolerance)) {
      return {
        reason: "value",
        ...keyed(graphMessage("equivalence.value")),
        at: json(values),
        expected: toNested(expected),
        given: toNested(output),
      };
    }
    candidates = candidates.map((c, r) => agreeing(c, target[requiredAt[r]!]!, given.values, tolerance));
    return null;
  };
  const first = compare(point, reference.values);
  if (first !== null) return done(false, first, 1);
  let points = 0;
  for (let attempt = 0; attempt < samples * ATTEMPTS_PER_POINT && points < samples; attempt++) {
    const values: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(point)) {
      values[name] = { shape: t.shape, data: t.data.map((x0) => x0 + (0.5 * Math.abs(x0) + 0.5) * (2 * random() - 1)) };
    }
    const expected = valuesAt(input.target, values);
    if ("error" in expected) continue;
    points++;
    const found = compare(values, expected.values);
    if (found !== null) return done(false, found, points + 1);
  }
  if (points < samples) {
    return {
      ok: false,
      error: {
        message: `the reference graph is defined at only ${points} of ${samples} random points around the problem's point`,
        line: null,
        column: null,
        source: "target",
      },
    };
  }
  const absent = unmatched(candidates).map((r) => ({ node: required[r]!.node, label: required[r]!.label ?? null }));
  return done(true, null, points + 1, absent);
}

/** A message in English (`message`, as the command line prints it) and by key (`ref`, for the pages). */
function keyed(ref: GraphMessage): { message: string; ref: GraphMessage } {
  return { message: renderGraphMessage(ref), ref };
}
