/**
 * The graphs of the labelled corpus: the seed homework's two problems, eleven more that students meet
 * in a first deep-learning course, and micrograd's README example, each with the mistakes that come
 * naturally on it.
 */
export type Scenario =
  | "local-not-chained"
  | "missing-fanout-sum"
  | "upstream-downstream-swapped"
  | "value-for-gradient"
  | "mul-inputs-swapped"
  | "missing-one-over-n"
  | "sign-flip"
  | "wrong-log-base"
  | "mean-vs-sum"
  | "no-softmax"
  | "transposed"
  | "early-rounding";

export interface CorpusGraph {
  readonly name: string;
  readonly source: string;
  /** Mistakes to inject on this graph (the structural ones are tried wherever they make sense). */
  readonly mistakes: readonly Scenario[];
  /** Answer texts for the output value that a student might type as an expression. */
  readonly expressions?: readonly string[];
  /** A problem's own mistake: the same graph with one change, and its code. */
  readonly alternative?: { readonly code: string; readonly source: string; readonly en: string };
}

const STD = (x1: number, x2: number, divisor: number) => `# standard deviation of two samples
input x1 = ${x1}, x2 = ${x2}
m = (x1 + x2) / 2
a = (x1 - m) ^ 2
b = (x2 - m) ^ 2
v = (a + b) / ${divisor}
s = sqrt(v)
`;

const CE_SEED = `input Y[3,3] = [[0.65,0.43,0.11],[0.05,0.51,0.18],[0.33,0.21,0.72]]
T = [[1,0,0],[0,1,0],[0,0,1]]
L = sum(cross_entropy(Y, T))
`;

export const CORPUS_GRAPHS: readonly CorpusGraph[] = [
  {
    name: "std-seed",
    source: STD(-1, 3, 2),
    mistakes: ["local-not-chained", "missing-fanout-sum", "sign-flip", "value-for-gradient", "missing-one-over-n"],
    expressions: ["sqrt(((-1-1)^2+(3-1)^2)/2)", "2"],
    alternative: {
      code: "sample-vs-population",
      source: STD(-1, 3, 1),
      en: "This divides by N − 1 (the sample standard deviation); the problem asks for the population one (divide by N).",
    },
  },
  {
    name: "std-decimal",
    source: STD(0.7, 2.45, 2),
    mistakes: ["local-not-chained", "missing-fanout-sum", "sign-flip", "early-rounding", "missing-one-over-n"],
    alternative: {
      code: "sample-vs-population",
      source: STD(0.7, 2.45, 1),
      en: "This divides by N − 1 (the sample standard deviation); the problem asks for the population one (divide by N).",
    },
  },
  {
    name: "ce-seed",
    source: CE_SEED,
    mistakes: ["wrong-log-base", "mean-vs-sum", "no-softmax", "sign-flip", "early-rounding", "transposed"],
    expressions: ["-ln(e^0.65/(e^0.65+e^0.43+e^0.11)) - ln(e^0.51/(e^0.05+e^0.51+e^0.18)) - ln(e^0.72/(e^0.33+e^0.21+e^0.72))", "2.54692"],
  },
  {
    name: "ce-mean",
    source: `input Z[2,3] = [[1.2,-0.4,0.3],[0.1,0.9,-1.5]]
T = [[0,0,1],[0,1,0]]
L = mean(cross_entropy(Z, T))
`,
    mistakes: ["wrong-log-base", "mean-vs-sum", "no-softmax", "sign-flip", "early-rounding", "missing-one-over-n"],
  },
  {
    name: "neuron",
    source: `input x = 1.5, w = -0.8, b = 0.3, t = 1
z = w * x + b
y = sigmoid(z)
L = (y - t) ^ 2
`,
    mistakes: ["local-not-chained", "upstream-downstream-swapped", "sign-flip", "early-rounding", "value-for-gradient", "mul-inputs-swapped"],
  },
  {
    name: "bce",
    source: `input z = 0.4, t = 0.7
p = sigmoid(z)
L = -(t * log(p) + (1 - t) * log(1 - p))
`,
    mistakes: ["local-not-chained", "missing-fanout-sum", "wrong-log-base", "sign-flip", "early-rounding", "mul-inputs-swapped"],
  },
  {
    name: "tanh-chain",
    source: `input x = 0.5, w1 = 1.2, w2 = -0.7, y = 0.3
h = tanh(w1 * x)
o = w2 * h
L = (o - y) ^ 2 / 2
`,
    mistakes: ["local-not-chained", "upstream-downstream-swapped", "sign-flip", "early-rounding", "value-for-gradient", "mul-inputs-swapped"],
  },
  {
    name: "fanout",
    source: `input x = 0.7, y = -1.3
f = x * y + exp(x) * y
`,
    mistakes: ["local-not-chained", "missing-fanout-sum", "sign-flip", "early-rounding", "value-for-gradient", "mul-inputs-swapped"],
  },
  {
    name: "logsumexp",
    source: `input a = 0.2, b = 1.1
L = log(exp(a) + exp(b)) - a
`,
    mistakes: ["missing-fanout-sum", "wrong-log-base", "sign-flip", "early-rounding"],
  },
  {
    name: "mse-vector",
    source: `input W[2,2] = [[0.5,-0.3],[0.8,0.1]], x[2] = [1,2], y[2] = [0.2,0.4]
r = W @ x - y
L = mean(r * r)
`,
    mistakes: ["mean-vs-sum", "sign-flip", "early-rounding", "transposed", "missing-one-over-n"],
  },
  {
    name: "softmax-vector",
    source: `input z[3] = [1.0,0.2,0.5]
p = softmax(z)
L = -log(dot(p, [0,1,0]))
`,
    mistakes: ["no-softmax", "wrong-log-base", "sign-flip", "early-rounding"],
  },
  {
    name: "relu-mlp",
    source: `input x[2] = [0.5,-1.2], W1[2,2] = [[1.0,-0.5],[0.3,0.8]], w2[2] = [0.7,-1.1], t = 0.5
h = relu(W1 @ x)
y = dot(w2, h)
L = (y - t) ^ 2
`,
    mistakes: ["local-not-chained", "sign-flip", "early-rounding", "transposed"],
  },
  {
    name: "ce-l2",
    source: `input X[2,2] = [[0.5,1.0],[-0.3,0.8]], W[2,3] = [[0.2,-0.1,0.4],[0.3,0.5,-0.2]]
T = [[1,0,0],[0,0,1]]
L = sum(cross_entropy(X @ W, T)) + 0.1 * sum(W * W)
`,
    mistakes: ["wrong-log-base", "mean-vs-sum", "sign-flip", "early-rounding", "transposed"],
  },
  {
    // micrograd's README example (karpathy/micrograd), with fresh names for its reassignments and ^ for
    // **: dg/da = 138.8338, dg/db = 645.5773. c, d, c2, d2 and f each feed two nodes.
    name: "micrograd",
    source: `input a = -4.0, b = 2.0
c = a + b
d = a * b + b ^ 3
c2 = c + (c + 1)
c3 = c2 + (1 + c2 + (-a))
d2 = d + (d * 2 + relu(b + a))
d3 = d2 + (3 * d2 + relu(b - a))
e = c3 - d3
f = e ^ 2
g1 = f / 2
g = g1 + 10 / f
`,
    mistakes: [
      "local-not-chained",
      "missing-fanout-sum",
      "upstream-downstream-swapped",
      "sign-flip",
      "early-rounding",
      "value-for-gradient",
      "mul-inputs-swapped",
    ],
  },
];
