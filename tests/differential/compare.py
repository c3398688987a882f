#!/usr/bin/env python3
"""The engine against PyTorch: reads JSON lines {"name", "source", "eval"} on standard input, where
"eval" is one `eval --json` object (README, "`eval` (a stable contract)"), rebuilds each graph in torch
(float64) from its nodes' op names alone, runs backward from the output, and compares every node's
value and gradient, and every edge's local derivative and downstream gradient (each against torch's
derivative of that one operation, recomputed on detached copies of its inputs).

Error measure, per element: |ours - torch| / max(|torch|, FLOOR). FLOOR = 1e-3 is the absolute floor
for values near 0: below it the measure is the absolute error divided by 1e-3 (so a tolerance of 1e-9
means 1e-12 absolute there), which forgives the last bits of a cancellation such as x - x but nothing
of consequence. A graph fails when any element exceeds TOLERANCE = 1e-9, when its shapes differ,
when a gradient is missing on one side only, or when it uses an op this table does not know.

Prints "compared N graphs (M nodes), worst relative error E (graph #k, node id)"; exit status 1 on failure.

ADDING AN OP: one entry in OPS below: op name -> function(inputs, node) returning the torch tensor.
`node` is the eval JSON node, so attributes (an axis, say) are read from it.
"""
import json
import math
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.exit(f"compare.py: PyTorch is not installed for {sys.executable}: on Debian, apt-get install python3-torch (as .ci/run does)")

torch.set_default_dtype(torch.float64)

FLOOR = 1e-3
TOLERANCE = 1e-9


class UnknownOp(Exception):
    pass


def attr(node, key, default=None):
    """An attribute of a node: looked up in node["attrs"] (and, failing that, on the node itself)."""
    attrs = node.get("attrs") or {}
    if key in attrs:
        return attrs[key]
    return node.get(key, default)


def cross_entropy(z, t):
    # Probability targets (same shape): -sum(t * log_softmax(z)) along the last axis.
    if tuple(t.shape) == tuple(z.shape):
        return -(t * torch.log_softmax(z, dim=-1)).sum(dim=-1)
    # Integer class labels: z [m, k] with y [m], or z [k] with a scalar y (F.cross_entropy, reduction "none").
    labels = t.detach().long()
    if z.dim() == 1:
        return F.cross_entropy(z.unsqueeze(0), labels.reshape(1), reduction="none")[0]
    return F.cross_entropy(z, labels, reduction="none")


def reduce(fn):
    def apply(x, node):
        axis = attr(node, "axis")
        if axis is None:
            return fn(x)
        return fn(x, dim=axis)

    return apply


def max_reduction(x, node):
    axis = attr(node, "axis")
    if axis is None:
        return x.max()
    return x.max(dim=axis).values


def stack(ins, node):
    # Array literals of expressions: entries are scalars (a vector) or equal-length rows (a matrix).
    return torch.stack(ins)


def index(x, node):
    # Indexing and slicing as the eval JSON writes it: attrs {"index": [...]}, one entry per axis, an
    # integer picking a position (a negative one counts from the end) or a string "a:b" slicing (either
    # bound may be left out, ":" is the whole axis).
    key = attr(node, "index")
    if key is None:
        raise UnknownOp("index node without an 'index' attribute")
    parts = []
    for k in key if isinstance(key, list) else [key]:
        if isinstance(k, str):
            start, _, stop = k.partition(":")
            parts.append(slice(int(start) if start else None, int(stop) if stop else None))
        else:
            parts.append(int(k))
    return x[tuple(parts)]


