/**
 * Random graphs in the graph language, for the differential test against PyTorch (see run.ts).
 *
 * Seeded and deterministic: graph #k of seed s is always the same text. Each graph declares a few inputs
 * (scalars, vectors [n], matrices [m,n] and [n,k], columns [m,1]), then writes statements that apply a
 * randomly chosen CASE to values already in the pool, so values fan out to several consumers and
 * broadcasting (scalar, row and column against a matrix) happens. The output sums what the pool ends with.
 *
 * Domains are kept by construction where it is cheap (log, sqrt and the denominator of `/` only take
 * values known to be positive; `^` with a non-integer exponent only a positive base). run.ts evaluates
 * every graph and redraws the few that still fail (an overflow, say), counting them.
 *
 * EXTENDING: a new language feature becomes testable by adding one entry to CASES below (say when it
 * applies, and how to write it); compare.py needs one line for its op in OPS.
 */

export type Shape = readonly number[];

/** A value in the pool: how to write it, its shape, and whether every element is known to be > 0. */
export interface Term {
  readonly text: string;
  readonly shape: Shape;
  readonly positive: boolean;
}

/** A small seeded generator (mulberry32): the same seed gives the same graphs on every machine. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  real(lo: number, hi: number): number {
    // Six decimals: short sources, exact round trips through JSON.
    return Math.round((lo + this.next() * (hi - lo)) * 1e6) / 1e6;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The dimensions one graph works with: vectors [n], matrices [m,n], right factors [n,k]. */
export interface Dims {
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

export interface Case {
  readonly name: string;
  /** A new term built from the pool, or null when nothing in the pool fits. */
  readonly build: (pool: readonly Term[], rng: Rng, dims: Dims) => Term | null;
}

const same = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);
const size = (s: Shape) => s.reduce((p, d) => p * d, 1);

/** NumPy broadcasting, as the engine does it (lib/autograd/broadcast.ts). */
export function broadcast(a: Shape, b: Shape): Shape | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(Math.max(x, y));
  }
  return out;
}

function where(pool: readonly Term[], test: (t: Term) => boolean): Term[] {
  return pool.filter(test);
}

/** A term from the pool (recent ones more often, so chains grow deep), or null. */
function choose(pool: readonly Term[], rng: Rng, test: (t: Term) => boolean = () => true): Term | null {
  const fits = where(pool, test);
  if (fits.length === 0) return null;
  return rng.chance(0.5) ? fits[fits.length - 1 - Math.min(fits.length - 1, rng.int(0, 2))]! : rng.pick(fits);
}

/** A number literal (sometimes negative, written as part of the literal: a `const` node). */
function numberLiteral(rng: Rng, positive = false): Term {
  const v = rng.pick([0.5, 1, 1.5, 2, 3, 0.25, rng.real(0.1, 2)]);
  if (!positive && rng.chance(0.3)) return { text: String(-v), shape: [], positive: false };
  return { text: String(v), shape: [], positive: true };
}

function arrayLiteral(shape: Shape, rng: Rng, lo: number, hi: number): string {
  const row = (w: number) => `[${Array.from({ length: w }, () => rng.real(lo, hi)).join(", ")}]`;
  if (shape.length === 0) return String(rng.real(lo, hi));
  if (shape.length === 1) return row(shape[0]!);
  return `[${Array.from({ length: shape[0]! }, () => row(shape[1]!)).join(", ")}]`;
}

/** A second operand for an elementwise binary operation with `a`: same shape, scalar, row, column, or literal. */
function partner(a: Term, pool: readonly Term[], rng: Rng, positive: boolean): Term {
  if (rng.chance(0.2)) return numberLiteral(rng, positive);
  const b = choose(pool, rng, (t) => (!positive || t.positive) && broadcast(a.shape, t.shape) !== null && t.text !== a.text);
  if (b) return b;
  if (rng.chance(0.5) && a.shape.length > 0) {
    return {
      text: arrayLiteral(a.shape.slice(-1), rng, positive ? 0.5 : -2, 2),
      shape: a.shape.slice(-1),
      positive,
    };
  }
  return numberLiteral(rng, positive);
}

