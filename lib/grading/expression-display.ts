/**
 * How a formula was read, shown back to the student before they submit (as STACK's validation step
 * does): typeset with KaTeX from `toLatex`, and as plain text from `readAsText`, with every
 * multiplication written out and every grouping the parser applied made visible: `-2^2` shows as
 * `-(2^2)`, `2^3^2` as `2^(3^2)`, `log(x)` as `ln(x)` (log is natural here).
 *
 * Both print the tree exactly as parsed. Parentheses appear where the tree's grouping differs from
 * what reading the text left to right with the usual precedence would give, plus a few for clarity
 * (around a negative operand, a power's base, a power under a minus sign); `readAsText` output is
 * itself an answer text that parses back to the same tree.
 */
import { getOperation, isOpName } from "../autograd";
import { type AnswerExpr, multiFunctionCall } from "./answer-language";

type Call = Extract<AnswerExpr, { kind: "call" }>;

/** Binding strength: sums 1, products 2, unary minus 3, powers 4, atoms 5. */
function precedence(e: AnswerExpr): number {
  switch (e.kind) {
    case "binary":
      return e.op === "+" || e.op === "-" ? 1 : e.op === "^" ? 4 : 2;
    case "negate":
      return 3;
    default:
      return 5;
  }
}

type Binary = Extract<AnswerExpr, { kind: "binary" }>;

/**
 * A left-deep chain of operators of one level (`a - b + c`, `a * b / c`) as its first operand and the
 * steps after it. Such chains are as long as the text allows (thousands of terms), so printers walk
 * them in a loop; every other nesting is bounded by the parser's depth limit.
 */
function chainOf(e: Binary): { first: AnswerExpr; steps: { op: Binary["op"]; right: AnswerExpr }[] } {
  const level = precedence(e);
  const steps: { op: Binary["op"]; right: AnswerExpr }[] = [];
  let node: AnswerExpr = e;
  while (node.kind === "binary" && node.op !== "^" && precedence(node) === level) {
    steps.push({ op: node.op, right: node.right });
    node = node.left;
  }
  return { first: node, steps: steps.reverse() };
}

// --- plain text ---------------------------------------------------------------------------------

/** Shortest text that reads back as the same float64. */
function numberText(x: number): string {
  return String(x);
}

/** The natural log is shown as `ln` however it was typed. */
function functionName(fn: Call["fn"]): string {
  return fn === "log" ? "ln" : fn;
}

/** The formula as it was read, as an answer text: `y11 * ln(2)`, `e^(x) / (e^(x) + e^(y))`. */
export function readAsText(e: AnswerExpr): string {
  const paren = (s: string) => `(${s})`;
  switch (e.kind) {
    case "number":
      return numberText(e.value);
    case "constant":
    case "variable":
      return e.name;
    case "negate": {
      const inner = readAsText(e.operand);
      return `-${precedence(e.operand) < 5 ? paren(inner) : inner}`;
    }
    case "binary": {
      if (e.op === "^") {
        const base = precedence(e.left) < 5 ? paren(readAsText(e.left)) : readAsText(e.left);
        const exponent = e.right.kind === "number" ? readAsText(e.right) : paren(readAsText(e.right));
        return `${base}^${exponent}`;
      }
      const level = precedence(e);
      const { first, steps } = chainOf(e);
      let text = precedence(first) < level ? paren(readAsText(first)) : readAsText(first);
      for (const { op, right } of steps) {
        const r = readAsText(right);
        text += ` ${op} ${precedence(right) <= level || right.kind === "negate" ? paren(r) : r}`;
      }
      return text;
    }
    case "call":
      return `${functionName(e.fn)}(${e.args.map(readAsText).join(", ")})`;
    case "array":
      return `[${e.items.map(readAsText).join(", ")}]`;
  }
}

// --- LaTeX --------------------------------------------------------------------------------------

const GREEK = new Set([
  "alpha",
  "beta",
  "gamma",
  "delta",
  "epsilon",
  "zeta",
  "eta",
  "theta",
  "iota",
  "kappa",
  "lambda",
  "mu",
  "nu",
  "xi",
  "rho",
  "sigma",
  "tau",
  "upsilon",
  "phi",
  "chi",
  "psi",
  "omega",
  "Gamma",
  "Delta",
  "Theta",
  "Lambda",
  "Xi",
  "Pi",
  "Sigma",
  "Upsilon",
  "Phi",
  "Psi",
  "Omega",
]);

function symbol(name: string): string {
  if (name.length === 1) return name;
  if (GREEK.has(name)) return `\\${name}`;
  return `\\mathrm{${name.replace(/_/g, "\\_")}}`;
}

/** `y11` → y_{11}, `x_1` → x_{1}, `w_out` → w_{\mathrm{out}}, `alpha2` → \alpha_{2}. */
export function variableLatex(name: string): string {
  const digits = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (digits) return `${symbol(digits[1]!)}_{${digits[2]}}`;
  const sub = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(name);
  if (sub) return `${symbol(sub[1]!)}_{${symbol(sub[2]!)}}`;
  return symbol(name);
}