# op name -> function(inputs, node). The engine broadcasts a binary loss's prediction and target as it does
# any elementwise operation; torch's functional losses want equal sizes, so both are broadcast first.
# An op missing here fails loudly when a graph uses it, never silently.
OPS = {
    "add": lambda i, n: i[0] + i[1],
    "sub": lambda i, n: i[0] - i[1],
    "mul": lambda i, n: i[0] * i[1],
    "div": lambda i, n: i[0] / i[1],
    "neg": lambda i, n: -i[0],
    "pow": lambda i, n: torch.pow(i[0], i[1]),
    "exp": lambda i, n: torch.exp(i[0]),
    "log": lambda i, n: torch.log(i[0]),
    "sqrt": lambda i, n: torch.sqrt(i[0]),
    "abs": lambda i, n: torch.abs(i[0]),
    "tanh": lambda i, n: torch.tanh(i[0]),
    "sigmoid": lambda i, n: torch.sigmoid(i[0]),
    "relu": lambda i, n: torch.relu(i[0]),
    "sum": lambda i, n: reduce(torch.sum)(i[0], n),
    "mean": lambda i, n: reduce(torch.mean)(i[0], n),
    "dot": lambda i, n: torch.dot(i[0], i[1]),
    "matmul": lambda i, n: torch.matmul(i[0], i[1]),
    "transpose": lambda i, n: i[0].t(),
    "softmax": lambda i, n: torch.softmax(i[0], dim=-1),
    "log_softmax": lambda i, n: torch.log_softmax(i[0], dim=-1),
    "cross_entropy": lambda i, n: cross_entropy(i[0], i[1]),
    # Axis reductions, comparisons, smooth functions, vector ops and losses.
    "max": lambda i, n: max_reduction(i[0], n),
    "maximum": lambda i, n: torch.maximum(i[0], i[1]),
    "minimum": lambda i, n: torch.minimum(i[0], i[1]),
    "clip": lambda i, n: torch.clamp(i[0], i[1], i[2]) if len(i) == 3 else torch.clamp(i[0], attr(n, "lo"), attr(n, "hi")),
    "softplus": lambda i, n: F.softplus(i[0]),
    "log1p": lambda i, n: torch.log1p(i[0]),
    "log_sigmoid": lambda i, n: F.logsigmoid(i[0]),
    "leaky_relu": lambda i, n: torch.where(i[0] > 0, i[0], i[0] * i[1]) if len(i) == 2 else F.leaky_relu(i[0], attr(n, "slope", 0.01)),
    "elu": lambda i, n: F.elu(i[0]),
    "sin": lambda i, n: torch.sin(i[0]),
    "cos": lambda i, n: torch.cos(i[0]),
    "square": lambda i, n: torch.square(i[0]),
    "outer": lambda i, n: torch.outer(i[0], i[1]),
    "norm": lambda i, n: torch.linalg.vector_norm(i[0]),
    "bce_with_logits": lambda i, n: F.binary_cross_entropy_with_logits(*torch.broadcast_tensors(i[0], i[1]), reduction="none"),
    "bce": lambda i, n: F.binary_cross_entropy(*torch.broadcast_tensors(i[0], i[1]), reduction="none"),
    "mse": lambda i, n: F.mse_loss(i[0], i[1], reduction="mean"),
    "stack": stack,
    "index": lambda i, n: index(i[0], n),
}


def tensor(x):
    return torch.tensor(x, dtype=torch.float64)


def rebuild(ev):
    """Torch tensors for every node, inputs and constants as leaves that require grad."""
    built = {}
    for node in ev["nodes"]:
        op = node["op"]
        if op in ("input", "const"):
            t = tensor(node["value"]).requires_grad_(True)
        else:
            fn = OPS.get(op)
            if fn is None:
                raise UnknownOp(f'op "{op}" (node {node["id"]}) is not in compare.py\'s OPS table: add its torch equivalent there')
            t = fn([built[j] for j in node["inputs"]], node)
            if t.requires_grad:
                t.retain_grad()
        if list(t.shape) != node["shape"]:
            raise AssertionError(f'node {node["id"]}: torch shape {list(t.shape)}, ours {node["shape"]}')
        built[node["id"]] = t
    return built


def worst(ours, theirs):
    """Largest per-element error and its flat index; NaN/inf on either side counts as infinite."""
    a = tensor(ours).reshape(-1)
    b = theirs.detach().reshape(-1)
    if a.numel() != b.numel():
        return math.inf, -1
    err = (a - b).abs() / torch.clamp(b.abs(), min=FLOOR)
    err = torch.where(torch.isfinite(err), err, torch.full_like(err, math.inf))
    k = int(torch.argmax(err)) if err.numel() else 0
    return (float(err[k]) if err.numel() else 0.0), k


def compare(ev):
    """(nodes compared, worst error, node id, what) for one graph: every node's value and gradient, and
    along every edge the local derivative and the downstream gradient (edges from the same input added
    for the latter, as autograd adds them)."""
    built = rebuild(ev)
    out = built[ev["output"]]
    out.backward(torch.ones_like(out))
    found = (0.0, ev["output"], "value")
    for node in ev["nodes"]:
        t = built[node["id"]]
        e, _ = worst(node["value"], t)
        if e > found[0]:
            found = (e, node["id"], "value")
        if node["grad"] is not None:  # null: no derivative with respect to a constant here (README, note 2)
            g = t.grad if t.grad is not None else torch.zeros_like(t)
            e, _ = worst(node["grad"], g)
            if e > found[0]:
                found = (e, node["id"], "grad")
        e, where = downstream_error(node, t, built)
        if e > found[0]:
            found = (e, node["id"], f"downstream to {where}")
        e, where = local_error(node, built)
        if e > found[0]:
            found = (e, node["id"], f"local from {where}")
    worst_err, where, what = found
    return len(ev["nodes"]), worst_err, where, what


