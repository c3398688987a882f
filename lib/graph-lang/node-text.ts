/**
 * The nodes of a program as text, for messages that name a node to a student: which expression each
 * node id stands for (the same ids the compiler gives: the assignment's name for its top node,
 * `name.k` in post-order for the others, `name#k` for earlier bindings of a reassigned name), and that expression written back out with only the
 * parentheses it needs ("(x1 + x2) / 2", whatever spacing the source used).
 */
import type { Assignment, BinaryOperator, Expr, IndexEntry, Program } from "./ast";
import { assignmentIds } from "./bindings";
import { callArguments } from "./functions";

export interface NodeExpression {
  /** The assignment the node belongs to. */
  readonly statement: Assignment;
  readonly expr: Expr;
  /** Whether it depends on an input of the program (directly or through earlier assignments). */
  readonly dependsOnInput: boolean;
}

/**
 * Every node an assignment creates, by id, in the compiler's order. Names used in an expression
 * create no node of their own, so they have no entry here (inputs are not listed either).
 */
export function nodeExpressions(program: Program): Map<string, NodeExpression> {
  const out = new Map<string, NodeExpression>();
  const live = new Set(program.statements.flatMap((s) => (s.kind === "input" ? s.decls.map((d) => d.name) : [])));
  const ids = assignmentIds(program);
  for (const statement of program.statements) {
    if (statement.kind !== "assign") continue;
    const rootId = ids.get(statement)!;
    // Post-order with an explicit stack, as the compiler walks it; `usesInput` per expression.
    let counter = 0;
    const below: boolean[] = [];
    const stack: Array<{ expr: Expr; expanded: boolean }> = [{ expr: statement.expr, expanded: false }];
    while (stack.length > 0) {
      const frame = stack.pop()!;
      const children = childrenOf(frame.expr);
      if (!frame.expanded && children.length > 0) {
        stack.push({ expr: frame.expr, expanded: true });
        for (let i = children.length - 1; i >= 0; i--) stack.push({ expr: children[i]!, expanded: false });
        continue;
      }
      if (frame.expr.kind === "name") {
        below.push(live.has(frame.expr.name));
        continue;
      }
      const dependsOnInput = below.splice(below.length - children.length, children.length).some(Boolean);
      const id = frame.expr === statement.expr ? rootId : `${rootId}.${++counter}`;
      out.set(id, { statement, expr: frame.expr, dependsOnInput });
      below.push(dependsOnInput);
    }
    // The name now refers to this binding (a rebinding may stop depending on the inputs).
    if (out.get(rootId)?.dependsOnInput) live.add(statement.name);
    else live.delete(statement.name);
  }
  return out;
}

function childrenOf(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case "neg":
      return [expr.operand];
    case "binary":
      return [expr.left, expr.right];
    case "call":
      return callArguments(expr);
    case "index":
      return [expr.target];
    case "array":
      return expr.elements;
    default:
      return [];
  }
}

/** Binding strength, loosest first, as in the parser: + - < * / @ < unary - < ^ < everything else. */
const PRECEDENCE: Record<BinaryOperator, number> = { "+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "^": 4 };
const NEG = 3;
const ATOM = 5;

function precedenceOf(e: Expr): number {
  if (e.kind === "binary") return PRECEDENCE[e.op];
  if (e.kind === "neg") return NEG;
  // A negative number behaves like a negation next to `^` (-2 ^ 2 is -(2 ^ 2)).
  if (e.kind === "literal" && e.text.startsWith("-")) return NEG;
  return ATOM;
}

/** The expression as text, with the parentheses its meaning needs and single spaces around operators. */
export function formatExpr(root: Expr): string {
  // Deep chains (a + b + c + ... over thousands of terms) must not recurse: build the text with a stack.
  const done = new Map<Expr, string>();
  const stack: Array<{ expr: Expr; expanded: boolean }> = [{ expr: root, expanded: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { expr } = frame;
    const children = childrenOf(expr);
    if (!frame.expanded && children.length > 0) {
      stack.push({ expr, expanded: true });
      for (const c of children) stack.push({ expr: c, expanded: false });
      continue;
    }
    const text = (e: Expr) => done.get(e)!;
    const wrapped = (e: Expr, needs: boolean) => (needs ? `(${text(e)})` : text(e));
    let out: string;
    switch (expr.kind) {
      case "literal":
        out = expr.text.replace(/\s+/g, " ");
        break;
      case "name":
        out = expr.name;
        break;
      case "call":
        out = `${expr.callee}(${[...expr.args.map(text), ...(expr.keywords ?? []).map((k) => `${k.name}=${k.value}`)].join(", ")})`;
        break;
      case "index":
        out = `${wrapped(expr.target, precedenceOf(expr.target) < ATOM || expr.target.kind === "literal")}[${expr.entries.map(entryText).join(", ")}]`;
        break;
      case "array":
        out = `[${expr.elements.map(text).join(", ")}]`;
        break;
      case "neg":
        out = `-${wrapped(expr.operand, precedenceOf(expr.operand) <= NEG)}`;
        break;
      case "binary": {
        const p = PRECEDENCE[expr.op];
        const rightAssociative = expr.op === "^";
        const left = wrapped(expr.left, rightAssociative ? precedenceOf(expr.left) <= p : precedenceOf(expr.left) < p);
        // An exponent may be a power (a ^ b ^ c is a ^ (b ^ c)) or a signed number, and needs parentheses otherwise.
        const exponentBare = expr.right.kind === "literal" || (expr.right.kind === "binary" && expr.right.op === "^") || precedenceOf(expr.right) === ATOM;
        const right = wrapped(expr.right, rightAssociative ? !exponentBare : precedenceOf(expr.right) <= p);
        out = `${left} ${expr.op} ${right}`;
        break;
      }
    }
    done.set(expr, out);
  }
  return done.get(root)!;
}

function entryText(e: IndexEntry): string {
  return e.kind === "pick" ? String(e.value) : `${e.start ?? ""}:${e.stop ?? ""}`;
}

/** An assignment as text: `m = (x1 + x2) / 2`. */
export function formatAssignment(statement: Assignment): string {
  return `${statement.name} = ${formatExpr(statement.expr)}`;
}