const paren = (t: Term) => (/^[A-Za-z_][A-Za-z_0-9]*$|^\d+(\.\d+)?$/.test(t.text) ? t.text : `(${t.text})`);

function binary(op: "+" | "-" | "*" | "/"): Case {
  return {
    name: op,
    build(pool, rng) {
      const a = choose(pool, rng);
      if (!a) return null;
      const b = partner(a, pool, rng, op === "/");
      const [l, r] = op !== "/" && rng.chance(0.3) ? [b, a] : [a, b];
      const shape = broadcast(l.shape, r.shape)!;
      const positive = l.positive && r.positive && op !== "-";
      return { text: `${paren(l)} ${op} ${paren(r)}`, shape, positive };
    },
  };
}

function unary(name: string, opts: { positiveIn?: boolean; positiveOut?: boolean } = {}): Case {
  return {
    name,
    build(pool, rng) {
      const a = choose(pool, rng, (t) => !opts.positiveIn || t.positive);
      if (!a) return null;
      return {
        text: `${name}(${a.text})`,
        shape: a.shape,
        positive: opts.positiveOut ?? false,
      };
    },
  };
}

function reduction(name: "sum" | "mean"): Case {
  return {
    name,
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length > 0);
      return a && { text: `${name}(${a.text})`, shape: [], positive: a.positive };
    },
  };
}

