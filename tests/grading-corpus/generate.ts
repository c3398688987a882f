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
 *   mistake    anything else: the injected mistake's code is the label;
 *   invalid / missing  garbage / blank.
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
  tensor,
  toNested,
  zeros,
} from "../../lib/autograd";
import { evaluateSource } from "../../lib/graph-lang";
import { CORPUS_GRAPHS, type CorpusGraph, type Scenario } from "./graphs";

type Field = "value" | "grad" | "local" | "downstream";
type Label = "correct" | "carried" | "no-credit" | "mistake" | "invalid" | "missing";

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

export type CorpusItem = AnnotationItem | ValueItem;

// ---------------------------------------------------------------------------------------------------
// Numbers

const close = (ref: number, x: number) => Math.abs(x - ref) <= Math.max(1e-3 * Math.abs(ref), 1e-6) || Math.abs(x - ref) <= 1e-12;
const closeT = (a: Tensor, b: Tensor) => a.data.length === b.data.length && a.data.every((x, i) => close(x, b.data[i]!));
const zeroT = (a: Tensor) => a.data.every((x) => close(0, x));
const map = (t: Tensor, f: (x: number) => number): Tensor => ({ shape: t.shape, data: t.data.map(f) });
const plus = (a: Tensor, b: Tensor): Tensor => ({ shape: a.shape, data: a.data.map((x, i) => x + b.data[i]!) });
const roundTo = (x: number, digits: number) => (x === 0 ? 0 : Number(x.toPrecision(digits)));

// ---------------------------------------------------------------------------------------------------
// The wrong operations a student may use (written here from their definitions, not taken from lib/grading)

interface Rule {
  forward(ins: readonly Tensor[]): Tensor;
  local(ins: readonly Tensor[], y: Tensor): (Tensor | null)[];
  vjp(ins: readonly Tensor[], y: Tensor, up: Tensor): Tensor[];
}

const trueRule = (op: Operation): Rule => ({ forward: op.forward, local: op.local, vjp: op.vjp });

function wrongRule(scenario: Scenario, opName: string): Rule | null {
  const op = OPS[opName as keyof typeof OPS] as Operation;
  if (scenario === "wrong-log-base" && ["log", "cross_entropy", "log_softmax"].includes(opName)) {
    const k = 1 / Math.LN10;
    return {
      forward: (ins) => map(op.forward(ins), (x) => x * k),
      local: (ins, y) => op.local(ins, map(y, (x) => x / k)).map((l) => (l === null ? null : map(l, (x) => x * k))),
      vjp: (ins, _y, up) => op.vjp(ins, op.forward(ins), up).map((d) => map(d, (x) => x * k)),
    };
  }
  if (scenario === "mean-vs-sum" && (opName === "sum" || opName === "mean")) return trueRule((opName === "sum" ? OPS.mean : OPS.sum) as Operation);
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
  kind: "local-not-chained" | "missing-fanout-sum" | "sign-flip" | "swapped" | "zero";
}

