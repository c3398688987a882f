/** `outer(u, v)`, the outer product of two vectors, and `norm(x)`, the L2 norm of all elements. */
import { type Shape, type Tensor, SCALAR_SHAPE, formatShape, scalar } from "../tensor";
import { noDomainError, noKinks, requireShape, scalarEdgeLocals } from "./structural";
import type { Operation, ShapeResult } from "./types";

function outerShape([u, v]: readonly Shape[]): ShapeResult {
  if (u!.length !== 1 || v!.length !== 1) return { error: `shape mismatch: outer needs two vectors, got ${formatShape(u!)} and ${formatShape(v!)}` };
  return { shape: [u![0]!, v![0]!] };
}

/** d u_i = Σ_j G_ij v_j, d v_j = Σ_i G_ij u_i. */
const outerVjp = ([u, v]: readonly Tensor[], _output: Tensor, upstream: Tensor): Tensor[] => {
  const m = u!.data.length;
  const n = v!.data.length;
  const du = new Float64Array(m);
  const dv = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const g = upstream.data[i * n + j]!;
      du[i]! += g * v!.data[j]!;
      dv[j]! += g * u!.data[i]!;
    }
  }
  return [
    { shape: u!.shape, data: du },
    { shape: v!.shape, data: dv },
  ];
};

export const outer: Operation = {
  kind: "linear-algebra",
  name: "outer",
  arity: 2,
  symbol: "outer",
  notation: "function",
  latex: ([u, v]) => `${u} ${v}^{\\top}`,
  localLatex: ([u, v], _out, k) => (k === 0 ? v! : u!),
  elementwise: null,
  shape: outerShape,
  domainError: noDomainError,
  forward: (inputs) => {
    const shape = requireShape(outerShape, inputs);
    const [u, v] = inputs;
    const n = v!.data.length;
    const data = new Float64Array(u!.data.length * n);
    for (let i = 0; i < u!.data.length; i++) for (let j = 0; j < n; j++) data[i * n + j] = u!.data[i]! * v!.data[j]!;
    return { shape, data };
  },
  local: (inputs, output) => scalarEdgeLocals(outerVjp, inputs, output),
  vjp: outerVjp,
  nonDifferentiable: noKinks,
};

/** x / ‖x‖ times the upstream; 0 at x = 0, as PyTorch's norm backward gives. */
const normVjp = ([x]: readonly Tensor[], output: Tensor, upstream: Tensor): Tensor[] => {
  const r = output.data[0]!;
  const g = upstream.data[0]!;
  const data = new Float64Array(x!.data.length);
  if (r !== 0) for (let i = 0; i < data.length; i++) data[i] = (g * x!.data[i]!) / r;
  return [{ shape: x!.shape, data }];
};

/** ‖x‖₂ = sqrt(Σ xᵢ²) over every element (a vector's length; a matrix's Frobenius norm). */
export const norm: Operation = {
  kind: "reduction",
  name: "norm",
  arity: 1,
  symbol: "norm",
  notation: "function",
  latex: ([a]) => `\\left\\lVert ${a} \\right\\rVert`,
  localLatex: ([a], out) => `\\frac{${a}}{${out}}`,
  elementwise: null,
  shape: () => ({ shape: SCALAR_SHAPE }),
  domainError: noDomainError,
  forward: ([x]) => {
    // Scaled by the largest magnitude, so that squares neither overflow nor underflow (as hypot does).
    let big = 0;
    for (let i = 0; i < x!.data.length; i++) big = Math.max(big, Math.abs(x!.data[i]!));
    if (big === 0) return scalar(0);
    let s = 0;
    for (let i = 0; i < x!.data.length; i++) s += (x!.data[i]! / big) ** 2;
    return scalar(big * Math.sqrt(s));
  },
  local: (inputs, output) => scalarEdgeLocals(normVjp, inputs, output),
  vjp: normVjp,
  nonDifferentiable: (_inputs, output) =>
    output.data[0] === 0 ? [{ index: 0, input: 0, note: "norm is not differentiable at 0; the gradient 0 is used there, as in PyTorch" }] : [],
};