/** Today's language, one case per feature. Add cases here as the language grows. */
export const CASES: readonly Case[] = [
  binary("+"),
  binary("-"),
  binary("*"),
  binary("/"),
  {
    name: "neg",
    build(pool, rng) {
      const a = choose(pool, rng);
      return a && { text: `-${paren(a)}`, shape: a.shape, positive: false };
    },
  },
  {
    name: "^ (integer exponent)",
    build(pool, rng) {
      const a = choose(pool, rng);
      return (
        a && {
          text: `${paren(a)} ^ ${rng.pick([2, 3, -1, 2])}`,
          shape: a.shape,
          positive: false,
        }
      );
    },
  },
  {
    name: "^ (positive base)",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.positive);
      if (!a) return null;
      const b = rng.chance(0.5) ? numberLiteral(rng) : choose(pool, rng, (t) => broadcast(a.shape, t.shape) !== null && t.text !== a.text);
      if (!b) return null;
      return {
        text: `${paren(a)} ^ ${paren(b)}`,
        shape: broadcast(a.shape, b.shape)!,
        positive: true,
      };
    },
  },
  unary("exp", { positiveOut: true }),
  unary("log", { positiveIn: true }),
  unary("sqrt", { positiveIn: true, positiveOut: true }),
  unary("abs"),
  unary("tanh"),
  unary("sigmoid", { positiveOut: true }),
  unary("relu"),
  reduction("sum"),
  reduction("mean"),
  // The graph language's growth: smooth functions, `**`, methods, axis reductions, indexing, array literals
  // of expressions. (max, min and clip come further down, written so that no random draw sits on a tie.)
  unary("softplus", { positiveOut: true }),
  unary("log_sigmoid"),
  unary("log1p", { positiveIn: true }),
  unary("sin"),
  unary("cos"),
  unary("square"),
  unary("elu"),
  {
    name: "** (integer exponent)",
    build(pool, rng) {
      const a = choose(pool, rng);
      return a && { text: `${paren(a)} ** ${rng.pick([2, 3])}`, shape: a.shape, positive: false };
    },
  },
  {
    name: "method call",
    build(pool, rng) {
      const a = choose(pool, rng);
      if (!a) return null;
      const method = rng.pick(["tanh", "sigmoid", "relu", "exp"]);
      return { text: `${paren(a)}.${method}()`, shape: a.shape, positive: method === "sigmoid" || method === "exp" };
    },
  },
  {
    name: "axis reduction",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length === 2);
      if (!a) return null;
      const axis = rng.pick([0, 1, -1]);
      const kept = axis === 0 ? [a.shape[1]!] : [a.shape[0]!];
      return { text: `${rng.pick(["sum", "mean"])}(${a.text}, axis=${axis})`, shape: kept, positive: a.positive };
    },
  },
  {
    name: "indexing",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length > 0 && t.shape.every((d) => d >= 2));
      if (!a) return null;
      if (a.shape.length === 1) {
        return rng.chance(0.5) ? { text: `${paren(a)}[1]`, shape: [], positive: a.positive } : { text: `${paren(a)}[0:2]`, shape: [2], positive: a.positive };
      }
      const [m, n] = a.shape as [number, number];
      return rng.pick([
        { text: `${paren(a)}[1]`, shape: [n], positive: a.positive },
        { text: `${paren(a)}[:, 0]`, shape: [m], positive: a.positive },
        { text: `${paren(a)}[0, 1]`, shape: [], positive: a.positive },
        { text: `${paren(a)}[-1, 0:2]`, shape: [2], positive: a.positive },
      ]);
    },
  },
  {
    name: "array literal of expressions",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length === 0);
      const b = choose(pool, rng, (t) => t.shape.length === 0 && t !== a);
      if (!a || !b) return null;
      return { text: `[${a.text}, ${b.text}, ${numberLiteral(rng).text}]`, shape: [3], positive: false };
    },
  },
  {
    name: "dot",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length === 1);
      const b = a && choose(pool, rng, (t) => same(t.shape, a.shape));
      return b ? { text: `dot(${a.text}, ${b.text})`, shape: [], positive: false } : null;
    },
  },
  {
    name: "matmul",
    build(pool, rng) {
      // [m,n]@[n,k], [n]@[n,k], [m,n]@[n], [n]@[n]: any pair whose inner dimensions agree.
      const a = choose(pool, rng, (t) => t.shape.length >= 1);
      if (!a) return null;
      const inner = a.shape[a.shape.length - 1]!;
      const b = choose(pool, rng, (t) => (t.shape.length === 1 && t.shape[0] === inner) || (t.shape.length === 2 && t.shape[0] === inner));
      if (!b) return null;
      const shape = [...a.shape.slice(0, -1), ...b.shape.slice(1)];
      const text = rng.chance(0.7) ? `${paren(a)} @ ${paren(b)}` : `matmul(${a.text}, ${b.text})`;
      return { text, shape, positive: a.positive && b.positive };
    },
  },
  {
    name: "t",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length === 2 || rng.chance(0.1));
      if (!a) return null;
      const shape = a.shape.length === 2 ? [a.shape[1]!, a.shape[0]!] : a.shape;
      return {
        text: `${rng.chance(0.8) ? "t" : "transpose"}(${a.text})`,
        shape,
        positive: a.positive,
      };
    },
  },
  {
    name: "softmax",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length >= 1);
      return a && { text: `softmax(${a.text})`, shape: a.shape, positive: true };
    },
  },
  {
    name: "log_softmax",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length >= 1);
      return a && { text: `log_softmax(${a.text})`, shape: a.shape, positive: false };
    },
  },
  {
    name: "cross_entropy (probability targets)",
    build(pool, rng) {
      const z = choose(pool, rng, (t) => t.shape.length >= 1);
      if (!z) return null;
      // Targets: a softmax of another value of the same shape (its gradient flows too), or a literal.
      const u = choose(pool, rng, (t) => same(t.shape, z.shape) && t.text !== z.text);
      const target = u && rng.chance(0.7) ? `softmax(${u.text})` : probabilityLiteral(z.shape, rng);
      return {
        text: `cross_entropy(${z.text}, ${target})`,
        shape: z.shape.slice(0, -1),
        positive: true,
      };
    },
  },
  // Comparisons and clipping. A tie of max(a, b) or min(a, b) gives each side half the gradient in the
  // engine and in torch.maximum alike, and clip's derivative at a bound is 1 in both (torch.clamp), so
  // these need no guard. Both kinds of tie do happen here: relu and abs make exact zeros.
  {
    name: "max(a, b), min(a, b)",
    build(pool, rng) {
      const a = choose(pool, rng);
      if (!a) return null;
      const b = partner(a, pool, rng, false);
      const fn = rng.pick(["max", "min"]);
      const [l, r] = rng.chance(0.3) ? [b, a] : [a, b];
      return {
        text: `${fn}(${l.text}, ${r.text})`,
        shape: broadcast(l.shape, r.shape)!,
        positive: fn === "max" ? l.positive || r.positive : l.positive && r.positive,
      };
    },
  },
  {
    name: "clip",
    build(pool, rng) {
      const a = choose(pool, rng);
      if (!a) return null;
      const lo = rng.real(-1.5, -0.1);
      // The upper bound is a number, or now and then a positive scalar of the pool: then lo < 0 < hi still
      // holds, and the gradient of elements beyond it flows to that node.
      const node = rng.chance(0.3) ? choose(pool, rng, (t) => t.positive && t.shape.length === 0 && t.text !== a.text) : null;
      const hi = node ? node.text : String(rng.real(0.1, 1.5));
      return { text: `clip(${a.text}, ${lo}, ${hi})`, shape: a.shape, positive: false };
    },
  },
  {
    // The engine sends a tied maximum's whole gradient to the first element; torch's max() over all elements
    // splits it. A random literal of the same shape added first makes every element distinct (exact zeros
    // from relu or abs would otherwise tie), and run.ts redraws the rare graph that still reports a tie.
    name: "max reduction",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length > 0);
      if (!a) return null;
      const spread = `${paren(a)} + ${arrayLiteral(a.shape, rng, -2, 2)}`;
      if (a.shape.length === 1 || rng.chance(0.3)) {
        return { text: rng.chance(0.5) ? `max(${spread})` : `(${spread}).max()`, shape: [], positive: false };
      }
      const axis = rng.pick([0, 1, -1]);
      return { text: `max(${spread}, axis=${axis})`, shape: axis === 0 ? [a.shape[1]!] : [a.shape[0]!], positive: false };
    },
  },
  // The losses beyond cross_entropy with probability targets. Targets are probabilities: sigmoid of a
  // value of the pool (their gradient flows too, as both engine and torch give one), or a literal in [0, 1].
  {
    name: "bce_with_logits",
    build(pool, rng) {
      const z = choose(pool, rng);
      if (!z) return null;
      return { text: `bce_with_logits(${z.text}, ${probabilityTarget(z.shape, pool, rng)})`, shape: z.shape, positive: true };
    },
  },
  {
    name: "bce",
    build(pool, rng) {
      // p well inside (0, 1), whatever u's size: at p = 1 in float64 (sigmoid(40), a softmax over one entry)
      // the logs are clamped at -100 and torch's derivative for the target is -inf where the engine's is -100.
      const u = choose(pool, rng);
      if (!u) return null;
      const p = u.shape.length > 0 && u.shape[u.shape.length - 1]! >= 2 && rng.chance(0.3) ? `softmax(tanh(${u.text}))` : `sigmoid(clip(${u.text}, -8, 8))`;
      return { text: `bce(${p}, ${probabilityTarget(u.shape, pool, rng)})`, shape: u.shape, positive: true };
    },
  },
  {
    name: "mse",
    build(pool, rng) {
      const a = choose(pool, rng, (t) => t.shape.length > 0);
      const b = a && choose(pool, rng, (t) => same(t.shape, a.shape) && t.text !== a.text);
      if (!a) return null;
      const other = b ? b.text : arrayLiteral(a.shape, rng, -2, 2);
      return { text: rng.chance(0.5) ? `mse(${a.text}, ${other})` : `mse(${other}, ${a.text})`, shape: [], positive: true };
    },
  },
  {
    // Class indices, told from probability targets by their shape: [m] labels for [m, k] logits, one scalar
    // label for a [k] vector.
    name: "cross_entropy (integer labels)",
    build(pool, rng) {
      const z = choose(pool, rng, (t) => t.shape.length >= 1 && t.shape[t.shape.length - 1]! >= 2);
      if (!z) return null;
      const classes = z.shape[z.shape.length - 1]!;
      const labels =
        z.shape.length === 1 ? String(rng.int(0, classes - 1)) : `[${Array.from({ length: z.shape[0]! }, () => rng.int(0, classes - 1)).join(", ")}]`;
      const text = `cross_entropy(${z.text}, ${labels})`;
      return rng.chance(0.5) ? { text: `${text}.mean()`, shape: [], positive: true } : { text, shape: z.shape.slice(0, -1), positive: true };
    },
  },
];

