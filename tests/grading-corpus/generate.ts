/**
 * Generates the labelled grading corpus: `npx tsx tests/grading-corpus/generate.ts` writes corpus.json.
 *
 * Each submission is made by a simulated student who works a graph by hand with the engine's own
 * operations, possibly making one kind of mistake (at one place, or everywhere for an operation swap),
 * rounding, leaving blanks or typing garbage. Every asked field gets a label from this file's own
 * statement of the grading rules, written apart from lib/grading (which it does not import):
 *
 *   correct    within max(1e-3·|ref|, 1e-6) of the reference, or equal (same tolerance) to what follows
 *              from the student's own earlier entries when those are all correct;
 *   carried    equal to what follows from the student's own earlier entries (blank ones replaced by the
 *              reference, fields not asked recomputed), some of which are wrong;
 *   no-credit  carried, but made trivial by a wrong earlier entry (anti-gaming): it is zero where the
 *              reference is not and follows from a wrong zero entry, or it equals a wrong earlier entry it
 *              follows from (a value from a value, a gradient from a gradient) though the reference
 *              changes across and a wrong 0 or 1 among the entries it follows from made the step a copy;
 *   mistake    anything else: the injected mistake's code is the label, except that a number that is
 *              minus what those rules give (the reference, or what follows from the student's own
 *              entries) is labelled sign-flip whatever slip made it: its size is right and its sign wrong;
 *   invalid / missing  garbage / blank.
 *
 * Besides annotated graphs and single values, a gradient asked alone ("gradient" items, as a problem's
 * numeric part on ∂L/∂x asks it): the student works the whole graph, possibly with a slip at a step
 * they do not show (a fan-out sum over part of the edges, a sign lost, an operation's derivative rule
 * done wrong, intermediates rounded), and gives one input's gradient; it is labelled like any entry,
 * except that an answer which simulated students with different mistakes give alike is "ambiguous":
 * from that one number no one can tell which mistake was made.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  type EvaluatedGraph,
  type Graph,
  type Operation,
  type Tensor,
  OPS,
  downstreamFromLocal,
  filled,
  scalar,
  shapesEqual,
  sizeOf,
  tensor,
  toNested,
  zeros,
} from "../../lib/autograd";
import { evaluateSource } from "../../lib/graph-lang";
import { CORPUS_GRAPHS, type CorpusGraph, type Scenario } from "./graphs";

type Field = "value" | "grad" | "local" | "downstream";
type Label = "correct" | "carried" | "no-credit" | "mistake" | "ambiguous" | "invalid" | "missing";

export interface LabelledField {
  node: string;
  field: Field;
  from: string | null;
  label: Label;
  code: string | null;
}

export interface AnnotationItem {
  id: string;
  kind: "annotations";
  graph: string;
  scenario: string;
  fields: Field[];
  answers: { nodes: Record<string, { value?: unknown; grad?: unknown; edges?: Record<string, { local?: unknown; downstream?: unknown }> }> };
  labels: LabelledField[];
}

export interface ValueItem {
  id: string;
  kind: "value";
  graph: string;
  scenario: string;
  answer: unknown;
  label: Label;
  code: string | null;
}

/** A gradient asked alone: graded as that node's grad field with nothing else given. */
export interface GradientItem {
  id: string;
  kind: "gradient";
  graph: string;
  scenario: string;
  node: string;
  answer: unknown;
  label: Label;
  code: string | null;
  /** For an ambiguous answer: the mistakes that give it. */
  codes?: string[];
}

export type CorpusItem = AnnotationItem | ValueItem | GradientItem;

// ---------------------------------------------------------------------------------------------------
// Numbers

const close = (ref: number, x: number) => Math.abs(x - ref) <= Math.max(1e-3 * Math.abs(ref), 1e-6) || Math.abs(x - ref) <= 1e-12;
const closeT = (a: Tensor, b: Tensor) => a.data.length === b.data.length && a.data.every((x, i) => close(x, b.data[i]!));
const zeroT = (a: Tensor) => a.data.every((x) => close(0, x));
const map = (t: Tensor, f: (x: number) => number): Tensor => ({ shape: t.shape, data: t.data.map(f) });
const plus = (a: Tensor, b: Tensor): Tensor => ({ shape: a.shape, data: a.data.map((x, i) => x + b.data[i]!) });
/**
 * x cut to `digits` significant figures as a person does it on the digits a calculator shows (12 of
 * them, so float noise such as 0.0457999999999999993 reads 0.0458): rounded half up (1.575 → 1.58) or
 * truncated (2.5469 → 2.54).
 */
const cutTo = (x: number, digits: number, truncate: boolean) => {
  if (x === 0) return 0;
  const [mantissa, exponent] = Number(Math.abs(x).toPrecision(12)).toExponential().split("e");
  const shown = mantissa!.replace(".", "");
  if (shown.length <= digits) return x;
  const kept = Number(shown.slice(0, digits)) + (!truncate && Number(shown[digits]) >= 5 ? 1 : 0);
  return Math.sign(x) * Number(`${kept}e${Number(exponent) - digits + 1}`);
};
const roundTo = (x: number, digits: number) => cutTo(x, digits, false);
const truncateTo = (x: number, digits: number) => cutTo(x, digits, true);

// ---------------------------------------------------------------------------------------------------
// The wrong operations a student may use (written here from their definitions, not taken from lib/grading)

