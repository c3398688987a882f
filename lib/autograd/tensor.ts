/**
 * Tensors: a shape plus a flat, row-major `Float64Array`.
 *
 * Shapes are `[]` (scalar), `[n]` (vector) or `[m, n]` (matrix). The engine's elementwise rules work for
 * any rank, but the operations and the graph language only produce ranks 0 to 2, which is what students
 * draw by hand.
 */

export type Shape = readonly number[];

export interface Tensor {
  readonly shape: Shape;
  readonly data: Float64Array;
}

/** A scalar as a number, a vector as `number[]`, a matrix as `number[][]` (the JSON form). */
export type NestedNumbers = number | NestedNumbers[];

export const SCALAR_SHAPE: Shape = Object.freeze([]);

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensor(shape: Shape, data: Float64Array | readonly number[]): Tensor {
  const flat = data instanceof Float64Array ? data : Float64Array.from(data);
  if (flat.length !== sizeOf(shape)) {
    throw new RangeError(`shape ${formatShape(shape)} needs ${sizeOf(shape)} numbers, got ${flat.length}`);
  }
  return { shape, data: flat };
}

export function scalar(x: number): Tensor {
  const data = new Float64Array(1);
  data[0] = x;
  return { shape: SCALAR_SHAPE, data };
}

export function zeros(shape: Shape): Tensor {
  return { shape, data: new Float64Array(sizeOf(shape)) };
}

export function filled(shape: Shape, x: number): Tensor {
  return { shape, data: new Float64Array(sizeOf(shape)).fill(x) };
}

/** False for NaN and ±Infinity. `x - x` is 0 exactly when x is finite: cheaper than `Number.isFinite` on hot loops. */
export function isFiniteNumber(x: number): boolean {
  return x - x === 0;
}

/** Whether every element of a tensor is finite. */
export function isFiniteTensor(t: Tensor): boolean {
  return firstNonFinite(t.data) < 0;
}

/** The index of the first element of data[from, to) that is NaN or infinite, or -1 when all are finite. */
export function firstNonFinite(data: Float64Array, from = 0, to = data.length): number {
  for (let i = from; i < to; i++) if (!isFiniteNumber(data[i]!)) return i;
  return -1;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `[]` prints as `[]` (scalar), `[2,3]` as `[2, 3]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** Row-major multi-index of a flat position, e.g. 5 in [2, 3] → [1, 2]. */
export function unravelIndex(flat: number, shape: Shape): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    index[d] = flat % n;
    flat = Math.floor(flat / n);
  }
  return index;
}

/**
 * The lengths met by following the first element down, e.g. [2, 3] for [[1, 2, 3], [4, 5, 6]]: the
 * array's shape if it is rectangular (which `nestedShape` checks). Stops at the first empty array.
 */
export function leadingShape(value: unknown): number[] {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  return shape;
}

/**
 * The shape of a nested numeric array, or a reason it is not a rectangular array of finite numbers.
 * Empty arrays are rejected: a tensor with no elements has no value a student could compute.
 */
export function nestedShape(value: unknown): { shape: number[] } | { error: string } {
  const shape = leadingShape(value);
  if (shape.includes(0)) return { error: "empty arrays are not allowed" };
  let probe: unknown = value;
  for (let d = 0; d < shape.length; d++) probe = (probe as unknown[])[0];
  if (typeof probe !== "number") return { error: `expected numbers, found ${describe(probe)}` };
  // Walk every element iteratively to check the array is rectangular and holds finite numbers.
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth === shape.length) {
      if (typeof v !== "number") return { error: `expected a number, found ${describe(v)}` };
      if (!Number.isFinite(v)) return { error: `${String(v)} is not a finite number` };
      continue;
    }
    if (!Array.isArray(v)) return { error: `expected an array of length ${shape[depth]}, found ${describe(v)}` };
    if (v.length !== shape[depth]) {
      return { error: `rows have different lengths (${shape[depth]} and ${v.length}); the array must be rectangular` };
    }
    for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1 });
  }
  return { shape };
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  return typeof v;
}

/**
 * Nested arrays ↔ tensors, said once: `fromNested` / `readNested` read the JSON form into a tensor,
 * `toNested` / `nestedAt` write it back. Every reader of nested numbers in the engine, the graph language
 * and the grader goes through these.
 */

/** Builds a tensor from a number or a rectangular nested array; throws `RangeError` with the reason otherwise. */
export function fromNested(value: NestedNumbers): Tensor {
  const result = readNested(value);
  if ("error" in result) throw new RangeError(result.error);
  return result.tensor;
}

/** Like `fromNested`, but returns the reason instead of throwing, for callers that report it their own way. */
export function readNested(value: unknown): { tensor: Tensor } | { error: string } {
  const result = nestedShape(value);
  if ("error" in result) return result;
  const { shape } = result;
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else {
      data[k++] = v as number;
    }
  }
  return { tensor: { shape, data } };
}

/** The JSON form: a number for a scalar, nested arrays otherwise. */
export function toNested(t: Tensor): NestedNumbers {
  return nestedAt(t.data, 0, t.shape);
}

/** The JSON form of the tensor of shape `shape` stored in `buffer` from `offset`, without copying it first. */
export function nestedAt(buffer: Float64Array, offset: number, shape: Shape): NestedNumbers {
  const data = buffer;
  if (shape.length === 0) return data[offset]!;
  let k = offset;
  const build = (depth: number): NestedNumbers[] => {
    const n = shape[depth]!;
    const out = new Array<NestedNumbers>(n);
    if (depth === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = data[k++]!;
    } else {
      for (let i = 0; i < n; i++) out[i] = build(depth + 1);
    }
    return out;
  };
  return build(0);
}
