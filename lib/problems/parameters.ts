/**
 * Parameter generators: each draws a value from a seeded stream, so a variant is a pure function
 * of its seed. Random parameters are drawn in the order the file declares them; derived ones are
 * computed afterwards, in the order their dependencies allow.
 */
import type { NestedNumbers } from "@/lib/autograd";
import { toNested } from "@/lib/autograd";
import { evaluateExpression, ExpressionError, namesIn } from "./expressions";
import type { SeededRandom } from "@/lib/grading/random";
import type { ParameterSpec, ScalarGenerator } from "./schema";

export type Parameters = Record<string, NestedNumbers>;

function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : Number(r.toFixed(decimals));
}

function intValues(g: Extract<ScalarGenerator, { type: "int" }>): number[] {
  const out: number[] = [];
  for (let v = g.min; v <= g.max; v += g.step) if (!g.exclude?.includes(v)) out.push(v);
  return out;
}

function drawScalar(g: ScalarGenerator, rng: SeededRandom): NestedNumbers {
  switch (g.type) {
    case "int": {
      const values = intValues(g);
      if (values.length === 0) throw new ExpressionError("the integer range has no values left after `exclude`");
      return values[rng.below(values.length)]!;
    }
    case "real": {
      const steps = Math.round((g.max - g.min) * 10 ** g.decimals);
      return roundTo(g.min + rng.below(steps + 1) / 10 ** g.decimals, g.decimals);
    }
    case "choice":
      return g.values[rng.below(g.values.length)]!;
  }
}

/** How many values a scalar generator can produce. */
export function scalarCount(g: ScalarGenerator): number {
  switch (g.type) {
    case "int":
      return intValues(g).length;
    case "real":
      return Math.round((g.max - g.min) * 10 ** g.decimals) + 1;
    case "choice":
      return new Set(g.values.map((v) => JSON.stringify(v))).size;
  }
}

/** How many distinct values a parameter can take (derived and fixed ones: 1); may be Infinity-large. */
export function parameterCount(spec: ParameterSpec): number {
  switch (spec.type) {
    case "fixed":
    case "derived":
      return 1;
    case "vector":
      return scalarCount(spec.of) ** spec.length;
    case "matrix":
      return scalarCount(spec.of) ** (spec.rows * spec.cols);
    default:
      return scalarCount(spec);
  }
}

export function isRandom(spec: ParameterSpec): boolean {
  return spec.type !== "fixed" && spec.type !== "derived";
}

/** Derived parameters in an order where each comes after what it uses; throws on cycles or unknown names. */
export function derivedOrder(specs: Readonly<Record<string, ParameterSpec>>): string[] {
  const derived = Object.entries(specs).filter(([, s]) => s.type === "derived") as [string, Extract<ParameterSpec, { type: "derived" }>][];
  const deps = new Map<string, string[]>();
  for (const [name, s] of derived) {
    const used = namesIn(s.expr);
    for (const u of used) {
      if (!(u in specs)) throw new ExpressionError(`parameter "${name}" uses "${u}", which is not a parameter`);
    }
    deps.set(
      name,
      used.filter((u) => specs[u]?.type === "derived"),
    );
  }
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  for (const [start] of derived) {
    const stack: [string, number][] = [[start, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [name, i] = top;
      if (i === 0) {
        if (state.get(name) === "done") {
          stack.pop();
          continue;
        }
        state.set(name, "visiting");
      }
      const d = deps.get(name)!;
      if (i < d.length) {
        top[1] = i + 1;
        const next = d[i]!;
        if (state.get(next) === "visiting") throw new ExpressionError(`derived parameters "${name}" and "${next}" depend on each other`);
        if (state.get(next) !== "done") stack.push([next, 0]);
      } else {
        state.set(name, "done");
        order.push(name);
        stack.pop();
      }
    }
  }
  return order;
}

/** Draws every parameter for one try. */
export function drawParameters(specs: Readonly<Record<string, ParameterSpec>>, order: readonly string[], rng: SeededRandom): Parameters {
  const values: Parameters = {};
  for (const [name, spec] of Object.entries(specs)) {
    switch (spec.type) {
      case "fixed":
        values[name] = spec.value;
        break;
      case "derived":
        break;
      case "vector":
        values[name] = Array.from({ length: spec.length }, () => drawScalar(spec.of, rng));
        break;
      case "matrix":
        values[name] = Array.from({ length: spec.rows }, () => Array.from({ length: spec.cols }, () => drawScalar(spec.of, rng)));
        break;
      default:
        values[name] = drawScalar(spec, rng);
    }
  }
  for (const name of order) {
    const spec = specs[name] as Extract<ParameterSpec, { type: "derived" }>;
    values[name] = toNested(evaluateExpression(spec.expr, values));
  }
  return values;
}