interface Rule {
  forward(ins: readonly Tensor[]): Tensor;
  local(ins: readonly Tensor[], y: Tensor): (Tensor | null)[];
  vjp(ins: readonly Tensor[], y: Tensor, up: Tensor): Tensor[];
}

const trueRule = (op: Operation): Rule => ({ forward: op.forward, local: op.local, vjp: op.vjp });

/** A constant integer N ≥ 2 dividing a sum of exactly N terms (`(a + b) / 2`, `sum(v) / 3` with v of 3 elements). */
function countDivisor(graph: Graph, i: number): number | null {
  const node = graph.nodes[i]!;
  if (node.op.name !== "div") return null;
  const den = graph.nodes[node.inputs[1]!]!;
  const n = den.op.name === "const" && den.value !== null && den.value.data.length === 1 ? den.value.data[0]! : NaN;
  if (!Number.isInteger(n) || n < 2) return null;
  const num = graph.nodes[node.inputs[0]!]!;
  if (num.op.name === "sum") return sizeOf(graph.nodes[num.inputs[0]!]!.shape) === n ? n : null;
  let terms = 0;
  const todo = [num];
  while (todo.length > 0) {
    const t = todo.pop()!;
    if (t.op.name === "add") t.inputs.forEach((j) => todo.push(graph.nodes[j]!));
    else terms++;
  }
  return terms === n ? n : null;
}