/** A target for a binary loss, broadcastable to `shape`: sigmoid of a value of the pool, or probabilities (0 and 1 now and then). */
function probabilityTarget(shape: Shape, pool: readonly Term[], rng: Rng): string {
  const u = choose(pool, rng, (t) => same(t.shape, shape) || t.shape.length === 0);
  if (u && rng.chance(0.5)) return `sigmoid(${u.text})`;
  if (shape.length === 0) return String(rng.pick([0, 1, rng.real(0, 1)]));
  const entry = () => (rng.chance(0.3) ? rng.pick([0, 1]) : rng.real(0, 1));
  const row = (w: number) => `[${Array.from({ length: w }, entry).join(", ")}]`;
  return shape.length === 1 ? row(shape[0]!) : `[${Array.from({ length: shape[0]! }, () => row(shape[1]!)).join(", ")}]`;
}

/** Rows that sum to 1 (a one-hot row now and then). */
function probabilityLiteral(shape: Shape, rng: Rng): string {
  const row = (w: number) => {
    if (rng.chance(0.3)) {
      const hot = rng.int(0, w - 1);
      return `[${Array.from({ length: w }, (_, i) => (i === hot ? 1 : 0)).join(", ")}]`;
    }
    const raw = Array.from({ length: w }, () => rng.real(0.1, 1));
    const total = raw.reduce((a, b) => a + b, 0);
    return `[${raw.map((x) => x / total).join(", ")}]`;
  };
  return shape.length === 1 ? row(shape[0]!) : `[${Array.from({ length: shape[0]! }, () => row(shape[1]!)).join(", ")}]`;
}

