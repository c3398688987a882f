/**
 * NumPy broadcasting (shapes aligned on the right; each pair of dimensions equal or one of them 1), so a
 * scalar combines with any tensor and a bias vector `[n]` with a matrix `[m, n]`.
 */
import { type Shape, type Tensor, sizeOf, shapesEqual } from "./tensor";

export function broadcastShapes(a: Shape, b: Shape): Shape | null {
  if (shapesEqual(a, b)) return a;
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For each flat position of `outShape`, the flat position of the element of an input of shape `inShape`
 * that broadcasting reads there. `null` means the identity (same shape); scalars map everything to 0.
 */
export function broadcastIndex(inShape: Shape, outShape: Shape): Int32Array | null {
  if (shapesEqual(inShape, outShape)) return null;
  const n = sizeOf(outShape);
  const map = new Int32Array(n);
  if (sizeOf(inShape) === 1) return map;
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    const d = rank - inShape.length + i;
    strides[d] = inShape[i] === 1 ? 0 : stride;
    stride *= inShape[i]!;
  }
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let j = 0; j < n; j++) {
    map[j] = offset;
    // Advance the row-major counter and the input offset with it.
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      offset += strides[d]!;
      if (counter[d]! < outShape[d]!) break;
      offset -= strides[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
  return map;
}

/** Sums a gradient of the broadcast shape back onto the input's shape (the adjoint of broadcasting). */
export function unbroadcast(grad: Tensor, inShape: Shape): Tensor {
  const map = broadcastIndex(inShape, grad.shape);
  if (map === null) return grad;
  const data = new Float64Array(sizeOf(inShape));
  const g = grad.data;
  for (let j = 0; j < g.length; j++) data[map[j]!]! += g[j]!;
  return { shape: inShape, data };
}