/** The wrong rule a student uses at node i in this scenario, or null (the true one). */
function wrongRule(scenario: Scenario, graph: Graph, i: number): Rule | null {
  const node = graph.nodes[i]!;
  const opName = node.op.name;
  const op = node.op as Operation;
  if (scenario === "mul-inputs-swapped" && opName === "mul" && node.inputs[0] !== node.inputs[1]) {
    // Scalars (every mul of the corpus that is swapped): each input gets upstream × its own value.
    return {
      forward: op.forward,
      local: ([a, b]) => [a!, b!],
      vjp: ([a, b], _y, up) => [map(up, (g) => g * a!.data[0]!), map(up, (g) => g * b!.data[0]!)],
    };
  }
  if (scenario === "missing-one-over-n" && opName === "mean") {
    return { forward: op.forward, local: () => [null], vjp: ([x], _y, up) => [filled(x!.shape, up.data[0]!)] };
  }
  if (scenario === "missing-one-over-n" && countDivisor(graph, i) !== null) {
    return {
      forward: op.forward,
      local: (ins, y) => [filled(y.shape, 1), op.local(ins, y)[1] ?? null],
      vjp: (ins, y, up) => [up, op.vjp(ins, y, up)[1]!],
    };
  }
  if (scenario === "wrong-log-base" && ["log", "cross_entropy", "log_softmax"].includes(opName)) {
    const k = 1 / Math.LN10;
    return {
      forward: (ins) => map(op.forward(ins), (x) => x * k),
      local: (ins, y) =>
        op
          .local(
            ins,
            map(y, (x) => x / k),
          )
          .map((l) => (l === null ? null : map(l, (x) => x * k))),
      vjp: (ins, _y, up) => op.vjp(ins, op.forward(ins), up).map((d) => map(d, (x) => x * k)),
    };
  }
  if (scenario === "mean-vs-sum" && (opName === "sum" || opName === "mean")) return trueRule((opName === "sum" ? OPS.mean : OPS.sum) as Operation);
  if (!["wrong-log-base", "mean-vs-sum", "no-softmax"].includes(scenario)) return null;
  if (scenario === "no-softmax" && opName === "softmax") {
    return { forward: ([z]) => z!, local: () => [null], vjp: (_i, _y, up) => [up] };
  }
  if (scenario === "no-softmax" && opName === "cross_entropy") {
    return {
      forward: ([z, t]) => {
        const w = z!.shape[z!.shape.length - 1]!;
        const rows = z!.data.length / w;
        const out = Array.from({ length: rows }, (_, r) => {
          let s = 0;
          for (let j = 0; j < w; j++) if (t!.data[r * w + j] !== 0) s -= t!.data[r * w + j]! * Math.log(z!.data[r * w + j]!);
          return s;
        });
        return z!.shape.length === 1 ? scalar(out[0]!) : tensor([rows], out);
      },
      local: () => [null, null],
      vjp: ([z, t], _y, up) => {
        const w = z!.shape[z!.shape.length - 1]!;
        const dz = z!.data.map((zz, p) => (t!.data[p] === 0 ? 0 : (-up.data[Math.floor(p / w)]! * t!.data[p]!) / zz));
        const dt = z!.data.map((zz, p) => -up.data[Math.floor(p / w)]! * Math.log(zz));
        return [
          { shape: z!.shape, data: dz },
          { shape: t!.shape, data: dt },
        ];
      },
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// The simulated student

interface Injection {
  field: Field;
  node: number;
  k: number;
  kind: "local-not-chained" | "missing-fanout-sum" | "sign-flip" | "swapped" | "zero" | "transposed" | "value-for-gradient";
  /** For missing-fanout-sum: the one consumer edge left out (default: all but the first). */
  omit?: number;
}

interface Plan {
  scenario: string;
  code: string | null;
  fields: Field[];
  /** An operation swap made everywhere it applies (or only at `swapAt`). */
  swap?: Scenario;
  swapAt?: number;
  inject?: Injection;
  /** Round every written number to this many significant figures. */
  roundDigits?: number;
  /**
   * Carry every number on rounded to this many significant figures (early rounding); what is written
   * is the number computed before that rounding (then rounded to `roundDigits` if set).
   */
  carryDigits?: number;
  /** Cut the carried numbers to `carryDigits` instead of rounding them. */
  carryTruncated?: boolean;
  /** Write numbers as answer texts (fractions where exact, else 6 significant figures). */
  asText?: boolean;
  /** Write numbers as texts with exactly this many significant figures, trailing zeros kept ("1.6000"). */
  figures?: number;
  garbage?: { node: number; field: Field; text: string };
  blank?: { node: number; field: Field };
}

interface Work {
  value: Tensor[];
  grad: (Tensor | null)[];
  local: (Tensor | null)[][];
  downstream: (Tensor | null)[][];
}

function consumersOf(graph: Graph) {
  const c = graph.nodes.map(() => [] as { node: number; k: number }[]);
  graph.nodes.forEach((n, i) => n.inputs.forEach((j, k) => c[j]!.push({ node: i, k })));
  return c;
}

function referenceOf(ev: EvaluatedGraph): Work {
  return {
    value: ev.nodes.map((n) => n.value),
    grad: ev.nodes.map((n) => n.grad),
    local: ev.nodes.map((n) => n.edges.map((e) => e.local)),
    downstream: ev.nodes.map((n) => n.edges.map((e) => e.downstream)),
  };
}

/** The student's own numbers: every quantity computed by their rules, with the planned mistake. */
function studentWork(graph: Graph, ref: Work, plan: Plan): { carried: Work; shown: Work } {
  const n = graph.nodes.length;
  const blank = (): Work => ({
    value: [],
    grad: new Array(n).fill(null),
    local: graph.nodes.map((x) => x.inputs.map(() => null)),
    downstream: graph.nodes.map((x) => x.inputs.map(() => null)),
  });
  // `w` holds what the student carries on with, `shown` what they computed (and write).
  const w = blank();
  const shown = blank();
  const keep = (t: Tensor) =>
    plan.carryDigits === undefined ? t : map(t, (x) => (plan.carryTruncated ? truncateTo(x, plan.carryDigits!) : roundTo(x, plan.carryDigits!)));
  const at = (field: Field, i: number, k = -1) => plan.inject !== undefined && plan.inject.field === field && plan.inject.node === i && plan.inject.k === k;
  const ruleOf = (i: number): Rule => {
    const op = graph.nodes[i]!.op as Operation;
    const swapped = plan.swap !== undefined && (plan.swapAt === undefined || plan.swapAt === i) ? wrongRule(plan.swap, graph, i) : null;
    return swapped ?? trueRule(op);
  };
  graph.nodes.forEach((node, i) => {
    if (node.op.kind === "leaf") {
      w.value[i] = shown.value[i] = node.value!;
      return;
    }
    const rule = ruleOf(i);
    const ins = node.inputs.map((j) => w.value[j]!);
    let y = rule.forward(ins);
    if (at("value", i) && plan.inject!.kind === "sign-flip") y = map(y, (x) => -x);
    shown.value[i] = y;
    w.value[i] = keep(y);
    node.inputs.forEach((_, k) => {
      if (ref.local[i]![k] == null) return;
      const l = rule.local(ins, w.value[i]!)[k];
      shown.local[i]![k] = l ?? null;
      w.local[i]![k] = l == null ? null : keep(l);
    });
  });
  const consumers = consumersOf(graph);
  for (let i = n - 1; i >= 0; i--) {
    const node = graph.nodes[i]!;
    if (ref.grad[i] == null) continue;
    const base = i === graph.output.index ? filled(node.shape, 1) : zeros(node.shape);
    let g = base;
    for (const c of consumers[i]!) if (w.downstream[c.node]![c.k] != null) g = plus(g, w.downstream[c.node]![c.k]!);
    if (at("grad", i)) {
      const kind = plan.inject!.kind;
      const c = consumers[i]!;
      if (kind === "local-not-chained") g = w.local[c[0]!.node]![c[0]!.k]!;
      if (kind === "missing-fanout-sum") {
        const omit = plan.inject!.omit;
        g = base;
        c.forEach((e, n) => {
          if (omit === undefined ? n === 0 : n !== omit) g = plus(g, w.downstream[e.node]![e.k]!);
        });
      }
      if (kind === "sign-flip") g = map(g, (x) => -x);
      if (kind === "zero") g = zeros(node.shape);
      if (kind === "transposed") g = transpose(g);
      if (kind === "value-for-gradient") g = w.value[i]!;
    }
    shown.grad[i] = g;
    w.grad[i] = keep(g);
    if (node.op.kind === "leaf") continue;
    const rule = ruleOf(i);
    const ins = node.inputs.map((j) => w.value[j]!);
    node.inputs.forEach((j, k) => {
      if (ref.downstream[i]![k] == null) return;
      const elementwise = (node.op as Operation).kind === "elementwise" && !plan.swap;
      let d =
        elementwise && w.local[i]![k] != null
          ? downstreamFromLocal(w.local[i]![k]!, w.grad[i]!, graph.nodes[j]!.shape)
          : rule.vjp(ins, w.value[i]!, w.grad[i]!)[k]!;
      if (at("downstream", i, k)) {
        const kind = plan.inject!.kind;
        d = kind === "swapped" ? w.grad[i]! : kind === "sign-flip" ? map(d, (x) => -x) : kind === "value-for-gradient" ? w.value[i]! : w.local[i]![k]!;
      }
      shown.downstream[i]![k] = d;
      w.downstream[i]![k] = keep(d);
    });
  }
  return { carried: w, shown };
}

function transpose(t: Tensor): Tensor {
  const [m, k] = t.shape as [number, number];
  return tensor(
    [k, m],
    Array.from({ length: m * k }, (_, p) => t.data[(p % m) * k + Math.floor(p / m)]!),
  );
}

function fraction(x: number): string | null {
  for (const d of [1, 2, 4, 8]) {
    const k = x * d;
    if (Number.isInteger(k) && Math.abs(k) < 1000) return d === 1 ? String(k) : `${k}/${d}`;
  }
  return null;
}

/** x with exactly `figures` significant figures, trailing zeros kept, as a student who keeps them writes it. */
const figuresText = (x: number, figures: number) => (x === 0 ? "0" : roundTo(x, figures).toPrecision(figures));

function written(t: Tensor, plan: Plan): unknown {
  const r = plan.roundDigits === undefined ? t : map(t, (x) => roundTo(x, plan.roundDigits!));
  if (!plan.asText && plan.figures === undefined) return toNested(r);
  const text = (x: number) => (plan.figures !== undefined ? figuresText(x, plan.figures) : (fraction(x) ?? String(Number(x.toPrecision(6)))));
  if (r.shape.length === 0) return text(r.data[0]!);
  return JSON.parse(JSON.stringify(toNested(r), (_k, v: unknown) => (typeof v === "number" ? text(v) : v)));
}

/** What the grading rules say about each asked field (this file's statement of them). */
function label(graph: Graph, ref: Work, plan: Plan, entries: Map<string, Tensor | "blank" | "garbage">): LabelledField[] {
  const key = (field: Field, i: number, k: number) => `${field}:${i}:${k}`;
  const asked = new Set<string>();
  const order: { field: Field; i: number; k: number }[] = [];
  graph.nodes.forEach((node, i) => {
    if (node.op.name === "const") return;
    const ask = (field: Field, k: number) => {
      asked.add(key(field, i, k));
      order.push({ field, i, k });
    };
    if (plan.fields.includes("value")) ask("value", -1);
    if (plan.fields.includes("grad") && ref.grad[i] != null) ask("grad", -1);
    node.inputs.forEach((j, k) => {
      if (graph.nodes[j]!.op.name === "const") return;
      if (plan.fields.includes("local") && ref.local[i]![k] != null) ask("local", k);
      if (plan.fields.includes("downstream") && ref.downstream[i]![k] != null) ask("downstream", k);
    });
  });
  const V = new Map<string, Tensor>();
  const right = new Map<string, boolean>();
  const sources = new Map<string, string[]>();
  const group = (k: string) => (k.startsWith("value:") ? "value" : "gradient");
  const labels = new Map<string, { label: Label; code: string | null }>();
  const refOf = (field: Field, i: number, k: number) =>
    (field === "value" ? ref.value[i] : field === "grad" ? ref.grad[i] : field === "local" ? ref.local[i]![k] : ref.downstream[i]![k])!;
  /** Settles one quantity from what follows from the numbers before it (`honest`, null if not computable). */
  const settle = (field: Field, i: number, k: number, honest: Tensor | null, deps: string[]) => {
    const kk = key(field, i, k);
    const depsRight = deps.every((d) => right.get(d) ?? true);
    const r = refOf(field, i, k);
    const from = [...new Set(deps.flatMap((d) => sources.get(d) ?? []))];
    if (!asked.has(kk)) {
      V.set(kk, honest ?? r);
      right.set(kk, depsRight && honest !== null);
      sources.set(kk, from);
      return;
    }
    const e = entries.get(kk)!;
    if (e === "blank" || e === "garbage") {
      labels.set(kk, { label: e === "blank" ? "missing" : "invalid", code: null });
      V.set(kk, r);
      right.set(kk, true);
      sources.set(kk, []);
      return;
    }
    V.set(kk, e);
    sources.set(kk, [kk]);
    let l: Label;
    if (closeT(r, e)) l = "correct";
    else if (honest !== null && closeT(honest, e)) {
      const refOfKey = (s: string) => {
        const [f, a, b] = s.split(":");
        return refOf(f as Field, Number(a), Number(b));
      };
      const all = (t: Tensor, c: number) => t.data.every((x) => close(c, x));
      const neutral = from.some((s) => right.get(s) === false && [0, 1].some((c) => all(V.get(s)!, c) && !all(refOfKey(s), c)));
      const copied =
        neutral &&
        from.some((s) => {
          const sr = refOfKey(s);
          return group(s) === group(kk) && right.get(s) === false && closeT(V.get(s)!, e) && !(sr.data.length === r.data.length && closeT(sr, r));
        });
      const zeroed = from.some((s) => {
        const [f, a, b] = s.split(":");
        return right.get(s) === false && zeroT(V.get(s)!) && !zeroT(refOf(f as Field, Number(a), Number(b)));
      });
      l = depsRight ? "correct" : (zeroed && zeroT(honest) && !zeroT(r)) || copied ? "no-credit" : "carried";
    } else l = "mistake";
    right.set(kk, l === "correct");
    const negated = (t: Tensor | null) =>
      t !== null &&
      !zeroT(t) &&
      closeT(
        map(t, (x) => -x),
        e,
      );
    labels.set(kk, { label: l, code: l !== "mistake" ? null : negated(r) || negated(honest) ? "sign-flip" : plan.code });
  };
  const safe = (f: () => Tensor | null | undefined): Tensor | null => {
    try {
      const t = f();
      return t != null && t.data.every(Number.isFinite) ? t : null;
    } catch {
      return null;
    }
  };
  const val = (j: number) => V.get(key("value", j, -1))!;
  graph.nodes.forEach((node, i) => {
    if (node.op.kind === "leaf") return settle("value", i, -1, node.value, []);
    const op = node.op;
    const ins = node.inputs.map(val);
    const deps = node.inputs.map((j) => key("value", j, -1));
    settle(
      "value",
      i,
      -1,
      safe(() => (op.domainError(ins) === null ? op.forward(ins) : null)),
      deps,
    );
    node.inputs.forEach((_, k) => {
      if (ref.local[i]![k] == null) return;
      settle(
        "local",
        i,
        k,
        safe(() => op.local(ins, val(i))[k]),
        [...deps, key("value", i, -1)],
      );
    });
  });
  const consumers = consumersOf(graph);
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i]!;
    if (ref.grad[i] != null) {
      let g = i === graph.output.index ? filled(node.shape, 1) : zeros(node.shape);
      const deps: string[] = [];
      for (const c of consumers[i]!) {
        const d = V.get(key("downstream", c.node, c.k));
        if (d === undefined) continue;
        g = plus(g, d);
        deps.push(key("downstream", c.node, c.k));
      }
      settle("grad", i, -1, g, deps);
    }
    if (node.op.kind === "leaf") continue;
    const op = node.op;
    const ins = node.inputs.map(val);
    const g = V.get(key("grad", i, -1)) ?? ref.grad[i]!;
    node.inputs.forEach((j, k) => {
      if (ref.downstream[i]![k] == null) return;
      const l = V.get(key("local", i, k));
      const honest =
        l !== undefined && op.kind === "elementwise"
          ? safe(() => downstreamFromLocal(l, g, graph.nodes[j]!.shape))
          : l !== undefined && l.data.length === 1 && g.data.length === 1
            ? map(l, (x) => x * g.data[0]!)
            : safe(() => op.vjp(ins, val(i), g)[k]);
      const deps = [key("grad", i, -1), l !== undefined ? key("local", i, k) : key("value", i, -1)];
      settle("downstream", i, k, honest, deps);
    });
  }
  return order.map(({ field, i, k }) => {
    const node = graph.nodes[i]!;
    const { label: l, code } = labels.get(key(field, i, k))!;
    return { node: node.id, field, from: k >= 0 ? graph.nodes[node.inputs[k]!]!.id : null, label: l, code };
  });
}

/** The submission, or null when the simulated student's numbers leave the domain (a log of a negative...). */
function annotate(name: string, graph: Graph, ev: EvaluatedGraph, plan: Plan, id: () => string): AnnotationItem | null {
  const ref = referenceOf(ev);
  let w: Work;
  try {
    w = studentWork(graph, ref, plan).shown;
  } catch {
    return null;
  }
  let finite = true;
  const answers: AnnotationItem["answers"] = { nodes: {} };
  const entries = new Map<string, Tensor | "blank" | "garbage">();
  graph.nodes.forEach((node, i) => {
    if (node.op.name === "const") return;
    const slot: AnnotationItem["answers"]["nodes"][string] = {};
    const put = (field: Field, k: number, t: Tensor | null) => {
      if (t === null || !plan.fields.includes(field)) return;
      const kk = `${field}:${i}:${k}`;
      // The problem's own data (input values) are copied, not rounded.
      const leaf = field === "value" && node.op.kind === "leaf";
      const as: Plan = leaf ? { ...plan, roundDigits: undefined, figures: undefined } : plan;
      if (!t.data.every(Number.isFinite)) finite = false;
      let out: unknown = written(t, as);
      const shown = as.roundDigits === undefined ? t : map(t, (x) => roundTo(x, as.roundDigits!));
      entries.set(kk, shown);
      if (plan.garbage && plan.garbage.node === i && plan.garbage.field === field && k < 0) {
        out = plan.garbage.text;
        entries.set(kk, "garbage");
      }
      if (plan.blank && plan.blank.node === i && plan.blank.field === field && k < 0) {
        out = null;
        entries.set(kk, "blank");
      }
      if (k < 0) (slot as Record<string, unknown>)[field] = out;
      else {
        const from = graph.nodes[node.inputs[k]!]!.id;
        slot.edges ??= {};
        slot.edges[from] ??= {};
        (slot.edges[from] as Record<string, unknown>)[field] = out;
      }
    };
    put("value", -1, w.value[i]!);
    put("grad", -1, w.grad[i] ?? null);
    node.inputs.forEach((j, k) => {
      if (graph.nodes[j]!.op.name === "const") return;
      put("local", k, w.local[i]![k] ?? null);
      put("downstream", k, w.downstream[i]![k] ?? null);
    });
    answers.nodes[node.id] = slot;
  });
  if (!finite) return null;
  return { id: id(), kind: "annotations", graph: name, scenario: plan.scenario, fields: plan.fields, answers, labels: label(graph, ref, plan, entries) };
}

// ---------------------------------------------------------------------------------------------------
// Where each structural mistake is made

function sites(graph: Graph, ref: Work, kind: Injection["kind"]): Injection[] {
  const consumers = consumersOf(graph);
  const out: Injection[] = [];
  const dependent = (i: number) => graph.nodes[i]!.op.name !== "const";
  graph.nodes.forEach((node, i) => {
    if (!dependent(i) || ref.grad[i] == null) return;
    const c = consumers[i]!.filter((e) => dependent(e.node));
    const g = ref.grad[i];
    if (kind === "local-not-chained" && c.length === 1) {
      const l = ref.local[c[0]!.node]![c[0]!.k];
      if (l != null && l.data.length === g.data.length && !closeT(g, l)) out.push({ field: "grad", node: i, k: -1, kind });
    }
    if (kind === "missing-fanout-sum" && consumers[i]!.length >= 2) {
      const part = ref.downstream[consumers[i]![0]!.node]![consumers[i]![0]!.k];
      if (part != null && !closeT(g, part)) out.push({ field: "grad", node: i, k: -1, kind });
    }
    if (kind === "sign-flip" && !zeroT(g) && i !== graph.output.index) out.push({ field: "grad", node: i, k: -1, kind });
    if (kind === "swapped" && node.op.kind !== "leaf") {
      node.inputs.forEach((j, k) => {
        const d = ref.downstream[i]![k];
        if (dependent(j) && d != null && d.data.length === g.data.length && !closeT(g, d)) out.push({ field: "downstream", node: i, k, kind });
      });
    }
    // A matrix input's gradient given transposed (where that changes it).
    if (kind === "transposed" && node.op.kind === "leaf" && g.shape.length === 2 && !closeT(g, transpose(g))) out.push({ field: "grad", node: i, k: -1, kind });
    // The node's value written as its gradient.
    if (kind === "value-for-gradient" && i !== graph.output.index && !closeT(g, ref.value[i]!)) out.push({ field: "grad", node: i, k: -1, kind });
  });
  return out;
}

/** Edges where a minus sign is lost naturally: a subtraction's second input, a negation's input. */
function minusEdges(graph: Graph, ref: Work): Injection[] {
  const out: Injection[] = [];
  graph.nodes.forEach((node, i) => {
    const k = node.op.name === "sub" ? 1 : node.op.name === "neg" ? 0 : -1;
    if (k < 0 || graph.nodes[node.inputs[k]!]!.op.name === "const") return;
    const d = ref.downstream[i]![k];
    if (d != null && !zeroT(d)) out.push({ field: "downstream", node: i, k, kind: "sign-flip" });
  });
  return out;
}

/** Where a rule swap applies. */
function swapTargets(graph: Graph, scenario: Scenario): number[] {
  return graph.nodes.filter((n) => n.op.kind !== "leaf" && wrongRule(scenario, graph, n.index) !== null).map((n) => n.index);
}

// ---------------------------------------------------------------------------------------------------

const GARBAGE = ["0.5.3", "abc", "[1, 2", "2 3", "1/0", "ln(-1)", "sqrt(", "e^"];

function valueItems(g: CorpusGraph, graph: Graph, ev: EvaluatedGraph, next: () => string): ValueItem[] {
  const ref = referenceOf(ev);
  const out = ev.outputValue;
  const items: ValueItem[] = [];
  const item = (scenario: string, answer: unknown, label: Label, code: string | null) =>
    items.push({ id: next(), kind: "value", graph: g.name, scenario, answer, label, code });
  const shown = (t: Tensor, digits: number) => toNested(map(t, (x) => roundTo(x, digits)));
  item("correct-full", toNested(out), "correct", null);
  for (const d of [4, 5, 6]) item(`correct-${d}sf`, JSON.stringify(shown(out, d)).replace(/^"|"$/g, ""), "correct", null);
  for (const e of g.expressions ?? []) item("correct-expression", e, "correct", null);
  const labelled = (scenario: string, t: Tensor, code: string) =>
    item(scenario, toNested(t), closeT(out, t) ? "correct" : "mistake", closeT(out, t) ? null : code);
  for (const m of g.mistakes) {
    if (m === "wrong-log-base" || m === "mean-vs-sum" || m === "no-softmax") {
      const w = studentWork(graph, ref, { scenario: m, code: m, fields: ["value"], swap: m }).shown;
      labelled(m, w.value[graph.output.index]!, m);
    }
    if (m === "sign-flip")
      labelled(
        m,
        map(out, (x) => -x),
        m,
      );
    if (m === "early-rounding") {
      // Intermediates carried on rounded; the answer written with 5 significant figures.
      for (const digits of [2, 3]) {
        const w = studentWork(graph, ref, { scenario: m, code: m, fields: ["value"], carryDigits: digits }).shown;
        const answer = map(w.value[graph.output.index]!, (x) => roundTo(x, 5));
        const label = closeT(out, answer) ? "correct" : "mistake";
        item(`early-rounding-${digits}sf`, figuresText(answer.data[0]!, 5), label, label === "mistake" ? m : null);
      }
    }
  }
  if (g.alternative) {
    const alt = evaluateSource(g.alternative.source).evaluated.outputValue;
    labelled("problem-alternative", alt, g.alternative.code);
  }
  for (const text of GARBAGE.slice(0, 4)) item("garbage", text, "invalid", null);
  item("blank", "", "missing", null);
  return items;
}

function annotationItems(g: CorpusGraph, graph: Graph, ev: EvaluatedGraph, next: () => string): AnnotationItem[] {
  const ref = referenceOf(ev);
  const items: AnnotationItem[] = [];
  const add = (plan: Plan) => {
    const item = annotate(g.name, graph, ev, plan, next);
    if (item !== null) items.push(item);
  };
  const VG: Field[] = ["value", "grad"];
  const ALL: Field[] = ["value", "grad", "local", "downstream"];
  add({ scenario: "correct", code: null, fields: VG });
  add({ scenario: "correct-4sf-text", code: null, fields: VG, roundDigits: 4, asText: true });
  add({ scenario: "correct-5sf-propagated", code: null, fields: VG, roundDigits: 5, carryDigits: 5 });
  add({ scenario: "correct-all-fields", code: null, fields: ALL, roundDigits: 6 });
  const dependent = graph.nodes.filter((n) => n.op.name !== "const" && n.op.kind !== "leaf").map((n) => n.index);
  const mid = dependent[Math.floor(dependent.length / 2)]!;
  add({
    scenario: "garbage-and-blank",
    code: null,
    fields: VG,
    garbage: { node: mid, field: "value", text: GARBAGE[(mid * 7) % GARBAGE.length]! },
    blank: { node: dependent[0]!, field: "grad" },
  });
  add({ scenario: "zero-output-gradient", code: null, fields: VG, inject: { field: "grad", node: graph.output.index, k: -1, kind: "zero" } });
  for (const m of g.mistakes) {
    if (m === "wrong-log-base" || m === "mean-vs-sum" || m === "no-softmax") {
      add({ scenario: m, code: m, fields: VG, swap: m });
      add({ scenario: `${m}-all-fields`, code: m, fields: ALL, swap: m });
      add({ scenario: `${m}-4sf`, code: m, fields: VG, swap: m, roundDigits: 4, asText: true });
    }
    if (m === "mul-inputs-swapped" || m === "missing-one-over-n") {
      const targets = swapTargets(graph, m);
      if (targets.length === 0) continue;
      add({ scenario: m, code: m, fields: VG, swap: m });
      add({ scenario: `${m}-all-fields`, code: m, fields: ALL, swap: m });
      if (targets.length >= 2) add({ scenario: `${m}@${graph.nodes[targets[0]!]!.id}`, code: m, fields: VG, swap: m, swapAt: targets[0] });
    }
    if (m === "early-rounding") {
      // Every number carried on rounded, each answer written with 5 significant figures of what was computed.
      // (written as texts with their 5 figures, "1.6000", so an answer is never short of digits)
      add({ scenario: "early-rounding-2sf", code: m, fields: VG, carryDigits: 2, roundDigits: 5, figures: 5 });
      add({ scenario: "early-rounding-3sf", code: m, fields: VG, carryDigits: 3, roundDigits: 5, figures: 5 });
      add({ scenario: "early-rounding-3sf-truncated", code: m, fields: VG, carryDigits: 3, carryTruncated: true, roundDigits: 5, figures: 5 });
    }
    const kind: Injection["kind"] | null =
      m === "local-not-chained" || m === "missing-fanout-sum" || m === "sign-flip" || m === "transposed" || m === "value-for-gradient"
        ? m
        : m === "upstream-downstream-swapped"
          ? "swapped"
          : null;
    if (kind === null) continue;
    const found = sites(graph, ref, kind);
    const picks = kind === "sign-flip" ? found.slice(-2) : found.slice(0, 3);
    for (const site of picks) {
      add({ scenario: `${m}@${graph.nodes[site.node]!.id}`, code: m, fields: kind === "swapped" ? ALL : VG, inject: site });
      if (kind !== "swapped") add({ scenario: `${m}@${graph.nodes[site.node]!.id}-all-fields`, code: m, fields: ALL, inject: site });
    }
    if (m === "sign-flip") {
      const v = dependent.find((i) => i !== graph.output.index && !zeroT(ref.value[i]!));
      if (v !== undefined)
        add({ scenario: `sign-flip-value@${graph.nodes[v]!.id}`, code: m, fields: VG, inject: { field: "value", node: v, k: -1, kind: "sign-flip" } });
      // A minus lost on an edge that is not asked, every path summed correctly after it.
      for (const site of minusEdges(graph, ref).slice(0, 3)) {
        const node = graph.nodes[site.node]!;
        add({ scenario: `sign-flip-edge@${node.id}->${graph.nodes[node.inputs[site.k]!]!.id}`, code: m, fields: VG, inject: site });
      }
    }
    if (m === "value-for-gradient") {
      // What a node sends back along an edge written as the node's own value.
      const edges: Injection[] = [];
      graph.nodes.forEach((node, i) =>
        node.inputs.forEach((j, k) => {
          const d = ref.downstream[i]![k];
          if (graph.nodes[j]!.op.name !== "const" && d != null && shapesEqual(d.shape, node.shape) && !closeT(d, ref.value[i]!))
            edges.push({ field: "downstream", node: i, k, kind });
        }),
      );
      for (const site of edges.slice(0, 2)) add({ scenario: `value-for-gradient-edge@${graph.nodes[site.node]!.id}`, code: m, fields: ALL, inject: site });
    }
  }
  return items;
}

/**
 * A gradient asked alone (one input's ∂L/∂x, as a numeric part asks it), after a slip at a step the
 * student does not show: one of a fan-out node's edges left out of its sum, a sign lost on a gradient or
 * on a subtraction's edge, a derivative rule done wrong everywhere, or intermediates rounded early.
 */
function gradientItems(g: CorpusGraph, graph: Graph, ev: EvaluatedGraph, next: () => string): GradientItem[] {
  const ref = referenceOf(ev);
  const items: GradientItem[] = [];
  const inputs = graph.nodes.filter((n) => n.op.name === "input" && ref.grad[n.index] != null).map((n) => n.index);
  const answers: { item: GradientItem; t: Tensor }[] = [];
  /** The answer rounded to `digits` figures; as a text with all of them when `plan.figures` is set. */
  const ask = (plan: Plan, digits: number) => {
    let w: Work;
    try {
      w = studentWork(graph, ref, plan).shown;
    } catch {
      return;
    }
    for (const i of inputs) {
      const r = ref.grad[i]!;
      const t = map(w.grad[i]!, (x) => roundTo(x, digits));
      if (!t.data.every(Number.isFinite)) continue;
      const mistake = !closeT(r, t);
      const code = !mistake
        ? null
        : !zeroT(r) &&
            closeT(
              map(r, (x) => -x),
              t,
            )
          ? "sign-flip"
          : plan.code;
      const answer = plan.figures === undefined ? toNested(t) : written(t, plan);
      const item: GradientItem = {
        id: next(),
        kind: "gradient",
        graph: g.name,
        scenario: plan.scenario,
        node: graph.nodes[i]!.id,
        answer,
        label: mistake ? "mistake" : "correct",
        code,
      };
      answers.push({ item, t });
      items.push(item);
    }
  };
  const G: Field[] = ["grad"];
  const consumers = consumersOf(graph);
  const hiddenNodes = graph.nodes.filter((n) => n.op.kind !== "leaf" && ref.grad[n.index] != null && n.index !== graph.output.index);
  for (const m of g.mistakes) {
    if (m === "missing-fanout-sum") {
      // One use forgotten, at a node not shown or at the answered input itself.
      const fanOut = [...hiddenNodes.map((n) => n.index), ...inputs].filter((i) => consumers[i]!.length >= 2);
      for (const i of fanOut) {
        consumers[i]!.forEach((_, e) =>
          ask(
            {
              scenario: `fanout@${graph.nodes[i]!.id}-without-edge-${e}`,
              code: m,
              fields: G,
              inject: { field: "grad", node: i, k: -1, kind: "missing-fanout-sum", omit: e },
            },
            6,
          ),
        );
      }
    }
    if (m === "sign-flip") {
      for (const site of minusEdges(graph, ref).slice(0, 3))
        ask({ scenario: `hidden-sign-edge@${graph.nodes[site.node]!.id}`, code: m, fields: G, inject: site }, 6);
      for (const n of hiddenNodes.filter((x) => !zeroT(ref.grad[x.index]!))) {
        ask({ scenario: `hidden-sign@${n.id}`, code: m, fields: G, inject: { field: "grad", node: n.index, k: -1, kind: "sign-flip" } }, 6);
      }
    }
    if (m === "mul-inputs-swapped" || m === "missing-one-over-n") {
      // Everywhere, and at each node alone when there are several.
      const targets = swapTargets(graph, m);
      if (targets.length > 0) ask({ scenario: `hidden-${m}`, code: m, fields: G, swap: m }, 6);
      if (targets.length >= 2) for (const t of targets) ask({ scenario: `hidden-${m}@${graph.nodes[t]!.id}`, code: m, fields: G, swap: m, swapAt: t }, 6);
    }
    if (m === "early-rounding") for (const d of [2, 3]) ask({ scenario: `hidden-early-rounding-${d}sf`, code: m, fields: G, carryDigits: d, figures: 5 }, 5);
  }
  const mistakes = answers.filter((a) => a.item.label === "mistake");
  const alike = mistakes.map(({ item, t }) => new Set(mistakes.filter((o) => o.item.node === item.node && closeT(o.t, t)).map((o) => o.item.code!)));
  mistakes.forEach(({ item }, n) => {
    if (alike[n]!.size > 1) Object.assign(item, { label: "ambiguous", code: null, codes: [...alike[n]!].sort() });
  });
  return items;
}

export function generate(): CorpusItem[] {
  const items: CorpusItem[] = [];
  let n = 0;
  const next = () => `c${String(++n).padStart(4, "0")}`;
  for (const g of CORPUS_GRAPHS) {
    const { graph, evaluated } = evaluateSource(g.source);
    items.push(...valueItems(g, graph, evaluated, next), ...annotationItems(g, graph, evaluated, next), ...gradientItems(g, graph, evaluated, next));
  }
  return items;
}

if (process.argv[1] !== undefined && path.basename(process.argv[1]) === "generate.ts") {
  const items = generate();
  const file = path.join(path.dirname(process.argv[1]), "corpus.json");
  writeFileSync(file, `${JSON.stringify({ generator: "tests/grading-corpus/generate.ts", items }, null, 1)}\n`);
  const fields = items.reduce((s, it) => s + (it.kind === "annotations" ? it.labels.length : 1), 0);
  process.stdout.write(`wrote ${items.length} submissions (${fields} graded fields) over ${CORPUS_GRAPHS.length} graphs to ${file}\n`);
}