export interface GeneratedGraph {
  /** "gen#k": the graph's number in the seed's stream. */
  readonly name: string;
  readonly source: string;
}

/** Graph number `index` of the stream `seed` (a retry uses the next `attempt`). */
export function generateGraph(seed: number, index: number, attempt = 0): GeneratedGraph {
  const rng = new Rng((seed * 1_000_003 + index * 7919 + attempt * 104_729) >>> 0);
  const dims: Dims = { m: rng.int(2, 3), n: rng.int(2, 4), k: rng.int(2, 3) };
  const shapes: Shape[] = [[], [dims.n], [dims.m, dims.n], [dims.n, dims.k], [dims.m, 1]];
  const pool: Term[] = [];
  const lines = [`# generated graph ${index} (seed ${seed}, attempt ${attempt}); m=${dims.m} n=${dims.n} k=${dims.k}`];
  const inputs = rng.int(2, 5);
  for (let i = 0; i < inputs; i++) {
    const shape = i < 2 ? rng.pick(shapes.slice(0, 3)) : rng.pick(shapes);
    const positive = rng.chance(0.4);
    const name = `x${i}`;
    const declared = shape.length === 0 ? name : `${name}[${shape.join(",")}]`;
    lines.push(`input ${declared} = ${arrayLiteral(shape, rng, positive ? 0.2 : -2, 2)}`);
    pool.push({ text: name, shape, positive });
  }
  const statements = rng.int(3, 9);
  for (let s = 0; s < statements; s++) {
    let term: Term | null = null;
    for (let tries = 0; term === null && tries < 20; tries++) term = rng.pick(CASES).build(pool, rng, dims);
    if (term === null || size(term.shape) > 64) continue;
    // Mostly a named statement; sometimes the expression stays inline and nests into the next one.
    if (rng.chance(0.75) || s === statements - 1) {
      const name = `v${s}`;
      lines.push(`${name} = ${term.text}`);
      pool.push({ ...term, text: name });
    } else {
      pool.push(term);
    }
  }
  // The output: the last few values reduced to scalars and added, so gradients reach most of the graph.
  const tail = pool.slice(-3).map((t) => (t.shape.length === 0 ? paren(t) : rng.chance(0.5) ? `sum(${t.text})` : `mean(${t.text})`));
  lines.push(`L = ${tail.join(" + ")}`);
  if (rng.chance(0.5)) lines.push("output L");
  return { name: `gen#${index}`, source: `${lines.join("\n")}\n` };
}