interface Plan {
  scenario: string;
  code: string | null;
  fields: Field[];
  /** An operation swap made everywhere it applies. */
  swap?: Scenario;
  inject?: Injection;
  /** Round every written number to this many significant figures. */
  roundDigits?: number;
  /** Use the rounded numbers in later steps (early rounding) instead of only writing them rounded. */
  propagateRounding?: boolean;
  /** Write numbers as answer texts (fractions where exact, else 6 significant figures). */
  asText?: boolean;
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
function studentWork(graph: Graph, ref: Work, plan: Plan): Work {
  const n = graph.nodes.length;
  const w: Work = { value: [], grad: new Array(n).fill(null), local: graph.nodes.map((x) => x.inputs.map(() => null)), downstream: graph.nodes.map((x) => x.inputs.map(() => null)) };
  const keep = (t: Tensor) => (plan.propagateRounding ? map(t, (x) => roundTo(x, plan.roundDigits!)) : t);
  const at = (field: Field, i: number, k = -1) => plan.inject !== undefined && plan.inject.field === field && plan.inject.node === i && plan.inject.k === k;
  const ruleOf = (i: number): Rule => {
    const op = graph.nodes[i]!.op as Operation;
    return (plan.swap && wrongRule(plan.swap, op.name)) || trueRule(op);
  };
  graph.nodes.forEach((node, i) => {
    if (node.op.kind === "leaf") {
      w.value[i] = node.value!;
      return;
    }
    const rule = ruleOf(i);
    const ins = node.inputs.map((j) => w.value[j]!);
    let y = rule.forward(ins);
    if (at("value", i) && plan.inject!.kind === "sign-flip") y = map(y, (x) => -x);
    w.value[i] = keep(y);
    node.inputs.forEach((_, k) => {
      if (ref.local[i]![k] == null) return;
      const l = rule.local(ins, w.value[i]!)[k];
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
      if (kind === "missing-fanout-sum") g = plus(base, w.downstream[c[0]!.node]![c[0]!.k]!);
      if (kind === "sign-flip") g = map(g, (x) => -x);
      if (kind === "zero") g = zeros(node.shape);
    }
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
      if (at("downstream", i, k)) d = plan.inject!.kind === "swapped" ? w.grad[i]! : w.local[i]![k]!;
      w.downstream[i]![k] = keep(d);
    });
  }
  return w;
}

function fraction(x: number): string | null {
  for (const d of [1, 2, 4, 8]) {
    const k = x * d;
    if (Number.isInteger(k) && Math.abs(k) < 1000) return d === 1 ? String(k) : `${k}/${d}`;
  }
  return null;
}

function written(t: Tensor, plan: Plan): unknown {
  const r = plan.roundDigits === undefined ? t : map(t, (x) => roundTo(x, plan.roundDigits!));
  if (!plan.asText) return toNested(r);
  const text = (x: number) => fraction(x) ?? String(Number(x.toPrecision(6)));
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
    }
    else l = "mistake";
    right.set(kk, l === "correct");
    labels.set(kk, { label: l, code: l === "mistake" ? plan.code : null });
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
    if (node.op.kind === "leaf") return settle("value", i, -1, node.value!, []);
    const op = node.op as Operation;
    const ins = node.inputs.map(val);
    const deps = node.inputs.map((j) => key("value", j, -1));
    settle("value", i, -1, safe(() => (op.domainError(ins) === null ? op.forward(ins) : null)), deps);
    node.inputs.forEach((_, k) => {
      if (ref.local[i]![k] == null) return;
      settle("local", i, k, safe(() => op.local(ins, val(i))[k]), [...deps, key("value", i, -1)]);
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
    const op = node.op as Operation;
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
    w = studentWork(graph, ref, plan);
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
      const as: Plan = leaf ? { ...plan, roundDigits: undefined } : plan;
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
    const g = ref.grad[i]!;
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
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------

const GARBAGE = ["0.5.3", "abc", "[1, 2", "2 3", "1/0", "ln(-1)", "sqrt(", "e^"];

function valueItems(g: CorpusGraph, graph: Graph, ev: EvaluatedGraph, next: () => string): ValueItem[] {
  const ref = referenceOf(ev);
  const out = ev.outputValue;
  const items: ValueItem[] = [];
  const item = (scenario: string, answer: unknown, label: Label, code: string | null) => items.push({ id: next(), kind: "value", graph: g.name, scenario, answer, label, code });
  const shown = (t: Tensor, digits: number) => toNested(map(t, (x) => roundTo(x, digits)));
  item("correct-full", toNested(out), "correct", null);
  for (const d of [4, 5, 6]) item(`correct-${d}sf`, JSON.stringify(shown(out, d)).replace(/^"|"$/g, ""), "correct", null);
  for (const e of g.expressions ?? []) item("correct-expression", e, "correct", null);
  const labelled = (scenario: string, t: Tensor, code: string) => item(scenario, toNested(t), closeT(out, t) ? "correct" : "mistake", closeT(out, t) ? null : code);
  for (const m of g.mistakes) {
    if (m === "wrong-log-base" || m === "mean-vs-sum" || m === "no-softmax") {
      const w = studentWork(graph, ref, { scenario: m, code: m, fields: ["value"], swap: m });
      labelled(m, w.value[graph.output.index]!, m);
    }
    if (m === "sign-flip") labelled(m, map(out, (x) => -x), m);
    if (m === "early-rounding") {
      for (const digits of [2, 3]) {
        const w = studentWork(graph, ref, { scenario: m, code: m, fields: ["value"], roundDigits: digits, propagateRounding: true });
        labelled(`early-rounding-${digits}sf`, w.value[graph.output.index]!, m);
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
  add({ scenario: "correct-5sf-propagated", code: null, fields: VG, roundDigits: 5, propagateRounding: true });
  add({ scenario: "correct-all-fields", code: null, fields: ALL, roundDigits: 6 });
  const dependent = graph.nodes.filter((n) => n.op.name !== "const" && n.op.kind !== "leaf").map((n) => n.index);
  const mid = dependent[Math.floor(dependent.length / 2)]!;
  add({ scenario: "garbage-and-blank", code: null, fields: VG, garbage: { node: mid, field: "value", text: GARBAGE[(mid * 7) % GARBAGE.length]! }, blank: { node: dependent[0]!, field: "grad" } });
  add({ scenario: "zero-output-gradient", code: null, fields: VG, inject: { field: "grad", node: graph.output.index, k: -1, kind: "zero" } });
  for (const m of g.mistakes) {
    if (m === "wrong-log-base" || m === "mean-vs-sum" || m === "no-softmax") {
      add({ scenario: m, code: m, fields: VG, swap: m });
      add({ scenario: `${m}-all-fields`, code: m, fields: ALL, swap: m });
      add({ scenario: `${m}-4sf`, code: m, fields: VG, swap: m, roundDigits: 4, asText: true });
    }
    if (m === "early-rounding") {
      add({ scenario: "early-rounding-2sf", code: m, fields: VG, roundDigits: 2, propagateRounding: true });
      add({ scenario: "early-rounding-3sf", code: m, fields: VG, roundDigits: 3, propagateRounding: true });
    }
    const kind: Injection["kind"] | null =
      m === "local-not-chained" || m === "missing-fanout-sum" || m === "sign-flip" ? m : m === "upstream-downstream-swapped" ? "swapped" : null;
    if (kind === null) continue;
    const found = sites(graph, ref, kind);
    const picks = kind === "sign-flip" ? found.slice(-2) : found.slice(0, 3);
    for (const site of picks) {
      add({ scenario: `${m}@${graph.nodes[site.node]!.id}`, code: m, fields: kind === "swapped" ? ALL : VG, inject: site });
      if (kind !== "swapped") add({ scenario: `${m}@${graph.nodes[site.node]!.id}-all-fields`, code: m, fields: ALL, inject: site });
    }
    if (m === "sign-flip") {
      const v = dependent.find((i) => i !== graph.output.index && !zeroT(ref.value[i]!));
      if (v !== undefined) add({ scenario: `sign-flip-value@${graph.nodes[v]!.id}`, code: m, fields: VG, inject: { field: "value", node: v, k: -1, kind: "sign-flip" } });
    }
  }
  return items;
}

export function generate(): CorpusItem[] {
  const items: CorpusItem[] = [];
  let n = 0;
  const next = () => `c${String(++n).padStart(4, "0")}`;
  for (const g of CORPUS_GRAPHS) {
    const { graph, evaluated } = evaluateSource(g.source);
    items.push(...valueItems(g, graph, evaluated, next), ...annotationItems(g, graph, evaluated, next));
  }
  return items;
}

if (process.argv[1] !== undefined && path.basename(process.argv[1]) === "generate.ts") {
  const items = generate();
  const file = path.join(path.dirname(process.argv[1]), "corpus.json");
  writeFileSync(file, `${JSON.stringify({ generator: "tests/grading-corpus/generate.ts", items }, null, 1)}\n`);
  const fields = items.reduce((s, it) => s + (it.kind === "value" ? 1 : it.labels.length), 0);
  process.stdout.write(`wrote ${items.length} submissions (${fields} graded fields) over ${CORPUS_GRAPHS.length} graphs to ${file}\n`);
}
