/**
 * `index`: zero-based indexing and slicing, `v[i]`, `X[i]` (a row), `X[i, j]`, `X[:, j]`, `v[a:b]`,
 * `X[i, a:b]`, as in Python and PyTorch. The `index` attribute holds one entry per leading axis: a whole
 * number picks one position and removes the axis; a string "a:b" (either bound may be left out, ":"
 * is the whole axis) keeps positions a..b-1. Negative numbers count from the end, as in Python. Axes
 * without an entry are kept whole.
 *
 * Unlike Python, an index or a slice bound out of range, and an empty slice, are errors: a student who
 * writes X[3] on a 3-row matrix has made a mistake worth naming. The gradient scatters the upstream
 * gradient back into a zero tensor shaped like the input.
 */
import { type Shape, type Tensor, formatShape, sizeOf } from "../tensor";
import { noDomainError, noKinks, requireShape, scalarEdgeLocals } from "./structural";
import type { AttrValue, OpAttrs, Operation, ShapeResult } from "./types";

type Entry = { readonly pick: number } | { readonly start: number | null; readonly stop: number | null };

/** "1:3", ":", "-2:" as a slice; null when the text is not one. */
function parseSlice(text: string): Entry | null {
  const m = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*$/.exec(text);
  if (m === null) return null;
  return { start: m[1] === undefined ? null : Number(m[1]), stop: m[2] === undefined ? null : Number(m[2]) };
}

function parseEntries(index: AttrValue | undefined): Entry[] | { error: string } {
  if (!Array.isArray(index) || index.length === 0) return { error: 'index needs a list of entries, such as [1] or [":", 0]' };
  const entries: Entry[] = [];
  for (const e of index as readonly AttrValue[]) {
    if (typeof e === "number" && Number.isInteger(e)) entries.push({ pick: e });
    else if (typeof e === "string" && parseSlice(e) !== null) entries.push(parseSlice(e)!);
    else return { error: `an index is a whole number or a slice such as 0:2, got ${JSON.stringify(e)}` };
  }
  return entries;
}

/** The entry as written, for messages: 1, -1, 0:2, :. */
function written(e: Entry): string {
  return "pick" in e ? String(e.pick) : `${e.start ?? ""}:${e.stop ?? ""}`;
}

/** For each axis, the positions selected, and whether the axis is kept (a slice) or removed (a pick). */
interface Selection {
  readonly positions: readonly (readonly number[])[];
  readonly kept: readonly boolean[];
  readonly shape: Shape;
}

function select(entries: readonly Entry[], x: Shape): Selection | { error: string } {
  const text = `[${entries.map(written).join(", ")}]`;
  if (x.length === 0 && entries.length > 0) return { error: `cannot index a scalar (shape []) with ${text}; only vectors and matrices have entries` };
  if (entries.length > x.length) {
    return { error: `too many indices: ${text} has ${entries.length} but shape ${formatShape(x)} has ${x.length} dimension${x.length === 1 ? "" : "s"}` };
  }
  const positions: number[][] = [];
  const kept: boolean[] = [];
  for (let d = 0; d < x.length; d++) {
    const n = x[d]!;
    const e: Entry = entries[d] ?? { start: null, stop: null };
    const range = `0 to ${n - 1} (or -${n} to -1)`;
    if ("pick" in e) {
      if (e.pick < -n || e.pick >= n) {
        return { error: `index ${e.pick} is out of range for axis ${d} of shape ${formatShape(x)}: it has ${n} position${n === 1 ? "" : "s"}, ${range}` };
      }
      positions.push([e.pick < 0 ? e.pick + n : e.pick]);
      kept.push(false);
      continue;
    }
    const bound = (b: number | null, open: number) => (b === null ? open : b < 0 ? b + n : b);
    for (const b of [e.start, e.stop]) {
      if (b !== null && (b < -n || b > n)) {
        return { error: `slice ${written(e)} is out of range for axis ${d} of shape ${formatShape(x)}: its bounds go from 0 to ${n} (or -${n} to -1)` };
      }
    }
    const start = bound(e.start, 0);
    const stop = bound(e.stop, n);
    if (stop <= start) return { error: `slice ${written(e)} of axis ${d} of shape ${formatShape(x)} is empty; it keeps positions start..stop-1` };
    positions.push(Array.from({ length: stop - start }, (_v, k) => start + k));
    kept.push(true);
  }
  return { positions, kept, shape: positions.filter((_p, d) => kept[d]).map((p) => p.length) };
}

/** The flat input index of every output element, in row-major order. */
function gatherMap(sel: Selection, x: Shape): Int32Array {
  const strides = x.map((_d, i) => sizeOf(x.slice(i + 1)));
  let flat = [0];
  sel.positions.forEach((ps, d) => {
    const next: number[] = [];
    for (const f of flat) for (const p of ps) next.push(f + p * strides[d]!);
    flat = next;
  });
  return Int32Array.from(flat);
}

function bind(entries: readonly Entry[], attrs: OpAttrs): Operation {
  const text = `[${entries.map(written).join(", ")}]`;
  const shape = ([x]: readonly Shape[]): ShapeResult => {
    const sel = select(entries, x!);
    return "error" in sel ? sel : { shape: sel.shape };
  };
  const mapOf = (x: Tensor) => {
    const sel = select(entries, x.shape);
    if ("error" in sel) throw new RangeError(sel.error);
    return gatherMap(sel, x.shape);
  };
  const vjp = ([x]: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
    const map = mapOf(x!);
    const dx = new Float64Array(x!.data.length);
    for (let j = 0; j < map.length; j++) dx[map[j]!]! += upstream.data[j]!;
    return [{ shape: x!.shape, data: dx }];
  };
  return {
    kind: "reduction",
    name: "index",
    arity: 1,
    notation: "function",
    elementwise: null,
    domainError: noDomainError,
    nonDifferentiable: noKinks,
    attrs,
    latex: ([a]) => `${a}_{${entries.map(written).join(",")}}`,
    // The gradient is scattered back into the selected positions: a one-hot map of them.
    localLatex: () => `\\mathbf{e}_{${entries.map(written).join(",")}}`,
    shape,
    forward: (inputs) => {
      const out = requireShape(shape, inputs);
      const x = inputs[0]!;
      return { shape: out, data: Float64Array.from(mapOf(x), (j) => x.data[j]!) };
    },
    local: (inputs, output) => scalarEdgeLocals(vjp, inputs, output),
    vjp,
    symbol: `[${text.slice(1, -1)}]`,
  };
}

/**
 * The unbound operation is the whole tensor (no entry: every axis kept whole, like Python's `x[...]`); the
 * graph language always binds an `index` attribute.
 */
export const indexOp: Operation = {
  ...bind([], {}),
  attrs: undefined,
  symbol: "[]",
  latex: ([a]) => `${a}_{[\,]}`,
  nonDifferentiable: noKinks,
  domainError: noDomainError,
  withAttrs: (attrs) => {
    const unknown = Object.keys(attrs).find((k) => k !== "index");
    if (unknown !== undefined) return { error: `index takes the attribute index, not ${unknown}` };
    const entries = parseEntries(attrs.index);
    return "error" in entries ? entries : bind(entries, attrs);
  },
};