def local_error(node, built):
    """Largest error of the node's local derivatives (elementwise, shaped like the node): each input is
    broadcast to the node's shape first, so d(sum y)/d(input copy) is dy_k/d(input at k), edge by edge."""
    if all(e["local"] is None for e in node["edges"]):
        return 0.0, None
    shape = node["shape"]
    # An input larger than the node (a [k] logit vector into a scalar loss, next to its scalar label whose
    # edge has a 1x1 local derivative) has no elementwise local derivative and is taken as it is.
    copies = [
        (t.detach().broadcast_to(shape) if t.numel() <= math.prod(shape) else t.detach()).clone().requires_grad_(True)
        for t in (built[j] for j in node["inputs"])
    ]
    y = OPS[node["op"]](copies, node)
    grads = torch.autograd.grad(y.sum(), copies, allow_unused=True)
    worst_err, where = 0.0, None
    for edge, copy, g in zip(node["edges"], copies, grads):
        if edge["local"] is None:
            continue
        e, _ = worst(edge["local"], g if g is not None else torch.zeros_like(copy))
        if e > worst_err:
            worst_err, where = e, edge["from"]
    return worst_err, where


def downstream_error(node, t, built):
    """Largest error of the node's downstream gradients against torch's vector-Jacobian product of the
    node's own operation, recomputed on detached copies of its inputs (so only this edge counts)."""
    if node["op"] in ("input", "const") or not node["edges"]:
        return 0.0, None
    sources = list(dict.fromkeys(node["inputs"]))
    local = {s: built[s].detach().clone().requires_grad_(True) for s in sources}
    y = OPS[node["op"]]([local[j] for j in node["inputs"]], node)
    if not y.requires_grad:
        return 0.0, None
    upstream = t.grad if t.grad is not None else torch.zeros_like(t)
    vjps = torch.autograd.grad(y, [local[s] for s in sources], grad_outputs=upstream, allow_unused=True)
    worst_err, where = 0.0, None
    for source, vjp in zip(sources, vjps):
        ours = [e["downstream"] for e in node["edges"] if e["from"] == source]
        if not ours or any(d is None for d in ours):
            continue  # null: no derivative with respect to a constant here (README, note 2)
        total = sum(tensor(d) for d in ours)
        e, _ = worst(total.tolist(), vjp if vjp is not None else torch.zeros_like(local[source]))
        if e > worst_err:
            worst_err, where = e, source
    return worst_err, where


def main():
    graphs = nodes = 0
    overall = (0.0, None, None, None)
    failures = []
    ops = {}
    for lineno, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        item = json.loads(line)
        name = item["name"]
        try:
            n, err, node, what = compare(item["eval"])
        except UnknownOp as e:
            failures.append(f"{name}: unknown op: {e}")
            continue
        except Exception as e:  # a shape disagreement, a torch error: both are findings
            failures.append(f"{name}: {type(e).__name__}: {e}")
            continue
        graphs += 1
        nodes += n
        for entry in item["eval"]["nodes"]:
            ops[entry["op"]] = ops.get(entry["op"], 0) + 1
        if err > overall[0] or overall[1] is None:
            overall = (err, name, node, what)
        if not err <= TOLERANCE:
            failures.append(f"{name}: node {node} ({what}) differs from torch by {err:.3g} (relative, floor {FLOOR})\n{item['source']}")
    err, name, node, what = overall
    print(f"compared {graphs} graphs ({nodes} nodes), worst relative error {err:.3g} (graph {name}, node {node}, {what})")
    print(f"tolerance {TOLERANCE:g} relative, absolute floor {FLOOR:g}; torch {torch.__version__}, float64")
    print("nodes per op: " + ", ".join(f"{op} {count}" for op, count in sorted(ops.items())))
    for f in failures[:20]:
        print("FAIL", f, file=sys.stderr)
    if failures:
        print(f"{len(failures)} graph(s) failed", file=sys.stderr)
        return 1
    if graphs == 0:
        print("no graph was compared: is the input empty?", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