function numberLatex(x: number): string {
  const text = numberText(x);
  const sci = /^(.*)e([+-])(\d+)$/.exec(text);
  if (!sci) return text;
  return `${sci[1]} \\times 10^{${sci[2] === "-" ? "-" : ""}${sci[3]}}`;
}

/** The functions that are engine operations take their LaTeX from the op registry. */
const OP_OF: Partial<Record<Call["fn"], string>> = { exp: "exp", ln: "log", log: "log", sqrt: "sqrt", abs: "abs", tanh: "tanh", sigmoid: "sigmoid" };

function callLatex(fn: Call["fn"], args: readonly string[]): string {
  // Functions of several arguments (max, clip, leaky_relu, ...) are the graph language's, defaults filled in.
  const multi = multiFunctionCall(fn, args.length);
  if (multi !== null) return getOperation(multi.op).latex([...args, ...multi.defaults.map(numberLatex)]);
  // The functions the answer language takes from the registry (relu, softplus, ...) are ops of the same name.
  const op = OP_OF[fn] ?? (isOpName(fn) ? fn : undefined);
  if (op !== undefined) return getOperation(op).latex(args);
  const base = fn === "log10" ? "10" : "2";
  return `\\log_{${base}}\\left(${args[0]!}\\right)`;
}

/** Visually closed: needs no parentheses as an operand (a fraction, a root, an absolute value). */
function closedInLatex(e: AnswerExpr): boolean {
  if (e.kind === "number") return !numberText(e.value).includes("e");
  if (e.kind === "binary") return e.op === "/";
  if (e.kind === "call") return e.fn === "sqrt" || e.fn === "abs";
  return e.kind === "constant" || e.kind === "variable" || e.kind === "array";
}

/** The formula typeset for KaTeX: `\frac` for division, `\cdot` for products, subscripts for y11. */
export function toLatex(e: AnswerExpr): string {
  const paren = (s: string) => `\\left(${s}\\right)`;
  switch (e.kind) {
    case "number":
      return numberLatex(e.value);
    case "constant":
      return e.name === "pi" ? "\\pi" : e.name;
    case "variable":
      return variableLatex(e.name);
    case "negate": {
      const inner = toLatex(e.operand);
      const wrap = precedence(e.operand) === 1 || e.operand.kind === "negate";
      return getOperation("neg").latex([wrap ? paren(inner) : inner]);
    }
    case "binary": {
      if (e.op === "^") {
        const left = toLatex(e.left);
        const base = closedInLatex(e.left) && e.left.kind !== "binary" && e.left.kind !== "call" ? left : paren(left);
        return getOperation("pow").latex([base, toLatex(e.right)]);
      }
      const { first, steps } = chainOf(e);
      const sum = precedence(e) === 1;
      let tex = toLatex(first);
      if (!sum && precedence(first) < 2 && steps[0]!.op === "*") tex = paren(tex); // a fraction's bar groups by itself
      for (const { op, right } of steps) {
        const r = toLatex(right);
        if (op === "/") tex = getOperation("div").latex([tex, r]);
        else if (op === "*")
          tex = getOperation("mul").latex([tex, (precedence(right) <= 2 && !closedInLatex(right)) || right.kind === "negate" ? paren(r) : r]);
        else tex = getOperation(op === "+" ? "add" : "sub").latex([tex, precedence(right) <= 1 || right.kind === "negate" ? paren(r) : r]);
      }
      return tex;
    }
    case "call":
      return callLatex(e.fn, e.args.map(toLatex));
    case "array": {
      const rows = e.items.every((item) => item.kind === "array") ? e.items.map((row) => row.items) : [e.items];
      return `\\begin{bmatrix} ${rows.map((row) => row.map(toLatex).join(" & ")).join(" \\\\ ")} \\end{bmatrix}`;
    }
  }
}

// --- numbers in messages ------------------------------------------------------------------------

/** A number to at most `digits` significant figures, as short as possible: 0.5514, 3, -1.2e-7. */
export function shortNumber(x: number, digits = 4): string {
  const rounded = Number(x.toPrecision(digits));
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

/** A value (number, vector, matrix) to at most `digits` significant figures: `[0.5, -1.333]`. */
export function shortValue(v: unknown, digits = 4): string {
  if (typeof v === "number") return shortNumber(v, digits);
  if (Array.isArray(v)) return `[${v.map((x) => shortValue(x, digits)).join(", ")}]`;
  return String(v);
}

/**
 * Two different values as short as possible but still visibly different: to 4 significant figures,
 * or to more (up to 12) when they agree that far (1/x and 1/x + 1e-5 at a random point).
 */
export function distinctValues(a: unknown, b: unknown): [string, string] {
  for (let digits = 4; digits < 12; digits++) {
    const pair: [string, string] = [shortValue(a, digits), shortValue(b, digits)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [shortValue(a, 12), shortValue(b, 12)];
}
